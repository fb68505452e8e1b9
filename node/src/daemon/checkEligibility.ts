import type { Address } from "viem";
import type { JobStatus } from "@hearth/sdk/chain/jobStatus";

export type DeclineReason =
  | "not-open"
  | "not-target"
  | "token-not-accepted"
  | "price-too-low"
  | "deadline-too-close"
  | "not-eligible"
  | "spec-unavailable"
  | "spec-invalid"
  | "cannot-run";

/**
 * Everything the decision rests on. Facts that need a chain read or an IPFS fetch are optional: the
 * node checks the cheap terms first and gathers the rest only for a job that passes them.
 */
export type EligibilityFacts = {
  provider: Address;
  job: { target: Address | undefined; token: Address; price: bigint; deadline: bigint };
  /** Minimum price per accepted token (checksummed address). */
  minPrices: ReadonlyMap<Address, bigint>;
  /** Chain time (the latest block's timestamp), seconds. */
  now: bigint;
  /** Seconds kept free before the deadline to store, sign and submit a result. */
  deadlineMarginSeconds: number;
  /** From getJob. */
  status?: JobStatus | undefined;
  /** staking.isEligible(provider, requiredStake, maxCarbon): registered, not jailed, stake, carbon cap. */
  stakingEligible?: boolean | undefined;
  /** The spec fetched from IPFS and parsed. */
  spec?: { ok: true; maxWallMs: number } | { ok: false; reason: "spec-unavailable" | "spec-invalid"; message: string } | undefined;
  /** runtime.canRun(spec). */
  canRun?: { ok: true } | { ok: false; reason: string; message: string } | undefined;
};

export type EligibilityDecision =
  | { eligible: true; complete: boolean }
  /** `retry`: the job may become acceptable (the stake frees up, IPFS finds the spec), so look again later. */
  | { eligible: false; reason: DeclineReason; message: string; retry: boolean };

/**
 * Decides whether to claim a job from what is known. With only the job's terms it answers
 * `{ eligible: true, complete: false }` when those pass; the node then gathers the chain and IPFS facts
 * and asks again. A job is claimed only on `complete: true`.
 */
export function checkEligibility(facts: EligibilityFacts): EligibilityDecision {
  const { job, now } = facts;
  const decline = (reason: DeclineReason, message: string, retry = false): EligibilityDecision => ({ eligible: false, reason, message, retry });

  if (facts.status !== undefined && facts.status !== "open") return decline("not-open", `the job is ${facts.status}`);
  if (job.target !== undefined && job.target.toLowerCase() !== facts.provider.toLowerCase())
    return decline("not-target", `the requester named provider ${job.target}`);
  const minPrice = [...facts.minPrices].find(([token]) => token.toLowerCase() === job.token.toLowerCase())?.[1];
  if (minPrice === undefined) return decline("token-not-accepted", `payment token ${job.token} is not in pricing.minPrice`);
  if (job.price < minPrice) return decline("price-too-low", `price ${job.price} is under the minimum ${minPrice}`);
  const margin = BigInt(facts.deadlineMarginSeconds);
  if (job.deadline <= now + margin)
    return decline("deadline-too-close", `the deadline is ${job.deadline - now} s away; ${margin} s are needed to deliver`);

  if (facts.stakingEligible === false)
    return decline("not-eligible", "staking says this provider may not take it (jailed, too little stake, or over the carbon cap)", true);
  if (facts.spec !== undefined && !facts.spec.ok) return decline(facts.spec.reason, facts.spec.message, facts.spec.reason === "spec-unavailable");
  if (facts.canRun !== undefined && !facts.canRun.ok) return decline("cannot-run", `${facts.canRun.reason}: ${facts.canRun.message}`);
  if (facts.spec?.ok) {
    const needed = BigInt(Math.ceil(facts.spec.maxWallMs / 1000)) + margin;
    if (job.deadline <= now + needed)
      return decline("deadline-too-close", `the deadline is ${job.deadline - now} s away; the job may run ${facts.spec.maxWallMs} ms plus ${margin} s to deliver`);
  }
  const complete = facts.status !== undefined && facts.stakingEligible !== undefined && facts.spec !== undefined && facts.canRun !== undefined;
  return { eligible: true, complete };
}
