import type { Metadata } from "next";
import { ProviderView } from "@/views/ProviderView";

export const metadata: Metadata = { title: "Provider" };

export default async function ProviderPage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  return <ProviderView address={address} />;
}
