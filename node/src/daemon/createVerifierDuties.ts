import { randomBytes } from "node:crypto";
import { erc20Abi, getAddress, toHex, type Address, type Hex, type PublicClient } from "viem";
import type { Logger } from "pino";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { HearthContractError } from "@hearth/sdk/errors/HearthContractError";
import { disputeCourtAbi, jobMarketAbi } from "@hearth/sdk/generated/abis";
import { classifyRpcError } from "../chain/classifyRpcError.ts";
import type { ProviderChain } from "../chain/createProviderChain.ts";
import type { ContractCall, TransactionSender } from "../chain/createTransactionSender.ts";
import type { FaultInjector } from "../faults/createFaultInjector.ts";
import type { DutyKind, DutyRecord, JobJournal, NewDuty } from "../journal/createJobJournal.ts";
import type { Judgement } from "./judgeAttestedResult.ts";

/** Steps after which a duty needs nothing more. */
export const doneDutySteps = ["not-selected", "expired", "passed", "challenged", "resolved", "missed", "done"] as const;

export type VerifierDuties = {
  /** Journals new submissions, disputes and committees from the chain's events. */
  poll(signal?: AbortSignal | undefined): Promise<void>;
  /** Advances every open duty by what the chain allows now; judgements run in the background (see settled). */
  tick(now: bigint, blockNumber: bigint): Promise<void>;
  /** Resolves when the judgements in progress have ended (their verdicts are used by the next tick). */
  settled(): Promise<void>;
};

export type CreateVerifierDutiesParameters = {
  client: Pick<PublicClient, "getBlockNumber" | "getContractEvents" | "readContract">;
  deployment: HearthDeployment;
  chain: Pick<ProviderChain, "getJob" | "challengeWindow">;
  sender: Pick<TransactionSender, "send" | "transactionState">;
  journal: JobJournal;
  provider: Address;
  /** Judges another provider's attested result (`judgeAttestedResult`). */
  judge: (jobId: bigint) => Promise<Judgement>;
  faults: FaultInjector;
  logger: Logger;
  maxBlockRange: number;
  confirmations: number;
};

const DISPUTE_STATUS = ["none", "awaiting-draw", "voting", "resolved"] as const;
const OUTCOME = ["none", "provider-at-fault", "challenger-wrong", "inconclusive"] as const;

/**
 * What a verifier does (`verify: true`; the on-chain opt-in is `setVerifier`):
 * - sampled verification: after each submission, once its randomness block exists, checks whether this
 *   node was drawn; if so records the draw, re-checks the result and passes it, or challenges a wrong one;
 * - disputes: draws the committee of a challenged job once its draw block exists, and resolves the dispute
 *   once voting is over (anyone may do both, so every verifier does);
 * - committees: when this node is a member, judges the result, commits a salted vote and reveals it when
 *   the reveal opens.
 * Every vote and salt is journaled before its commitment is sent, and every transaction's hash before it is
 * broadcast; each step first looks at the chain, so a restart never commits, reveals or passes twice.
 */
export function createVerifierDuties(parameters: CreateVerifierDutiesParameters): VerifierDuties {
  const { client, deployment, chain, sender, journal, provider, faults } = parameters;
  const logger = parameters.logger.child({ component: "verifier" });
  const court = deployment.contracts.court;
  const market = deployment.contracts.market;
  /** When a duty whose judgement was "unknown" (or failed) may be judged again (ms). */
  const judgeAgainAt = new Map<string, number>();
  /** Judgements being made, and verdicts waiting for their duty, by duty key. */
  const judging = new Map<string, Promise<void>>();
  const judged = new Map<string, Judgement>();
  const keyOf = (duty: Pick<DutyRecord, "kind" | "jobId">) => `${duty.kind}:${duty.jobId}`;
  /**
   * The verdict on a duty's result once it is known, else undefined while it is being made. Judging fetches the
   * result and may re-execute the job, which takes as long as the job did: it runs beside the node's loop, which
   * meanwhile keeps submitting, finalizing, committing and revealing, and a later tick picks the verdict up.
   */
  const judge = (duty: DutyRecord): Judgement | undefined => {
    const key = keyOf(duty);
    const known = judged.get(key);
    if (known) return known;
    if (judging.has(key) || (judgeAgainAt.get(key) ?? 0) > Date.now()) return undefined;
    const started = Date.now();
    const work = parameters.judge(duty.jobId).then(
      (judgement) => {
        // Who checked what, how, and what it found: one line per check, with the method's own figures.
        (judgement.verdict === "unknown" ? logger.warn : logger.info).call(
          logger,
          {
            job_id: duty.jobId.toString(),
            duty: duty.kind,
            verifier: provider,
            verdict: judgement.verdict,
            reason: judgement.reason,
            judge_ms: Date.now() - started,
            ...judgement.evidence,
          },
          "attested result judged",
        );
        if (judgement.verdict === "unknown") {
          judgeAgainAt.set(key, Date.now() + 10_000);
        } else {
          judgeAgainAt.delete(key);
          judged.set(key, judgement);
        }
      },
      (error: unknown) => {
        logger.warn({ job_id: duty.jobId.toString(), duty: duty.kind, err: error }, "judging the result failed; will try again");
        judgeAgainAt.set(key, Date.now() + 10_000);
      },
    );
    judging.set(
      key,
      work.finally(() => judging.delete(key)),
    );
    return undefined;
  };

  const courtCall = (functionName: string, args: readonly unknown[], label: string): ContractCall => ({
    address: court,
    abi: disputeCourtAbi,
    functionName,
    args,
    label,
  });

  const update = (duty: DutyRecord, patch: Parameters<JobJournal["updateDuty"]>[2], why?: string) => {
    if (patch.step && patch.step !== duty.step) {
      logger.info({ job_id: duty.jobId.toString(), duty: duty.kind, from_step: duty.step, to_step: patch.step, reason: why }, "verifier duty moved");
    }
    return journal.updateDuty(duty.jobId, duty.kind, patch);
  };

  /** Sends a call for a duty, journaling its hash first; a refusal in simulation is returned, not thrown. */
  const send = async (duty: DutyRecord, call: ContractCall): Promise<"sent" | HearthContractError> => {
    try {
      await sender.send(call, { onSigned: (hash) => void journal.updateDuty(duty.jobId, duty.kind, { tx: hash }) });
      journal.updateDuty(duty.jobId, duty.kind, { tx: undefined });
      return "sent";
    } catch (error) {
      if (error instanceof HearthContractError) return error;
      throw error;
    }
  };

  const read = <T>(functionName: string, args: readonly unknown[]): Promise<T> =>
    client.readContract({ address: court, abi: disputeCourtAbi, functionName, args } as never) as Promise<T>;

  const memberEvent = async (eventName: "VoteCommitted" | "VoteRevealed", jobId: bigint) =>
    (
      await client.getContractEvents({
        address: court,
        abi: disputeCourtAbi,
        eventName,
        args: { jobId, member: provider },
        fromBlock: BigInt(deployment.startBlock),
        strict: true,
      })
    ).length > 0;

  const sample = async (duty: DutyRecord, now: bigint, blockNumber: bigint) => {
    if (duty.step === "pending") {
      if (duty.block !== undefined && blockNumber <= duty.block) return;
      const drawn = getAddress(await read<Address>("sampledVerifier", [duty.jobId]));
      if (drawn === provider) return update(duty, { step: "selected" }, "drawn to verify");
      if (drawn !== "0x0000000000000000000000000000000000000000") return update(duty, { step: "not-selected" }, `${drawn} verifies it`);
      let preview: readonly [boolean, Address];
      try {
        preview = await read<readonly [boolean, Address]>("previewSample", [duty.jobId]);
      } catch (error) {
        const refusal = unwrap(error);
        if (refusal?.errorName === "CourtRandomnessExpired") return update(duty, { step: "expired" }, "randomness expired");
        throw error;
      }
      const [sampled, verifier] = preview;
      if (!sampled || getAddress(verifier) !== provider) return update(duty, { step: "not-selected" }, sampled ? "another verifier" : "not sampled");
      const outcome = await send(duty, courtCall("drawVerifier", [duty.jobId], "draw_verifier"));
      if (outcome !== "sent") logger.info({ job_id: duty.jobId.toString(), error_name: outcome.errorName }, "draw refused; looking again");
      return;
    }
    // selected
    const job = await chain.getJob(duty.jobId);
    if (!job || job.status !== "submitted") return update(duty, { step: "done" }, `job is ${job?.status ?? "gone"}`);
    if (job.verified) return update(duty, { step: "passed" }, "verification recorded");
    if (now >= job.submittedAt + (await chain.challengeWindow())) return update(duty, { step: "expired" }, "challenge window closed");
    const judgement = judge(duty);
    if (judgement === undefined) return; // not known yet: look again while the window is open
    if (judgement.verdict === "correct") {
      const outcome = await send(duty, courtCall("passVerification", [duty.jobId], "pass_verification"));
      if (outcome === "sent") {
        logger.info({ job_id: duty.jobId.toString(), verifier: provider, method: judgement.evidence?.method }, "sampled job re-checked and passed on chain");
        update(duty, { step: "passed" });
      }
    } else if (judgement.verdict === "wrong") {
      const bond = await read<bigint>("bondFor", [duty.jobId]);
      const allowance = await client.readContract({ address: deployment.contracts.token, abi: erc20Abi, functionName: "allowance", args: [provider, court] });
      if (allowance < bond) {
        await sender.send({ address: deployment.contracts.token, abi: erc20Abi, functionName: "approve", args: [court, bond], label: "approve_bond" });
      }
      const outcome = await send(duty, courtCall("challenge", [duty.jobId], "challenge"));
      if (outcome === "sent") {
        logger.warn(
          { job_id: duty.jobId.toString(), verifier: provider, bond: bond.toString(), reason: judgement.reason, method: judgement.evidence?.method },
          "sampled job failed its check: challenged",
        );
        update(duty, { step: "challenged", reason: judgement.reason });
      }
    }
  };

  /** Draws the committee once its block exists, and resolves the dispute once voting is over (anyone may do both). */
  const dispute = async (duty: DutyRecord, now: bigint, blockNumber: bigint) => {
    const state = await read<{ status: number; drawBlock: bigint; revealDeadline: number; faultVotes: number; correctVotes: number }>("getDispute", [
      duty.jobId,
    ]);
    const status = DISPUTE_STATUS[state.status];
    if (status === "resolved") return update(duty, { step: "resolved" });
    if (status === "awaiting-draw") {
      if (blockNumber <= state.drawBlock) return;
      const outcome = await send(duty, courtCall("drawCommittee", [duty.jobId], "draw_committee"));
      if (outcome !== "sent") logger.info({ job_id: duty.jobId.toString(), error_name: outcome.errorName }, "committee draw refused; looking again");
      return;
    }
    if (duty.step === "awaiting-draw") update(duty, { step: "voting" }, "committee drawn");
    const members = await read<readonly Address[]>("committee", [duty.jobId]);
    if (now < BigInt(state.revealDeadline) && state.faultVotes + state.correctVotes < members.length) return;
    const outcome = await send(duty, courtCall("resolve", [duty.jobId], "resolve_dispute"));
    if (outcome === "sent") {
      const after = await read<{ outcome: number; faultVotes: number; correctVotes: number }>("getDispute", [duty.jobId]);
      logger.info(
        { job_id: duty.jobId.toString(), outcome: OUTCOME[after.outcome] ?? String(after.outcome), fault_votes: after.faultVotes, correct_votes: after.correctVotes },
        "dispute resolved",
      );
      update(duty, { step: "resolved" });
    }
  };

  const committee = async (duty: DutyRecord, now: bigint) => {
    const state = await read<{ status: number; commits: number; faultVotes: number; correctVotes: number; commitDeadline: number; revealDeadline: number }>(
      "getDispute",
      [duty.jobId],
    );
    const status = DISPUTE_STATUS[state.status];
    if (status === "resolved") return update(duty, { step: "resolved" });
    const commitDeadline = BigInt(state.commitDeadline);
    const revealDeadline = BigInt(state.revealDeadline);
    const members = await read<readonly Address[]>("committee", [duty.jobId]);
    switch (duty.step) {
      case "drawn": {
        if (now >= commitDeadline) return update(duty, { step: "missed" }, "commit phase over before a verdict");
        // Not known yet: try again while the commit phase lasts. A member that never reveals is penalised,
        // but a vote cast without knowing would be worse for the network.
        const judgement = judge(duty);
        if (judgement === undefined) return;
        const salt = toHex(randomBytes(32));
        return update(duty, { step: "voting", vote: judgement.verdict === "wrong", salt, reason: judgement.reason });
      }
      case "voting": {
        if (await memberEvent("VoteCommitted", duty.jobId)) return update(duty, { step: "committed" });
        if (now >= commitDeadline) return update(duty, { step: "missed" }, "commit phase over");
        const commitment = await read<Hex>("commitmentFor", [duty.jobId, provider, duty.vote!, duty.salt!]);
        const outcome = await send(duty, courtCall("commitVote", [duty.jobId, commitment], "commit_vote"));
        if (outcome === "sent") {
          // The vote itself stays secret until the reveal; the journal holds it and its salt.
          logger.info({ job_id: duty.jobId.toString(), member: provider, reason: duty.reason }, "committee vote committed");
          update(duty, { step: "committed" });
        }
        return;
      }
      case "committed": {
        if (await memberEvent("VoteRevealed", duty.jobId)) return update(duty, { step: "revealed" });
        if (faults.applies("neverReveal", duty.jobId)) {
          // announced by the injector, once per job
          if (now >= revealDeadline) update(duty, { step: "missed" }, "fault: never revealed");
          return;
        }
        if (now >= revealDeadline) return update(duty, { step: "missed" }, "reveal phase over");
        if (now < commitDeadline && state.commits < members.length) return; // reveal not open yet
        const outcome = await send(duty, courtCall("revealVote", [duty.jobId, duty.vote!, duty.salt!], "reveal_vote"));
        if (outcome === "sent") {
          logger.info({ job_id: duty.jobId.toString(), member: provider, provider_at_fault: duty.vote!, reason: duty.reason }, "committee vote revealed");
          update(duty, { step: "revealed" });
        }
        return;
      }
      default:
        // revealed: the dispute duty resolves it once voting is over
        return;
    }
  };

  return {
    async poll(signal) {
      const head = (await client.getBlockNumber({ cacheTime: 0 })) - BigInt(parameters.confirmations);
      let last = journal.getDutiesLastBlock() ?? BigInt(deployment.startBlock) - 1n;
      while (last < head) {
        signal?.throwIfAborted();
        const fromBlock = last + 1n;
        const toBlock = fromBlock + BigInt(parameters.maxBlockRange) - 1n < head ? fromBlock + BigInt(parameters.maxBlockRange) - 1n : head;
        const [submissions, courtLogs] = await Promise.all([
          client.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "AttestationSubmitted", fromBlock, toBlock, strict: true }),
          client.getContractEvents({ address: court, abi: disputeCourtAbi, fromBlock, toBlock, strict: true }),
        ]);
        const duties: NewDuty[] = [];
        for (const log of submissions) {
          if (getAddress(log.args.provider) === provider) continue;
          duties.push({ jobId: log.args.jobId, kind: "sample", step: "pending", block: log.args.randomnessBlock });
        }
        for (const log of courtLogs) {
          if (log.eventName === "DisputeOpened") {
            const args = log.args as { jobId: bigint; drawBlock: bigint };
            duties.push({ jobId: args.jobId, kind: "dispute", step: "awaiting-draw", block: args.drawBlock });
          } else if (log.eventName === "CommitteeDrawn") {
            const args = log.args as { jobId: bigint; members: readonly Address[]; commitDeadline: number; revealDeadline: number };
            if (args.members.some((member) => getAddress(member) === provider)) {
              logger.info({ job_id: args.jobId.toString(), commit_deadline: args.commitDeadline }, "drawn onto a dispute committee");
              duties.push({
                jobId: args.jobId,
                kind: "committee",
                step: "drawn",
                commitDeadline: BigInt(args.commitDeadline),
                revealDeadline: BigInt(args.revealDeadline),
              });
            }
          }
        }
        journal.recordDuties(duties, toBlock);
        last = toBlock;
      }
    },
    async tick(now, blockNumber) {
      const open = journal.listDuties({ excludeSteps: doneDutySteps });
      // Verdicts and retry times of duties that are over are not needed any more.
      const openKeys = new Set(open.map(keyOf));
      for (const key of [...judged.keys(), ...judgeAgainAt.keys()]) {
        if (!openKeys.has(key)) {
          judged.delete(key);
          judgeAgainAt.delete(key);
        }
      }
      for (const duty of open) {
        try {
          if (duty.tx && (await sender.transactionState(duty.tx)) === "pending") continue;
          if (duty.kind === "sample") await sample(duty, now, blockNumber);
          else if (duty.kind === "dispute") await dispute(duty, now, blockNumber);
          else await committee(duty, now);
        } catch (error) {
          if (classifyRpcError(error) === "retryable") throw error;
          logger.warn({ job_id: duty.jobId.toString(), duty: duty.kind as DutyKind, step: duty.step, err: error }, "verifier duty failed; will try again");
        }
      }
    },
    async settled() {
      await Promise.all(judging.values());
    },
  };
}

function unwrap(error: unknown): HearthContractError | undefined {
  if (error instanceof HearthContractError) return error;
  const decoded = (error as { walk?: (fn: (e: unknown) => boolean) => unknown }).walk?.((e) => (e as { data?: { errorName?: string } }).data?.errorName !== undefined);
  const data = (decoded as { data?: { errorName: string; args?: readonly unknown[] } } | undefined)?.data;
  return data ? new HearthContractError(data.errorName, data.args ?? [], error) : undefined;
}
