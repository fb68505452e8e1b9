import type { Metadata } from "next";
import { StakeView } from "@/views/StakeView";

export const metadata: Metadata = { title: "Stake" };

export default function StakePage() {
  return <StakeView />;
}
