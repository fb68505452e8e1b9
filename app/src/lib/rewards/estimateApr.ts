export const SECONDS_PER_YEAR = 365 * 24 * 3600;

export type AprSchedule = { epochLength: number; decayBps: number; currentEmission: bigint };

/**
 * HRTH emitted over the next year by the on-chain schedule: each epoch emits the previous one's emission ×
 * decayBps / 10,000, starting from the current epoch's. A geometric sum, computed in floating point (an
 * estimate, shown rounded).
 */
export function emissionsNextYear(schedule: AprSchedule): number {
  const epochs = SECONDS_PER_YEAR / schedule.epochLength;
  const first = Number(schedule.currentEmission) / 1e18;
  const r = schedule.decayBps / 10_000;
  if (r >= 1) return first * epochs;
  return (first * (1 - r ** epochs)) / (1 - r);
}

/**
 * Annual reward rate of a stake: (share of the work points × next year's emissions) / stake. Null without
 * stake. `share` is the provider's share of recent epochs' points; 1 for the whole network.
 */
export function estimateApr(schedule: AprSchedule, share: number, stakeWei: bigint): number | null {
  if (stakeWei <= 0n) return null;
  const stake = Number(stakeWei) / 1e18;
  return (emissionsNextYear(schedule) * share) / stake;
}
