import type { IndexedEvent } from "@/lib/indexer/indexerTypes";

/** A claim its provider gave back before the deadline (`JobMarket.releaseJob`). */
export type JobRelease = {
  provider: string;
  /** When it was claimed, and the collateral the claim locked (null if the claim is not in the timeline). */
  claimedAt: number | null;
  collateral: string | null;
  releasedAt: number;
  /** HRTH wei of the collateral slashed and credited to the requester. */
  collateralSlashed: string;
};

/**
 * The claims a job's providers gave back, oldest first, read from its timeline: each `JobReleased` with the
 * `JobClaimed` before it. The job row itself only keeps the current claim.
 */
export function jobReleases(timeline: readonly IndexedEvent[]): JobRelease[] {
  const releases: JobRelease[] = [];
  let claim: IndexedEvent | undefined;
  for (const event of timeline) {
    if (event.contract !== "JobMarket") continue;
    if (event.name === "JobClaimed") claim = event;
    if (event.name !== "JobReleased") continue;
    releases.push({
      provider: String(event.args.provider).toLowerCase(),
      claimedAt: claim ? claim.timestamp : null,
      collateral: claim ? String(claim.args.collateral) : null,
      releasedAt: event.timestamp,
      collateralSlashed: String(event.args.collateralSlashed ?? "0"),
    });
    claim = undefined;
  }
  return releases;
}
