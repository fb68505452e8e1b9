import type { Address, Hex } from "viem";
import type { ProviderChain } from "../chain/createProviderChain.ts";
import type { TransactionSender } from "../chain/createTransactionSender.ts";
import type { JobJournal, JobRecord } from "../journal/createJobJournal.ts";
import { isTerminal } from "../journal/jobSteps.ts";
import type { OutputStore } from "../result/createOutputStore.ts";

export type ReconcileJobDeps = {
  journal: JobJournal;
  chain: Pick<ProviderChain, "getJob" | "now" | "finalizedPayout">;
  sender: Pick<TransactionSender, "transactionState" | "waitForReceipt">;
  outputs: Pick<OutputStore, "read">;
  provider: Address;
  /** Run attempts after which a job that keeps being interrupted is given up. */
  maxAttempts: number;
  logger?: { info(object: object, message?: string): void; warn(object: object, message?: string): void } | undefined;
};

/**
 * Brings one unfinished journal entry in line with the chain before the node acts on it again (at start,
 * and whenever a transaction's fate is unknown). The journal says what the node may have done; the chain
 * says what happened. A transaction journaled as signed is looked up by hash: one still pending is waited
 * for, one the chain never saw is as if never sent. So a claim, a submission or a finalization is only
 * ever sent again when the chain shows the earlier one did not land.
 *
 * Returns the entry as it stands afterwards; the node then resumes from its step.
 */
export async function reconcileJob(record: JobRecord, deps: ReconcileJobDeps): Promise<JobRecord> {
  const { journal, chain, provider, logger } = deps;
  const jobId = record.jobId;
  if (isTerminal(record.step)) return record; // declined, finalized, released, failed: nothing left to settle
  const log = (to: string, reason: string) => logger?.info({ job_id: jobId.toString(), from_step: record.step, to_step: to, reason }, "job reconciled with the chain");
  const move = (to: Parameters<JobJournal["transition"]>[1], reason: string, patch: Parameters<JobJournal["transition"]>[2] = {}) => {
    log(to, reason);
    return journal.transition(jobId, to, patch, reason);
  };
  /** Waits for a transaction we signed; true when the caller should look at the chain again. */
  const settled = async (hash: Hex | undefined): Promise<boolean> => {
    if (hash === undefined) return false;
    const state = await deps.sender.transactionState(hash);
    if (state !== "pending") return false;
    logger?.info({ job_id: jobId.toString(), tx_hash: hash }, "waiting for a transaction sent before the restart");
    await deps.sender.waitForReceipt(hash);
    return true;
  };
  const again = () => reconcileJob(journal.get(jobId)!, deps);
  const moveThenRecheck = (to: Parameters<JobJournal["transition"]>[1], reason: string, patch: Parameters<JobJournal["transition"]>[2] = {}) => {
    move(to, reason, patch);
    return again();
  };

  if (record.step === "parked") {
    return moveThenRecheck(record.resumeStep ?? "claimed", "resuming after shutdown", { resumeStep: undefined });
  }

  const job = await chain.getJob(jobId);
  if (job === undefined) {
    if (record.step === "seen" || record.step === "claiming") return move("declined", "the chain has no such job (reorganised away?)", { reason: "job not on chain" });
    return move("failed", "the chain has no such job (reorganised away?)", { reason: "job not on chain" });
  }
  const mine = job.provider !== undefined && job.provider.toLowerCase() === provider.toLowerCase();

  switch (record.step) {
    case "seen":
      return job.status === "open" ? record : move("declined", `the job is ${job.status}`, { reason: `not-open: ${job.status}` });

    case "claiming": {
      if (mine && job.status !== "open") return moveThenRecheck("claimed", "the claim landed");
      if (job.status === "open") {
        if (await settled(record.claimTx)) return again();
        return move("seen", "the claim never reached the chain", { claimTx: undefined });
      }
      const why = job.status === "assigned" || job.provider ? `claimed by ${job.provider}` : job.status;
      return move("declined", why, { reason: `lost: ${why}` });
    }

    case "releasing": {
      // The release transaction is sent (again) by the node's loop while the job is assigned to us.
      if (job.status === "assigned" && mine) return record;
      if (job.status === "expired") return move("failed", "expired before the release", { reason: `${record.reason ?? "failed"}; expired before the release` });
      return move("released", `the market has the job back (${job.status})`);
    }

    case "finalizing":
    case "submitted": {
      if (!mine) return move("failed", `the chain gives the job to ${job.provider}`, { reason: "inconsistent: not ours on chain" });
      if (job.status === "finalized") {
        const payout = await chain.finalizedPayout(jobId);
        return move("finalized", "finalized on chain", payout === undefined ? {} : { payout });
      }
      if (job.status === "rejected") return move("failed", "rejected in a dispute", { reason: "rejected: lost the dispute" });
      if (record.step === "finalizing") {
        if (await settled(record.finalizeTx)) return again();
        return move("submitted", "the finalization never reached the chain", { finalizeTx: undefined });
      }
      return record;
    }

    default: {
      // claimed, running, executed, uploaded, attesting: the job is ours and not yet attested (as far as we know)
      if ((job.status === "open" || job.status === "cancelled") && record.step !== "attesting") {
        // Given back (by `hearth provider release`, say) while this node was down: nothing more to do here.
        return moveThenRecheck("releasing", `the chain has the job ${job.status} again`, { reason: record.reason ?? "released while the node was down" });
      }
      if (!mine) return move("failed", `the chain gives the job to ${job.provider ?? "nobody"}`, { reason: "inconsistent: not ours on chain" });
      if (job.status === "expired") return move("failed", "expired before delivery", { reason: "expired: deadline passed before submission" });
      if (job.status === "submitted" || job.status === "disputed" || job.status === "finalized" || job.status === "rejected") {
        // Only a submission we signed can have put it there, and we sign only at `attesting`.
        if (record.step === "uploaded") return moveThenRecheck("attesting", "an attestation is on chain");
        if (record.step === "attesting") return moveThenRecheck("submitted", "the submission landed");
        return move("failed", `the chain shows ${job.status} but the journal is at ${record.step}`, { reason: "inconsistent: chain ahead of journal" });
      }
      // assigned to us
      if ((await chain.now()) >= job.deadline) return move("failed", "the deadline passed", { reason: "expired: deadline passed before submission" });
      switch (record.step) {
        case "running":
          if (record.attempts >= deps.maxAttempts)
            return move("failed", `interrupted ${record.attempts} times while running`, { reason: `gave up after ${record.attempts} interrupted runs` });
          return move("claimed", "the run was interrupted; running again");
        case "executed":
          return (await deps.outputs.read(jobId)) ? record : move("claimed", "the outputs on disk are missing; running again");
        case "attesting":
          if (await settled(record.submitTx)) return again();
          return move("uploaded", "the submission never reached the chain", { submitTx: undefined });
        default:
          return record;
      }
    }
  }
}
