import { describe, expect, test } from "vitest";
import {
  addOutcome,
  computeReputation,
  decayWeights,
  type OutcomeWeights,
  type ReputationInput,
  REPUTATION_HALF_LIFE_SECONDS,
  wilsonLowerBound,
} from "./reputation.ts";

const HRTH = 10n ** 18n;
const minStake = 100n * HRTH;
const t0 = 1_800_000_000n;

function provider(outcomes: Array<["success" | "expiry" | "disputeLoss", bigint]>, extra: Partial<ReputationInput> = {}): ReputationInput {
  let weights: OutcomeWeights = { successWeight: 0, expiryWeight: 0, disputeLossWeight: 0, decayAnchor: t0 };
  for (const [outcome, at] of outcomes) weights = addOutcome(weights, outcome, at);
  return {
    ...weights,
    jobsCompleted: outcomes.filter(([o]) => o === "success").length,
    jobsExpired: outcomes.filter(([o]) => o === "expiry").length,
    disputesLost: outcomes.filter(([o]) => o === "disputeLoss").length,
    latencySum: 0n,
    latencyCount: 0,
    latencyShareSum: 0,
    bonded: 10n * minStake,
    ...extra,
  };
}

const many = (n: number, outcome: "success" | "expiry" | "disputeLoss", at = t0) =>
  Array.from({ length: n }, () => [outcome, at] as ["success" | "expiry" | "disputeLoss", bigint]);

describe("wilsonLowerBound", () => {
  test("matches the textbook values", () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(2, 2)).toBeCloseTo(0.3424, 4);
    expect(wilsonLowerBound(1980, 2000)).toBeCloseTo(0.9845, 3);
    expect(wilsonLowerBound(50, 100)).toBeCloseTo(0.4038, 4);
  });
});

describe("computeReputation", () => {
  test("two perfect jobs cannot outrank two thousand at 99%", () => {
    const few = computeReputation(provider(many(2, "success")), t0, minStake);
    const lots = computeReputation(provider([...many(1980, "success"), ...many(20, "expiry")]), t0, minStake);
    expect(few.successRate).toBe(1);
    expect(lots.successRate).toBe(0.99);
    expect(lots.score).toBeGreaterThan(few.score);
    expect(lots.score).toBeGreaterThan(2 * few.score);
  });

  test("a lost dispute weighs like five failed jobs", () => {
    const expired = computeReputation(provider([...many(100, "success"), ...many(5, "expiry")]), t0, minStake);
    const cheated = computeReputation(provider([...many(100, "success"), ...many(1, "disputeLoss")]), t0, minStake);
    expect(cheated.reliability).toBeCloseTo(expired.reliability, 6);
    const once = computeReputation(provider([...many(100, "success"), ...many(1, "expiry")]), t0, minStake);
    expect(cheated.score).toBeLessThan(once.score);
  });

  test("old outcomes count less: a quiet provider's bound widens", () => {
    const input = provider(many(1000, "success"));
    const now = computeReputation(input, t0, minStake);
    const later = computeReputation(input, t0 + BigInt(REPUTATION_HALF_LIFE_SECONDS) * 8n, minStake);
    expect(now.recency).toBe(1);
    expect(later.recency).toBeCloseTo(1 / 256, 6);
    expect(later.weighted.effectiveJobs).toBeCloseTo(1000 / 256, 4);
    expect(later.score).toBeLessThan(now.score);
    // A recent, smaller record now beats the stale larger one.
    const recent = computeReputation(provider(many(50, "success", t0 + BigInt(REPUTATION_HALF_LIFE_SECONDS) * 8n)), t0 + BigInt(REPUTATION_HALF_LIFE_SECONDS) * 8n, minStake);
    expect(recent.score).toBeGreaterThan(later.score);
  });

  test("decay is exact across anchors: adding later equals decaying the sum", () => {
    const half = BigInt(REPUTATION_HALF_LIFE_SECONDS);
    const step = addOutcome(addOutcome({ successWeight: 0, expiryWeight: 0, disputeLossWeight: 0, decayAnchor: t0 }, "success", t0), "success", t0 + half);
    expect(step.successWeight).toBeCloseTo(1.5, 12);
    expect(decayWeights(step, t0 + 2n * half).successWeight).toBeCloseTo(0.75, 12);
    // Never decays backwards.
    expect(decayWeights(step, t0).successWeight).toBeCloseTo(1.5, 12);
  });

  test("slow attestations and thin stake lower the score, with their parts exposed", () => {
    const fast = computeReputation(provider(many(100, "success"), { latencySum: 1000n, latencyCount: 100, latencyShareSum: 10 }), t0, minStake);
    const slow = computeReputation(provider(many(100, "success"), { latencySum: 40_000n, latencyCount: 100, latencyShareSum: 90 }), t0, minStake);
    expect(fast.timeliness).toBeCloseTo(0.975, 6);
    expect(slow.timeliness).toBeCloseTo(0.775, 6);
    expect(slow.meanLatencySeconds).toBe(400);
    expect(slow.score).toBeLessThan(fast.score);
    const thin = computeReputation(provider(many(100, "success"), { bonded: minStake }), t0, minStake);
    expect(thin.stake).toBeCloseTo(0.775, 6);
    expect(fast.stake).toBe(1);
    expect(fast.score).toBeCloseTo(100 * fast.reliability * fast.timeliness * fast.stake, 3);
  });

  test("no outcomes: zero score, null rates", () => {
    const none = computeReputation(provider([]), t0, minStake);
    expect(none).toMatchObject({ score: 0, reliability: 0, successRate: null, recency: null, meanLatencySeconds: null });
  });
});
