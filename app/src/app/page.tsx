import type { Metadata } from "next";
import { NetworkView } from "@/views/NetworkView";

export const metadata: Metadata = { title: "Network" };

export default function NetworkPage() {
  return <NetworkView />;
}
