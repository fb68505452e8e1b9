import type { JobStatus } from "@hearth/sdk/chain/jobStatus";

export type JobActionKind = "cancel" | "expire" | "finalize" | "challenge";

export type JobActionsParameters = {
  /** The job as the chain has it now. */
  job: { status: JobStatus; requester: string; deadline: bigint };
  /** The latest block's timestamp. */
  now: bigint;
  /** `challengeWindowEnd(jobId)`: 0 until a result is submitted. */
  windowEnd: bigint;
  /** The connected wallet, if any. */
  account: string | undefined;
};

/**
 * What a wallet may do to a job now, by the market's own rules: the requester cancels an open job; anyone else
 * expires an open or assigned job past its deadline (the requester is refunded through the market), challenges a submitted result within its
 * window (posting the bond) and finalizes it after the window. Nothing for a job in a final state or in dispute.
 */
export function jobActions({ job, now, windowEnd, account }: JobActionsParameters): JobActionKind[] {
  const actions: JobActionKind[] = [];
  const isRequester = account !== undefined && account.toLowerCase() === job.requester.toLowerCase();
  // The requester's cancel refunds at once, even past the deadline; an expiry leaves the refund in the market.
  if (job.status === "open" && isRequester) actions.push("cancel");
  else if ((job.status === "open" || job.status === "assigned") && now >= job.deadline) actions.push("expire");
  if (job.status === "submitted" && windowEnd > 0n) actions.push(now < windowEnd ? "challenge" : "finalize");
  return actions;
}
