import type { Metadata } from "next";
import { ProvidersView } from "@/views/ProvidersView";

export const metadata: Metadata = { title: "Providers" };

export default function ProvidersPage() {
  return <ProvidersView />;
}
