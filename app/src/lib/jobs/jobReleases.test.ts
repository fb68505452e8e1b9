import { describe, expect, it } from "vitest";
import type { IndexedEvent } from "@/lib/indexer/indexerTypes";
import { jobReleases } from "./jobReleases";

const P1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const P2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

const event = (name: string, timestamp: number, args: Record<string, unknown>, contract = "JobMarket"): IndexedEvent => ({
  contract,
  name,
  block: timestamp,
  timestamp,
  transactionHash: `0x${timestamp.toString(16).padStart(64, "0")}`,
  logIndex: 0,
  jobId: "9",
  account: null,
  args,
});

describe("jobReleases", () => {
  it("pairs each release with the claim before it, oldest first", () => {
    const releases = jobReleases([
      event("JobCreated", 100, { jobId: "9" }),
      event("JobClaimed", 110, { jobId: "9", provider: P1, collateral: "7500000000000000000" }),
      event("CollateralLocked", 110, { provider: P1 }, "ProviderStaking"),
      event("JobReleased", 150, { jobId: "9", provider: P1, collateralSlashed: "52500000000000000" }),
      event("JobClaimed", 160, { jobId: "9", provider: P2, collateral: "7500000000000000000" }),
      event("JobReleased", 170, { jobId: "9", provider: P2, collateralSlashed: "0" }),
      event("JobClaimed", 180, { jobId: "9", provider: P1, collateral: "7500000000000000000" }),
      event("JobFinalized", 300, { jobId: "9", provider: P1 }),
    ]);
    expect(releases).toEqual([
      { provider: P1.toLowerCase(), claimedAt: 110, collateral: "7500000000000000000", releasedAt: 150, collateralSlashed: "52500000000000000" },
      { provider: P2.toLowerCase(), claimedAt: 160, collateral: "7500000000000000000", releasedAt: 170, collateralSlashed: "0" },
    ]);
  });

  it("finds none in a job that was never given back", () => {
    expect(
      jobReleases([
        event("JobCreated", 100, { jobId: "9" }),
        event("JobClaimed", 110, { jobId: "9", provider: P1, collateral: "1" }),
        event("JobExpired", 700, { jobId: "9", provider: P1, refund: "5", collateralSlashed: "1" }),
      ]),
    ).toEqual([]);
  });
});
