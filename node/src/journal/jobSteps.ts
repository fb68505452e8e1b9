/**
 * Where a job stands in this node, as the journal records it. Each step that has a side effect outside
 * the journal (a transaction, a GPU run, an upload) is written before the effect starts and moved on after
 * it is known to have happened, so a restart can tell "not done" from "maybe done" and ask the chain.
 *
 * - seen: a JobCreated event this node may take; not yet decided.
 * - declined: not for this node (target, price, deadline, spec, adapter) or lost to another provider.
 * - claiming: a claim transaction may be in flight (its hash is journaled before it is broadcast).
 * - claimed: the chain has the job assigned to us.
 * - running: on the GPU.
 * - executed: outputs are on disk in the data folder, metrics journaled.
 * - uploaded: outputs and the result manifest are pinned on IPFS; result CID and output root journaled.
 * - attesting: a submission transaction may be in flight.
 * - submitted: the chain has our attestation; the challenge window runs.
 * - finalizing: a finalize transaction may be in flight.
 * - finalized: paid.
 * - releasing: the job could not be run (bad WGSL, limits, device lost, timeout, unfetchable input, a wrong
 *   result); a release transaction gives it back to the market before its deadline. The reason is journaled.
 * - released: the market has it back (open for other providers); a small share of the collateral was paid.
 * - failed: will not be submitted or paid (expired, rejected in a dispute, or too late to release); the reason
 *   is journaled.
 * - parked: interrupted by a shutdown; `resumeStep` says where a restart picks it up.
 */
export const jobSteps = [
  "seen",
  "declined",
  "claiming",
  "claimed",
  "running",
  "executed",
  "uploaded",
  "attesting",
  "submitted",
  "finalizing",
  "finalized",
  "releasing",
  "released",
  "failed",
  "parked",
] as const;

export type JobStep = (typeof jobSteps)[number];

export const terminalSteps: readonly JobStep[] = ["declined", "finalized", "released", "failed"];

/** Steps a parked job can resume at: the last durable state before the interruption. */
export type ResumeStep = "claimed" | "executed" | "uploaded";

/** The state machine. `failed` is reachable from every non-terminal step after a claim, `releasing` from every one before attesting. */
export const allowedTransitions: Readonly<Record<JobStep, readonly JobStep[]>> = {
  seen: ["claiming", "declined"],
  // back to seen: another provider released the job, so it is open again
  declined: ["seen"],
  // back to seen: the claim transaction never reached the chain, so the job may be claimed again
  claiming: ["claimed", "seen", "declined", "failed"],
  claimed: ["running", "releasing", "failed", "parked"],
  // back to claimed: the run was interrupted (crash) or its outputs were lost; it runs again
  running: ["executed", "claimed", "releasing", "failed", "parked"],
  executed: ["uploaded", "claimed", "releasing", "failed", "parked"],
  uploaded: ["attesting", "releasing", "failed", "parked"],
  // back to uploaded: the submission never reached the chain
  attesting: ["submitted", "uploaded", "failed"],
  // straight to finalized: someone else finalized it (anyone may)
  submitted: ["finalizing", "finalized", "failed"],
  finalizing: ["finalized", "submitted", "failed"],
  finalized: [],
  releasing: ["released", "failed"],
  released: [],
  failed: [],
  parked: ["claimed", "executed", "uploaded", "releasing", "failed"],
};

export function isTerminal(step: JobStep): boolean {
  return terminalSteps.includes(step);
}
