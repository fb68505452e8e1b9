/**
 * Provider reputation, computed from indexed events. The formula (also in indexer/README.md):
 *
 *   Outcomes are weighted by recency: an outcome t seconds old weighs 2^(-t / HALF_LIFE) (30 days).
 *     S = weighted jobs completed (finalized, disputes won included)
 *     E = weighted jobs expired after the provider claimed them
 *     D = weighted disputes lost (its result was judged wrong)
 *   n           = S + E + DISPUTE_LOSS_WEIGHT x D          (a lost dispute counts as 5 failed jobs)
 *   reliability = Wilson score lower bound of S / n at 95% confidence (z = 1.96); 0 when n = 0
 *   timeliness  = 1 - 0.25 x (mean share of the job's time, claim to deadline, used before attesting)
 *   stake       = 0.75 + 0.25 x min(1, bonded / (10 x minStake))
 *   score       = 100 x reliability x timeliness x stake
 *
 * Released jobs (given back before the deadline) are counted per provider but are not outcomes: the provider pays a
 * time-proportional share of its collateral instead, and a requester's job that overruns its own limits would
 * otherwise count against honest providers.
 *
 * The confidence bound is what keeps 2 perfect jobs (reliability 0.34) below 2,000 jobs at 99% (0.985); the
 * decay makes an old record count as fewer jobs, so the bound widens as a provider goes quiet.
 */
export const REPUTATION_HALF_LIFE_SECONDS = 30 * 24 * 3600;
export const REPUTATION_Z = 1.96;
export const DISPUTE_LOSS_WEIGHT = 5;
export const TIMELINESS_WEIGHT = 0.25;
export const STAKE_WEIGHT = 0.25;
export const STAKE_SATURATION_MULTIPLE = 10n;

/** Recency-weighted outcome counts, each decayed to `anchor` (unix seconds). Stored per provider. */
export type OutcomeWeights = {
  successWeight: number;
  expiryWeight: number;
  disputeLossWeight: number;
  decayAnchor: bigint;
};

export type Outcome = "success" | "expiry" | "disputeLoss";

/** Decays the weights from their anchor to `now` (never forwards in time). */
export function decayWeights(weights: OutcomeWeights, now: bigint): OutcomeWeights {
  const factor =
    now <= weights.decayAnchor ? 1 : 2 ** (-Number(now - weights.decayAnchor) / REPUTATION_HALF_LIFE_SECONDS);
  return {
    successWeight: weights.successWeight * factor,
    expiryWeight: weights.expiryWeight * factor,
    disputeLossWeight: weights.disputeLossWeight * factor,
    decayAnchor: now > weights.decayAnchor ? now : weights.decayAnchor,
  };
}

/** The weights after one more outcome at `timestamp` (events arrive in chain order). */
export function addOutcome(weights: OutcomeWeights, outcome: Outcome, timestamp: bigint): OutcomeWeights {
  const decayed = decayWeights(weights, timestamp);
  return {
    ...decayed,
    successWeight: decayed.successWeight + (outcome === "success" ? 1 : 0),
    expiryWeight: decayed.expiryWeight + (outcome === "expiry" ? 1 : 0),
    disputeLossWeight: decayed.disputeLossWeight + (outcome === "disputeLoss" ? 1 : 0),
  };
}

/** Lower bound of the Wilson score interval for `successes` out of `total` trials (non-integer counts allowed). */
export function wilsonLowerBound(successes: number, total: number, z = REPUTATION_Z): number {
  if (total <= 0) return 0;
  const p = Math.min(1, Math.max(0, successes / total));
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}

export type ReputationInput = OutcomeWeights & {
  jobsCompleted: number;
  jobsExpired: number;
  disputesLost: number;
  latencySum: bigint;
  latencyCount: number;
  latencyShareSum: number;
  bonded: bigint;
};

/** The score and every part of it, so the app can explain it. */
export type Reputation = {
  score: number;
  reliability: number;
  timeliness: number;
  stake: number;
  /** completed / (completed + expired + disputes lost), unweighted; null before any outcome. */
  successRate: number | null;
  /** Recency-weighted outcomes as of `now`. */
  weighted: { completed: number; expired: number; disputesLost: number; effectiveJobs: number };
  /** Share of the provider's outcomes that still counts after decay (1 = all recent). */
  recency: number | null;
  meanLatencySeconds: number | null;
  meanLatencyShare: number | null;
};

export function computeReputation(input: ReputationInput, now: bigint, minStake: bigint): Reputation {
  const w = decayWeights(input, now);
  const failures = w.expiryWeight + DISPUTE_LOSS_WEIGHT * w.disputeLossWeight;
  const effectiveJobs = w.successWeight + failures;
  const reliability = wilsonLowerBound(w.successWeight, effectiveJobs);
  const meanLatencyShare = input.latencyCount > 0 ? Math.min(1, input.latencyShareSum / input.latencyCount) : null;
  const timeliness = 1 - TIMELINESS_WEIGHT * (meanLatencyShare ?? 0);
  const saturation = minStake * STAKE_SATURATION_MULTIPLE;
  const stakeRatio = saturation > 0n ? Math.min(1, Number((input.bonded * 1_000_000n) / saturation) / 1_000_000) : 1;
  const stake = 1 - STAKE_WEIGHT + STAKE_WEIGHT * stakeRatio;
  const outcomes = input.jobsCompleted + input.jobsExpired + input.disputesLost;
  const rawWeight = input.jobsCompleted + input.jobsExpired + DISPUTE_LOSS_WEIGHT * input.disputesLost;
  return {
    score: round(100 * reliability * timeliness * stake, 4),
    reliability: round(reliability, 6),
    timeliness: round(timeliness, 6),
    stake: round(stake, 6),
    successRate: outcomes > 0 ? round(input.jobsCompleted / outcomes, 6) : null,
    weighted: {
      completed: round(w.successWeight, 6),
      expired: round(w.expiryWeight, 6),
      disputesLost: round(w.disputeLossWeight, 6),
      effectiveJobs: round(effectiveJobs, 6),
    },
    recency: rawWeight > 0 ? round(Math.min(1, effectiveJobs / rawWeight), 6) : null,
    meanLatencySeconds: input.latencyCount > 0 ? round(Number(input.latencySum) / input.latencyCount, 3) : null,
    meanLatencyShare: meanLatencyShare === null ? null : round(meanLatencyShare, 6),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
