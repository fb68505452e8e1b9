import type { HearthContext } from "../chain/createHearthContext.ts";
import { finalJobStatuses, type JobStatus } from "../chain/jobStatus.ts";
import { BaseError } from "../errors/BaseError.ts";
import { getJob, type HearthJob } from "./getJob.ts";
import { getJobAttestation, type JobAttestation } from "./getJobEvents.ts";

export class HearthWaitTimeoutError extends BaseError {
  override name = "HearthWaitTimeoutError";
}

/**
 * Progress stages a requester sees, in order; `released` when the provider gave the job back (it is open again,
 * and `claimed` is reported anew when another claim follows).
 */
export type JobStage = "claimed" | "released" | "executed" | "attested" | "finalized";

export type WaitForJobParameters = {
  /** Stop when the job reaches this state (default: a final state). */
  until?: "submitted" | "final" | undefined;
  timeoutMs?: number | undefined;
  pollMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onStage?: ((stage: JobStage, job: HearthJob) => void) | undefined;
};

export type WaitForJobReturnType = { job: HearthJob; attestation: JobAttestation | undefined };

const order: Record<JobStatus, number> = {
  none: 0,
  open: 1,
  assigned: 2,
  submitted: 3,
  disputed: 4,
  finalized: 5,
  cancelled: 5,
  expired: 5,
  rejected: 5,
};

/** Follows a job until it is submitted or final, reporting each stage once. */
export async function waitForJob(
  context: HearthContext,
  jobId: bigint,
  parameters: WaitForJobParameters = {},
): Promise<WaitForJobReturnType> {
  const until = parameters.until ?? "final";
  const deadline = Date.now() + (parameters.timeoutMs ?? 10 * 60_000);
  const pollMs = parameters.pollMs ?? 500;
  let reached = 0;
  const report = (stage: JobStage, rank: number, job: HearthJob) => {
    if (reached >= rank) return;
    reached = rank;
    parameters.onStage?.(stage, job);
  };
  for (;;) {
    parameters.signal?.throwIfAborted();
    const job = await getJob(context, jobId);
    const rank = order[job.status];
    if (job.status === "open" && reached >= 1) {
      reached = 0; // released: a later claim is news again
      parameters.onStage?.("released", job);
    }
    if (rank >= 2 && job.provider) report("claimed", 1, job);
    if (rank >= 3 && job.submittedAt > 0n) {
      report("executed", 2, job);
      report("attested", 3, job);
    }
    if (job.status === "finalized") report("finalized", 4, job);
    const done = finalJobStatuses.includes(job.status) || (until === "submitted" && rank >= 3);
    if (done) {
      const attestation = job.submittedAt > 0n ? await getJobAttestation(context, jobId) : undefined;
      return { job, attestation };
    }
    if (Date.now() > deadline) {
      throw new HearthWaitTimeoutError(`Job ${jobId} is still ${job.status} after waiting.`, {
        metaMessages: ["Follow it later with `hearth job status`; the job and its escrow are unaffected."],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
