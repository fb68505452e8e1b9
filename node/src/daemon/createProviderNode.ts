import { parseEventLogs, type Address, type Hex } from "viem";
import type { Logger } from "pino";
import { getClaimableRewards } from "@hearth/sdk/actions/claimRewards";
import { assertNetwork } from "@hearth/sdk/chain/assertNetwork";
import { signAttestation, type Attestation } from "@hearth/sdk/chain/attestation";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { HearthContractError } from "@hearth/sdk/errors/HearthContractError";
import { jobMarketAbi, providerStakingAbi, rewardsDistributorAbi } from "@hearth/sdk/generated/abis";
import { createGatewayClient } from "@hearth/sdk/ipfs/createGatewayClient";
import type { IpfsClient } from "@hearth/sdk/ipfs/IpfsClient";
import type { JobSpec } from "@hearth/sdk/spec/jobSpec";
import { classifyRpcError } from "../chain/classifyRpcError.ts";
import { createEndpointResolver } from "../chain/createEndpointResolver.ts";
import { createJobWatcher, type JobWatcher } from "../chain/createJobWatcher.ts";
import { createProviderChain, type ProviderChain } from "../chain/createProviderChain.ts";
import type { ContractCall, TransactionSender } from "../chain/createTransactionSender.ts";
import { abortableSleep, withRetry } from "../chain/withRetry.ts";
import type { ProviderConfig } from "../config/loadProviderConfig.ts";
import { resolveMinPrices } from "../config/resolveMinPrices.ts";
import type { EnergyMeter } from "../energy/createEnergyMeter.ts";
import { GpuShaderCompileError, GpuValidationError } from "../errors/gpu.ts";
import { JobSpecUnavailableError, ProviderNotReadyError, TransactionFailedError } from "../errors/provider.ts";
import type { FaultInjector } from "../faults/createFaultInjector.ts";
import type { JobJournal, JobRecord } from "../journal/createJobJournal.ts";
import type { JobStep } from "../journal/jobSteps.ts";
import type { NodeMetrics } from "../metrics/createNodeMetrics.ts";
import { createFallbackReader } from "../result/createFallbackReader.ts";
import type { OutputStore } from "../result/createOutputStore.ts";
import type { GpuRuntime } from "../runtime/createGpuRuntime.ts";
import { describeMatmulKernel } from "../runtime/selectMatmulKernel.ts";
import { checkEligibility, type EligibilityDecision, type EligibilityFacts } from "./checkEligibility.ts";
import { createVerifierDuties, type VerifierDuties } from "./createVerifierDuties.ts";
import { judgeAttestedResult } from "./judgeAttestedResult.ts";
import { fetchJobSpec } from "./fetchJobSpec.ts";
import { reconcileJob } from "./reconcileJob.ts";
import { runJobPipeline } from "./runJobPipeline.ts";

export type ProviderNodeDeps = {
  config: ProviderConfig;
  /** Public client, wallet client (the provider's account) and deployment. */
  context: HearthContext & { walletClient: NonNullable<HearthContext["walletClient"]> };
  sender: TransactionSender;
  journal: JobJournal;
  ipfs: IpfsClient;
  runtime: Pick<GpuRuntime, "adapter" | "matmulKernel" | "canRun" | "prepare" | "runJob">;
  energy: EnergyMeter;
  outputs: OutputStore;
  faults: FaultInjector;
  metrics: NodeMetrics;
  logger: Logger;
  /** Asks a pinning service to keep each result as well (from `ipfs.pinningUrl`). */
  remotePin?: ((cids: string[], name: string) => Promise<void>) | undefined;
  /** Replaces the chain reads (tests). */
  chain?: ProviderChain | undefined;
  watcher?: JobWatcher | undefined;
  /** Replaces the verifier work when `verify` is on (tests). */
  duties?: VerifierDuties | undefined;
};

export type JobSummary = {
  job_id: string;
  step: JobStep;
  token: Address;
  price: string;
  deadline: string;
  result_cid?: string | undefined;
  reason?: string | undefined;
  payout?: string | undefined;
  updated_at: string;
};

export type ProviderStatus = {
  address: Address;
  chain_id: number;
  market: Address;
  adapter: { vendor: string; architecture: string; description: string; is_software: boolean };
  /** The kernel f16 matmul jobs run on: matrix units (after the start-up check) or tiled, with the reason. */
  f16_matmul: string;
  energy_method: string;
  /** Where peers (requesters) can fetch this node's results by bitswap. */
  ipfs_addresses: string[];
  last_block: string | undefined;
  queue: { seen: number };
  jobs_by_step: Record<JobStep, number>;
  in_flight: JobSummary[];
  recent_jobs: JobSummary[];
  earnings: { owed: Record<string, string>; withdrawn: Record<string, string> } | { error: string };
  stake: { registered: boolean; bonded: string; locked: string; free: string; jailed_until: string } | { error: string };
  faults_enabled: boolean;
  stopping: boolean;
};

export type ProviderNode = {
  readonly address: Address;
  /**
   * Checks the network and the provider's registration and stake, reconciles every unfinished job with the
   * chain, then runs the loop in the background. Throws `ProviderNotReadyError` for an account that is not
   * a registered, staked provider.
   */
  start(): Promise<void>;
  /** Stops claiming, lets the jobs in hand finish (or parks them after the grace period) and returns. */
  stop(): Promise<void>;
  /** Settles when the loop ends: resolves after `stop`, rejects with the error that stopped it. */
  readonly done: Promise<void>;
  status(): Promise<ProviderStatus>;
  /** Jobs being run or uploaded now. */
  inFlight(): number;
};

const inHandSteps: JobStep[] = ["claiming", "claimed", "running", "executed"];
const inFlightSteps: JobStep[] = ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "finalizing"];
/** How long a job that may become acceptable waits before it is looked at again, ms. */
const RECHECK_MS = 10_000;
const PRUNE_EVERY_MS = 3_600_000;
const WITHDRAW_EVERY_MS = 60_000;

/**
 * The provider daemon. One loop, driven by the chain:
 * - the watcher journals new JobCreated events (backfilling from where it stopped);
 * - `seen` jobs are checked (terms, staking, spec from IPFS, adapter limits) and claimed, within
 *   `maxConcurrentJobs`;
 * - claimed jobs run in the background (`runJobPipeline`) up to `uploaded`;
 * - uploaded results are signed (EIP-712) and submitted, in one batch when several are ready;
 * - submitted jobs are finalized, in a batch, once their challenge window has passed; then what the market
 *   owes is withdrawn and, after each epoch, rewards are claimed.
 * Every step with an outside effect is journaled before and after it, and unfinished jobs are reconciled
 * with the chain before the node acts on them again (see `reconcileJob`), so it can be killed at any moment.
 */
export function createProviderNode(deps: ProviderNodeDeps): ProviderNode {
  const { config, context, sender, journal, ipfs, runtime, outputs, faults, metrics } = deps;
  const logger = deps.logger.child({ component: "provider-node" });
  const { deployment, walletClient } = context;
  const provider = walletClient.account.address;
  const market = deployment.contracts.market;
  const chain = deps.chain ?? createProviderChain(context, provider);
  const watcher =
    deps.watcher ??
    createJobWatcher({
      client: context.publicClient,
      deployment,
      journal,
      provider,
      confirmations: config.chain.confirmations,
      maxBlockRange: config.chain.maxBlockRange,
      logger: deps.logger.child({ component: "job-watcher" }),
    });
  const endpoints = createEndpointResolver({ client: context.publicClient, deployment, ipfs, timeoutMs: config.ipfs.fetchTimeoutMs });
  const duties: VerifierDuties | undefined = !config.verify
    ? undefined
    : (deps.duties ??
      createVerifierDuties({
        client: context.publicClient,
        deployment,
        chain,
        sender,
        journal,
        provider,
        judge: async (jobId) => {
          // The provider's own gateway first (it must keep its results), then the IPFS network.
          const job = await chain.getJob(jobId);
          const endpoint = job?.provider ? await endpoints.endpoint(job.provider) : undefined;
          const reader = endpoint
            ? createFallbackReader([createGatewayClient({ gateways: [endpoint], timeoutMs: config.ipfs.fetchTimeoutMs }), ipfs])
            : ipfs;
          return judgeAttestedResult({ ...context, ipfs: reader }, jobId, { runtime, timeoutMs: config.ipfs.fetchTimeoutMs });
        },
        faults,
        logger: deps.logger,
        maxBlockRange: config.chain.maxBlockRange,
        confirmations: config.chain.confirmations,
      }));
  const minPrices = resolveMinPrices(config.pricing.minPrice, deployment);
  const margin = config.jobs.deadlineMarginSeconds;

  const active = new Map<bigint, { controller: AbortController; promise: Promise<unknown> }>();
  const recheckAt = new Map<bigint, number>();
  const submitFailures = new Map<bigint, number>();
  const announced = new Set<string>();
  const specs = new Map<string, JobSpec>();
  const paidTokens = new Set<Address>(journal.list({ steps: ["finalized"] }).map((job) => job.token));
  const loopController = new AbortController();
  let stopping = false;
  let started = false;
  let lastPrune = 0;
  let lastWithdrawCheck = 0;
  let withdrawDue = true;
  let submitSingly = false;
  let resolveDone!: () => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
  let loopPromise: Promise<void> = Promise.resolve();
  let stopPromise: Promise<void> | undefined;

  const once = (key: string, log: () => void) => {
    if (announced.has(key)) return;
    announced.add(key);
    log();
  };

  const getSpec = async (specCid: string, signal?: AbortSignal): Promise<JobSpec> => {
    const cached = specs.get(specCid);
    if (cached) return cached;
    const spec = await fetchJobSpec(ipfs, specCid, { timeoutMs: config.ipfs.fetchTimeoutMs, signal });
    if (specs.size > 256) specs.delete(specs.keys().next().value!);
    specs.set(specCid, spec);
    return spec;
  };

  const reconcile = (record: JobRecord) =>
    withRetry(
      () =>
        reconcileJob(record, {
          journal,
          chain,
          sender,
          outputs,
          provider,
          maxAttempts: config.jobs.maxAttempts,
          logger: deps.logger.child({ component: "reconcile" }),
        }),
      { operation: "reconcile", signal: loopController.signal, logger, maxAttempts: 5 },
    );

  const marketCall = (functionName: string, args: readonly unknown[], label: string): ContractCall => ({
    address: market,
    abi: jobMarketAbi,
    functionName,
    args,
    label,
  });

  // ---- deciding and claiming ----

  const evaluate = async (job: JobRecord, now: bigint): Promise<EligibilityDecision> => {
    const facts: EligibilityFacts = {
      provider,
      job: { target: job.target, token: job.token, price: job.price, deadline: job.deadline },
      minPrices,
      now,
      deadlineMarginSeconds: margin,
    };
    let decision = checkEligibility(facts);
    if (!decision.eligible) return decision;
    const onChain = await chain.getJob(job.jobId);
    facts.status = onChain?.status ?? "none";
    decision = checkEligibility(facts);
    if (!decision.eligible) return decision;
    facts.stakingEligible = await chain.isEligible(job.requiredStake, job.maxCarbon);
    decision = checkEligibility(facts);
    if (!decision.eligible) return decision;
    let spec: JobSpec;
    try {
      spec = await getSpec(job.specCid, loopController.signal);
      facts.spec = { ok: true, maxWallMs: spec.limits.maxWallMs };
    } catch (error) {
      if (loopController.signal.aborted) throw error;
      const unavailable = error instanceof JobSpecUnavailableError;
      facts.spec = {
        ok: false,
        reason: unavailable ? "spec-unavailable" : "spec-invalid",
        message: error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message.split("\n")[0]! : String(error),
      };
      return checkEligibility(facts);
    }
    try {
      facts.canRun = runtime.canRun(spec);
    } catch (error) {
      facts.canRun = { ok: false, reason: "compile", message: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
    }
    if (facts.canRun.ok) facts.canRun = await buildsHere(job, spec);
    return checkEligibility(facts);
  };

  /**
   * Builds the job's shader and pipelines on the GPU before claiming (they stay cached for the run): a shader that
   * does not build is declined here rather than claimed and given back. Anything else that goes wrong (the GPU
   * process restarting, a slow compile) does not decide: the run will tell.
   */
  const buildsHere = async (job: JobRecord, spec: JobSpec): Promise<{ ok: true } | { ok: false; reason: string; message: string }> => {
    try {
      await runtime.prepare(spec, { signal: loopController.signal });
      return { ok: true };
    } catch (error) {
      if (loopController.signal.aborted) throw error;
      if (error instanceof GpuShaderCompileError || error instanceof GpuValidationError) {
        const firstCompilerError = error instanceof GpuShaderCompileError ? error.messages.find((message) => message.type === "error") : undefined;
        return {
          ok: false,
          reason: error.code,
          message: firstCompilerError ? `${error.shortMessage} (line ${firstCompilerError.lineNum}:${firstCompilerError.linePos})` : error.shortMessage,
        };
      }
      logger.warn({ job_id: job.jobId.toString(), err: error }, "could not build the job's pipelines before claiming; deciding without");
      return { ok: true };
    }
  };

  const decline = (job: JobRecord, reason: string, message: string) => {
    metrics.declines.inc({ reason });
    logger.info({ job_id: job.jobId.toString(), reason, detail: message }, "job declined");
    journal.transition(job.jobId, "declined", { reason: `${reason}: ${message}` });
  };

  const claim = async (job: JobRecord) => {
    const jobId = job.jobId;
    journal.transition(jobId, "claiming");
    try {
      await sender.send(marketCall("claimJob", [jobId], "claim"), {
        onSigned: (hash) => void journal.update(jobId, { claimTx: hash }),
        onBroadcast: () => faults.crash("claim-sent", jobId),
      });
    } catch (error) {
      const kind = classifyRpcError(error);
      if (kind === "revert" && error instanceof HearthContractError) {
        // Refused in simulation: nothing was signed or sent.
        const transient = ["JobMarketProviderNotEligible", "StakingInsufficientFreeStake", "StakingJailed"].includes(error.errorName);
        metrics.claims.inc({ result: transient ? "refused" : "lost" });
        if (transient) {
          logger.info({ job_id: jobId.toString(), error_name: error.errorName }, "claim refused for now; will look again");
          journal.transition(jobId, "seen", { claimTx: undefined }, error.errorName);
          recheckAt.set(jobId, Date.now() + RECHECK_MS);
        } else {
          logger.info({ job_id: jobId.toString(), error_name: error.errorName }, "claim refused by the market");
          journal.transition(jobId, "declined", { reason: `lost: ${error.shortMessage}` }, error.errorName);
        }
        return;
      }
      metrics.claims.inc({ result: "unknown" });
      metrics.txErrors.inc({ kind: "claim" });
      logger.warn({ job_id: jobId.toString(), err: error }, "claim transaction failed; reconciling with the chain");
      if (kind === "retryable") throw error; // stays `claiming`; reconciled on the next tick
      await reconcile(journal.get(jobId)!);
      return;
    }
    journal.transition(jobId, "claimed");
    metrics.claims.inc({ result: "won" });
    metrics.txSent.inc({ kind: "claim" });
    logger.info({ job_id: jobId.toString(), price: job.price.toString(), token: job.token }, "job claimed");
    faults.crash("claimed", jobId);
  };

  const decideSeenJobs = async (now: bigint) => {
    const counts = journal.countByStep();
    let inHand = inHandSteps.reduce((sum, step) => sum + counts[step], 0);
    for (const job of journal.list({ steps: ["seen"] })) {
      if (stopping) return;
      const terms = checkEligibility({
        provider,
        job: { target: job.target, token: job.token, price: job.price, deadline: job.deadline },
        minPrices,
        now,
        deadlineMarginSeconds: margin,
      });
      if (!terms.eligible) {
        decline(job, terms.reason, terms.message);
        continue;
      }
      if (inHand >= config.maxConcurrentJobs) continue;
      if ((recheckAt.get(job.jobId) ?? 0) > Date.now()) continue;
      const decision = await evaluate(job, now);
      if (!decision.eligible) {
        if (decision.retry) {
          recheckAt.set(job.jobId, Date.now() + RECHECK_MS);
          logger.info({ job_id: job.jobId.toString(), reason: decision.reason, detail: decision.message }, "job not takeable yet; will look again");
        } else decline(job, decision.reason, decision.message);
        continue;
      }
      recheckAt.delete(job.jobId);
      await claim(job);
      if (journal.get(job.jobId)?.step === "claimed") inHand++;
    }
  };

  // ---- running ----

  const startPipelines = () => {
    if (stopping) return;
    for (const job of journal.list({ steps: ["claimed", "executed"] })) {
      if (active.has(job.jobId) || (recheckAt.get(job.jobId) ?? 0) > Date.now()) continue;
      const controller = new AbortController();
      const promise = runJobPipeline(
        job.jobId,
        {
          journal,
          ipfs,
          runtime,
          energy: deps.energy,
          outputs,
          faults,
          chain,
          getSpec: (specCid, signal) => getSpec(specCid, signal),
          metrics,
          logger: deps.logger.child({ component: "job-pipeline" }),
          remotePin: deps.remotePin,
          settings: {
            retentionDays: config.retentionDays,
            fetchTimeoutMs: config.ipfs.fetchTimeoutMs,
            backend: process.platform === "darwin" ? "metal" : process.platform === "win32" ? "d3d12" : "vulkan",
          },
        },
        controller.signal,
      )
        .catch((error: unknown) => {
          // Left at its step (claimed or executed) and tried again shortly.
          recheckAt.set(job.jobId, Date.now() + RECHECK_MS);
          logger.error({ job_id: job.jobId.toString(), err: error }, "job pipeline error; will retry");
        })
        .finally(() => active.delete(job.jobId));
      active.set(job.jobId, { controller, promise });
    }
  };

  // ---- submitting ----

  const deviceString = (job: JobRecord) => {
    const device = job.metrics!.device;
    return `${device.description} (${device.vendor} ${device.architecture})`.slice(0, 128);
  };

  const submitReady = async (now: bigint) => {
    const batch: { job: JobRecord; attestation: Attestation; signature: Hex }[] = [];
    for (const job of journal.list({ steps: ["uploaded"] })) {
      if (active.has(job.jobId)) continue;
      if (faults.applies("neverSubmit", job.jobId)) continue; // announced by the injector, once per job
      if (now >= job.deadline) {
        metrics.failures.inc({ reason: "expired" });
        logger.error({ job_id: job.jobId.toString() }, "the deadline passed before the result could be submitted; the job will expire");
        journal.transition(job.jobId, "failed", { reason: "expired: deadline passed before submission" });
        continue;
      }
      const m = job.metrics!;
      const attestation: Attestation = {
        jobId: job.jobId,
        resultCid: job.resultCid!,
        outputRoot: job.outputRoot!,
        gpuTimeMs: BigInt(Math.round(m.gpuMs)),
        energyMillijoules: BigInt(Math.round(m.energyJoules * 1000)),
        energyEstimated: m.energyEstimated,
        device: deviceString(job),
      };
      batch.push({ job, attestation, signature: await signAttestation(walletClient, market, attestation) });
      if (submitSingly) break;
    }
    if (batch.length === 0) return;
    for (const { job } of batch) journal.transition(job.jobId, "attesting");
    const call =
      batch.length === 1
        ? marketCall("submitAttestation", [batch[0]!.attestation, batch[0]!.signature], "submit")
        : marketCall("submitAttestations", [batch.map((entry) => entry.attestation), batch.map((entry) => entry.signature)], "submit");
    try {
      const { hash } = await sender.send(call, {
        onSigned: (hash) => batch.forEach(({ job }) => journal.update(job.jobId, { submitTx: hash })),
        onBroadcast: () => batch.forEach(({ job }) => faults.crash("submit-sent", job.jobId)),
      });
      metrics.txSent.inc({ kind: "submit" });
      submitSingly = false;
      for (const { job } of batch) {
        journal.transition(job.jobId, "submitted");
        submitFailures.delete(job.jobId);
        logger.info({ job_id: job.jobId.toString(), tx_hash: hash, batch: batch.length, result_cid: job.resultCid }, "attestation submitted");
        faults.crash("submitted", job.jobId);
      }
    } catch (error) {
      const kind = classifyRpcError(error);
      if (kind === "revert" && !(error instanceof TransactionFailedError)) {
        // Nothing was sent. A batch reverts as a whole: send one at a time until the culprit is found.
        for (const { job } of batch) journal.transition(job.jobId, "uploaded", { submitTx: undefined }, "submission refused in simulation");
        if (batch.length > 1) {
          submitSingly = true;
          logger.warn({ jobs: batch.length, err: error }, "batch submission refused; submitting one at a time");
          return;
        }
        const job = batch[0]!.job;
        const failures = (submitFailures.get(job.jobId) ?? 0) + 1;
        submitFailures.set(job.jobId, failures);
        logger.warn({ job_id: job.jobId.toString(), err: error, attempt: failures }, "submission refused by the market");
        const after = await reconcile(journal.get(job.jobId)!);
        if (after.step === "uploaded" && failures >= 3) {
          metrics.failures.inc({ reason: "submission-refused" });
          journal.transition(job.jobId, "failed", { reason: `submission refused: ${(error as Error).message.split("\n")[0]}` });
        }
        return;
      }
      metrics.txErrors.inc({ kind: "submit" });
      logger.warn({ jobs: batch.length, err: error }, "submission transaction failed; reconciling with the chain");
      if (kind === "retryable") throw error; // left `attesting`, reconciled next tick
      for (const { job } of batch) await reconcile(journal.get(job.jobId)!);
    }
  };

  // ---- finalizing, withdrawing, rewards ----

  const finalizeReady = async (now: bigint) => {
    const submitted = journal.list({ steps: ["submitted"] });
    if (submitted.length === 0) return;
    const window = await chain.challengeWindow();
    const ready: JobRecord[] = [];
    for (const job of submitted) {
      const onChain = await chain.getJob(job.jobId);
      if (!onChain || onChain.status !== "submitted") {
        if (onChain?.status === "disputed") {
          once(`disputed-${job.jobId}`, () => logger.warn({ job_id: job.jobId.toString() }, "job is disputed; waiting for the committee's verdict"));
          continue;
        }
        const after = await reconcile(job);
        if (after.step === "finalized") onFinalized(after);
        continue;
      }
      if (now >= onChain.submittedAt + window) ready.push(job);
    }
    if (ready.length === 0) return;
    for (const job of ready) journal.transition(job.jobId, "finalizing");
    const ids = ready.map((job) => job.jobId);
    const call = ids.length === 1 ? marketCall("finalizeJob", [ids[0]], "finalize") : marketCall("finalizeJobs", [ids], "finalize");
    try {
      const { receipt } = await sender.send(call, {
        onSigned: (hash) => ids.forEach((jobId) => journal.update(jobId, { finalizeTx: hash })),
        onBroadcast: () => ids.forEach((jobId) => faults.crash("finalize-sent", jobId)),
      });
      metrics.txSent.inc({ kind: "finalize" });
      const payouts = new Map(
        parseEventLogs({ abi: jobMarketAbi, eventName: "JobFinalized", logs: receipt.logs }).map((log) => [log.args.jobId, log.args.providerPayout]),
      );
      for (const jobId of ids) {
        const payout = payouts.get(jobId);
        onFinalized(journal.transition(jobId, "finalized", payout === undefined ? {} : { payout }));
      }
    } catch (error) {
      const kind = classifyRpcError(error);
      if (kind === "revert" && !(error instanceof TransactionFailedError)) {
        for (const jobId of ids) journal.transition(jobId, "submitted", { finalizeTx: undefined }, "finalization refused in simulation");
        logger.warn({ jobs: ids.length, err: error }, "finalization refused; will try again");
        return;
      }
      metrics.txErrors.inc({ kind: "finalize" });
      if (kind === "retryable") throw error;
      for (const job of ready) {
        const after = await reconcile(journal.get(job.jobId)!);
        if (after.step === "finalized") onFinalized(after);
      }
    }
  };

  // ---- giving back jobs that cannot be delivered ----

  /**
   * Sends `releaseJob` for each job the pipeline could not deliver, while its deadline allows: the market reopens
   * it for other providers, and the release costs the expiry slash scaled by the share of the time held (nothing
   * jails). A job whose deadline passed first is left to expire.
   */
  const releaseUndeliverable = async (now: bigint) => {
    for (const job of journal.list({ steps: ["releasing"] })) {
      if (active.has(job.jobId)) continue;
      const jobId = job.jobId;
      if (now >= job.deadline) {
        logger.error({ job_id: jobId.toString(), reason: job.reason }, "the deadline passed before the job could be released; it will expire");
        journal.transition(jobId, "failed", {}, "too late to release");
        continue;
      }
      try {
        const { receipt } = await sender.send(marketCall("releaseJob", [jobId], "release"), {
          onBroadcast: () => faults.crash("release-sent", jobId),
        });
        metrics.txSent.inc({ kind: "release" });
        const [released] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobReleased", logs: receipt.logs });
        const slashed = released?.args.collateralSlashed ?? 0n;
        journal.transition(jobId, "released", {}, `collateral slashed: ${slashed}`);
        logger.info({ job_id: jobId.toString(), reason: job.reason, collateral_slashed: slashed.toString() }, "job released back to the market");
      } catch (error) {
        const kind = classifyRpcError(error);
        metrics.txErrors.inc({ kind: "release" });
        if (kind === "retryable") throw error; // stays `releasing`; sent again on the next tick
        const after = await reconcile(journal.get(jobId)!);
        if (after.step === "releasing") logger.warn({ job_id: jobId.toString(), err: error }, "release refused; will try again");
      }
    }
  };

  const onFinalized = (job: JobRecord) => {
    paidTokens.add(job.token);
    withdrawDue = true;
    logger.info({ job_id: job.jobId.toString(), payout: job.payout?.toString(), token: job.token }, "job finalized and paid");
    outputs.remove(job.jobId).catch(() => {});
  };

  const withdrawOwed = async () => {
    if (!withdrawDue && Date.now() - lastWithdrawCheck < WITHDRAW_EVERY_MS) return;
    lastWithdrawCheck = Date.now();
    withdrawDue = false;
    for (const token of paidTokens) {
      const owed = await chain.owed(token);
      if (owed === 0n) continue;
      try {
        const { hash, receipt } = await sender.send({ ...marketCall("withdraw", [token], "withdraw") });
        const [event] = parseEventLogs({ abi: jobMarketAbi, eventName: "Withdrawal", logs: receipt.logs });
        const amount = event?.args.amount ?? owed;
        journal.recordWithdrawal({ token, amount, txHash: hash });
        metrics.txSent.inc({ kind: "withdraw" });
        logger.info({ token, amount: amount.toString(), tx_hash: hash }, "earnings withdrawn");
      } catch (error) {
        metrics.txErrors.inc({ kind: "withdraw" });
        withdrawDue = true;
        if (classifyRpcError(error) === "retryable") throw error;
        logger.warn({ token, err: error }, "withdrawal failed; will try again");
      }
    }
  };

  const claimRewardsIfDue = async () => {
    if (!config.claimRewards) return; // the owner claims them
    if (paidTokens.size === 0) return; // no finalized work, no rewards
    const epoch = await chain.currentEpoch();
    const checked = journal.getMeta("rewards_checked_epoch");
    if (checked !== undefined && BigInt(checked) >= epoch) return;
    const claimable = await getClaimableRewards(context, provider);
    if (claimable.length > 0) {
      const epochs = claimable.map((entry) => entry.epoch);
      const total = claimable.reduce((sum, entry) => sum + entry.amount, 0n);
      try {
        const { hash } = await sender.send({
          address: deployment.contracts.rewards,
          abi: rewardsDistributorAbi,
          functionName: "claim",
          args: [epochs],
          label: "claim_rewards",
        });
        metrics.txSent.inc({ kind: "claim_rewards" });
        const claimedSoFar = BigInt(journal.getMeta("rewards_claimed_total") ?? "0");
        journal.setMeta("rewards_claimed_total", (claimedSoFar + total).toString());
        logger.info({ epochs: epochs.map(String), amount: total.toString(), tx_hash: hash }, "rewards claimed");
      } catch (error) {
        metrics.txErrors.inc({ kind: "claim_rewards" });
        if (classifyRpcError(error) === "retryable") throw error;
        logger.warn({ err: error }, "claiming rewards failed; will try again next epoch");
      }
    }
    journal.setMeta("rewards_checked_epoch", epoch.toString());
  };

  const pruneIfDue = async () => {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    try {
      const pruned = await ipfs.pruneExpired();
      const gc = (ipfs as { gc?: () => Promise<void> }).gc;
      if (pruned.length > 0 && gc) await gc.call(ipfs);
    } catch (error) {
      logger.warn({ err: error }, "pruning expired pins failed");
    }
  };

  // ---- the loop ----

  const tick = async () => {
    // A claim, submission or finalization journaled as in flight at the start of a tick was cut short
    // (a retryable failure in the last tick): find out what happened before anything else.
    for (const job of journal.list({ steps: ["claiming", "attesting", "finalizing"] })) await reconcile(job);
    const { head } = await watcher.poll(loopController.signal);
    const now = await chain.now();
    await decideSeenJobs(now);
    startPipelines();
    await submitReady(now);
    await releaseUndeliverable(now);
    await finalizeReady(now);
    if (duties) {
      await duties.poll(loopController.signal);
      await duties.tick(now, head);
    }
    await withdrawOwed();
    await claimRewardsIfDue();
    await pruneIfDue();
  };

  const loop = async () => {
    let failures = 0;
    while (!stopping) {
      try {
        await tick();
        failures = 0;
      } catch (error) {
        if (stopping) break;
        const kind = classifyRpcError(error);
        metrics.rpcErrors.inc({ class: kind });
        if (kind === "fatal") {
          logger.fatal({ err: error }, "the node stopped on an error it cannot recover from");
          throw error;
        }
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        logger.warn({ err: error, class: kind, retry_in_ms: delay, failures }, "loop iteration failed; backing off");
        await abortableSleep(delay, loopController.signal).catch(() => {});
        continue;
      }
      await abortableSleep(config.chain.pollIntervalMs, loopController.signal).catch(() => {});
    }
  };

  const shutdown = async () => {
    stopping = true;
    logger.info({ jobs_in_hand: active.size }, "stopping: no new claims; finishing the jobs in hand");
    loopController.abort(new Error("provider node stopping"));
    await loopPromise.catch(() => {});
    const pipelines = [...active.values()];
    if (pipelines.length > 0) {
      const grace = config.jobs.shutdownGraceMs;
      const graceOver = new AbortController();
      const finished = await Promise.race([
        Promise.allSettled(pipelines.map((entry) => entry.promise)).then(() => true),
        abortableSleep(grace, graceOver.signal).then(
          () => false,
          () => true,
        ),
      ]);
      graceOver.abort();
      if (!finished) {
        logger.warn({ jobs: active.size, grace_ms: grace }, "jobs still running after the grace period; parking them");
        for (const entry of active.values()) entry.controller.abort(new Error("shutdown"));
        await Promise.allSettled(pipelines.map((entry) => entry.promise));
      }
    }
    // Deliver what finished running; the journal covers a kill in the middle of it.
    try {
      await submitReady(await chain.now());
    } catch (error) {
      logger.warn({ err: error }, "could not submit finished results before stopping; they are submitted after restart");
    }
    resolveDone();
    logger.info({}, "provider node stopped");
  };

  const summarize = (job: JobRecord): JobSummary => ({
    job_id: job.jobId.toString(),
    step: job.step,
    token: job.token,
    price: job.price.toString(),
    deadline: job.deadline.toString(),
    result_cid: job.resultCid,
    reason: job.reason,
    payout: job.payout?.toString(),
    updated_at: job.updatedAt,
  });

  const node: ProviderNode = {
    address: provider,
    done,
    inFlight: () => active.size,
    async start() {
      if (started) return;
      started = true;
      await assertNetwork(context);
      const [info, minStake] = await Promise.all([chain.readProvider(), chain.minStake()]);
      const how = [
        "Register it with `hearth provider register` and stake with `hearth provider stake <amount>`,",
        `at least ${minStake} HRTH wei (the network's minimum stake), then start the node again.`,
      ];
      if (!info.registered) {
        throw new ProviderNotReadyError(`Account ${provider} is not a registered provider on chain ${deployment.chainId}.`, { metaMessages: how });
      }
      if (info.bonded < minStake) {
        throw new ProviderNotReadyError(`Provider ${provider} has ${info.bonded} HRTH wei staked, under the minimum of ${minStake}.`, {
          metaMessages: ["Stake more with `hearth provider stake <amount>`, then start the node again."],
        });
      }
      const now = await chain.now();
      if (info.jailedUntil > now) {
        logger.warn({ jailed_until: info.jailedUntil.toString() }, "this provider is jailed and takes no jobs until then");
      }
      if (info.carbonIntensity !== config.carbonIntensity) {
        logger.warn(
          { on_chain: info.carbonIntensity, configured: config.carbonIntensity },
          "the carbon intensity on chain differs from the config; update it with `hearth provider register`",
        );
      }
      if (config.verify && !info.verifier) {
        logger.info({}, "verify is on: opting in as a verifier on chain");
        await sender.send({ address: deployment.contracts.staking, abi: providerStakingAbi, functionName: "setVerifier", args: [true], label: "set_verifier" });
      } else if (!config.verify && info.verifier) {
        logger.warn(
          {},
          "this provider is a verifier on chain but verify is off: it will not judge disputes and will be penalised when drawn; set verify: true, or opt out on chain",
        );
      }
      if (config.faults?.modes.includes("neverReveal") && !config.verify) {
        logger.warn({}, "FAULT neverReveal is configured but verify is off: the node serves on no committee, so it has no effect");
      }
      const unfinished = journal.unfinished().filter((job) => job.step !== "seen");
      if (unfinished.length > 0) logger.info({ jobs: unfinished.length }, "reconciling unfinished jobs with the chain");
      for (const job of unfinished) {
        const after = await reconcile(job);
        if (after.step === "finalized") onFinalized(after);
      }
      logger.info(
        { address: provider, chain_id: deployment.chainId, max_concurrent_jobs: config.maxConcurrentJobs, last_block: journal.getLastBlock()?.toString() },
        "provider node started",
      );
      loopPromise = loop();
      loopPromise.catch((error: unknown) => rejectDone(error));
    },
    stop() {
      stopPromise ??= shutdown();
      return stopPromise;
    },
    async status() {

      const counts = journal.countByStep();
      const withdrawn = Object.fromEntries([...journal.withdrawn()].map(([token, amount]) => [token, amount.toString()]));
      let earnings: ProviderStatus["earnings"];
      let stake: ProviderStatus["stake"];
      try {
        const tokens = new Set<Address>([...paidTokens, ...minPrices.keys()]);
        const owed: Record<string, string> = {};
        for (const token of tokens) owed[token] = (await chain.owed(token)).toString();
        earnings = { owed, withdrawn };
        const info = await chain.readProvider();
        stake = {
          registered: info.registered,
          bonded: info.bonded.toString(),
          locked: info.locked.toString(),
          free: info.free.toString(),
          jailed_until: info.jailedUntil.toString(),
        };
      } catch (error) {
        const message = `chain unreachable: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
        earnings = { error: message };
        stake = { error: message };
      }
      const adapter = runtime.adapter;
      return {
        address: provider,
        chain_id: deployment.chainId,
        market,
        adapter: { vendor: adapter.vendor, architecture: adapter.architecture, description: adapter.description, is_software: adapter.isSoftware },
        f16_matmul: describeMatmulKernel(runtime.matmulKernel),
        energy_method: deps.energy.method,
        ipfs_addresses: await ipfs.multiaddrs().catch(() => []),
        last_block: journal.getLastBlock()?.toString(),
        queue: { seen: counts.seen },
        jobs_by_step: counts,
        in_flight: journal.list({ steps: inFlightSteps }).map(summarize),
        recent_jobs: journal.list({ newestFirst: true, limit: 20 }).map(summarize),
        earnings,
        stake,
        faults_enabled: faults.enabled,
        stopping,
      };
    },
  };
  return node;
}
