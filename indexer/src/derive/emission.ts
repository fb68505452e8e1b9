/** The rewards contract's immutable schedule (`RewardsDistributor` public immutables). */
export type RewardsSchedule = {
  genesisTime: bigint;
  epochLength: bigint;
  initialEmission: bigint;
  decayBps: bigint;
};

const WAD = 10n ** 18n;

/** `RewardsDistributor.emissionForEpoch`, with the same integer rounding: initialEmission x decay^epoch. */
export function emissionForEpoch(schedule: RewardsSchedule, epoch: bigint): bigint {
  return (schedule.initialEmission * rpow(schedule.decayBps * 10n ** 14n, epoch)) / WAD;
}

/** `RewardsDistributor.epochAt`. */
export function epochAt(schedule: RewardsSchedule, timestamp: bigint): bigint {
  if (timestamp < schedule.genesisTime) return 0n;
  return (timestamp - schedule.genesisTime) / schedule.epochLength;
}

/** A provider's share of an epoch's emission (`_share`): emission x points / epochPoints, rounded down. */
export function rewardShare(emission: bigint, points: bigint, epochPoints: bigint): bigint {
  if (epochPoints === 0n) return 0n;
  return (emission * points) / epochPoints;
}

/** x^n for a WAD-scaled x <= 1, by squaring, rounding as the contract does. */
function rpow(x: bigint, n: bigint): bigint {
  let z = n % 2n !== 0n ? x : WAD;
  for (n /= 2n; n !== 0n; n /= 2n) {
    x = (x * x) / WAD;
    if (n % 2n !== 0n) z = (z * x) / WAD;
  }
  return z;
}
