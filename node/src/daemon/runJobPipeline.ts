import type { Logger } from "pino";
import type { IpfsClient } from "@hearth/sdk/ipfs/IpfsClient";
import type { JobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import type { ProviderChain } from "../chain/createProviderChain.ts";
import type { EnergyMeter } from "../energy/createEnergyMeter.ts";
import { GpuJobAbortedError, GpuRuntimeError } from "../errors/gpu.ts";
import type { FaultInjector } from "../faults/createFaultInjector.ts";
import type { JobJournal, JobMetrics, JobRecord } from "../journal/createJobJournal.ts";
import type { NodeMetrics } from "../metrics/createNodeMetrics.ts";
import type { OutputStore, NamedOutput } from "../result/createOutputStore.ts";
import { storeJobResult } from "../result/storeJobResult.ts";
import type { GpuRuntime } from "../runtime/createGpuRuntime.ts";
import { JobSpecUnavailableError } from "../errors/provider.ts";
import { perturbWithinTolerance } from "../faults/perturbWithinTolerance.ts";
import { selfCheckResult } from "./selfCheckResult.ts";

export type JobPipelineDeps = {
  journal: JobJournal;
  ipfs: IpfsClient;
  runtime: Pick<GpuRuntime, "runJob">;
  energy: EnergyMeter;
  outputs: OutputStore;
  faults: FaultInjector;
  chain: Pick<ProviderChain, "now">;
  /** The job's spec (fetched and parsed; the node caches it). */
  getSpec: (specCid: string, signal: AbortSignal) => Promise<JobSpec>;
  metrics: NodeMetrics;
  logger: Logger;
  /** Asks a pinning service to keep the result as well (best effort). */
  remotePin?: ((cids: string[], name: string) => Promise<void>) | undefined;
  settings: {
    retentionDays: number;
    fetchTimeoutMs: number;
    /** Graphics API the adapter runs on, for the manifest. */
    backend: string;
  };
};

/**
 * Takes a claimed job to `uploaded`: runs it on the GPU (inputs fetched by CID, bounded by their declared
 * sizes), measures its energy, checks the result where it can (Freivalds), writes the outputs to disk (`executed`),
 * then stores them and the result manifest on IPFS (`uploaded`). Resumes at `executed` from the outputs
 * on disk. A job that cannot be run is recorded `failed` with its reason and never submitted; a shutdown
 * parks it where it stands.
 */
export async function runJobPipeline(jobId: bigint, deps: JobPipelineDeps, signal: AbortSignal): Promise<JobRecord> {
  const { journal, logger: baseLogger, faults, metrics } = deps;
  const logger = baseLogger.child({ job_id: jobId.toString() });
  let record = journal.get(jobId)!;

  // A job that cannot be delivered goes back to the market (releaseJob) while its deadline allows: another
  // provider may run it, and the release costs only the share of the time held. Too late, it will expire.
  const fail = (code: string, message: string, error?: unknown): JobRecord => {
    metrics.failures.inc({ reason: code });
    const release = code !== "expired";
    logger.error(
      { reason: code, err: error, deadline: record.deadline.toString() },
      release
        ? `job failed (${message}); it will not be submitted and is given back to the market`
        : `job failed (${message}); it will not be submitted and will expire at its deadline, costing part of the collateral`,
    );
    return journal.transition(jobId, release ? "releasing" : "failed", { reason: `${code}: ${message}` }, message);
  };

  if (record.step === "claimed") {
    if ((await deps.chain.now()) >= record.deadline) return fail("expired", "the deadline passed before the job could run");
    record = journal.transition(jobId, "running", { attempts: record.attempts + 1 });
    faults.crash("running", jobId);
    let outputs: NamedOutput[];
    let jobMetrics: JobMetrics;
    try {
      const spec = await deps.getSpec(record.specCid, signal);
      const measurement = deps.energy.start();
      const startedAt = performance.now();
      let result;
      try {
        result = await deps.runtime.runJob(spec, {
          fetchInput: (cid, maxBytes, fetchSignal) => deps.ipfs.cat(cid, { maxBytes, signal: fetchSignal, timeoutMs: deps.settings.fetchTimeoutMs }),
          signal,
        });
      } catch (error) {
        await measurement.stop(performance.now() - startedAt); // stop sampling
        throw error;
      }
      // The device was busy for the GPU process's wall time (input downloads excluded).
      const reading = await measurement.stop(result.timings.wallMs);
      outputs = result.outputs;
      const check = await selfCheckResult({ spec, outputs, ipfs: deps.ipfs, timeoutMs: deps.settings.fetchTimeoutMs });
      if (check.checked && !check.ok) return fail("self-check-failed", "the result failed our own check; the GPU computed wrongly", check.details);
      if (check.checked) {
        logger.info(
          { self_check: "passed", method: check.method, rounds: check.rounds, false_accept_bound: check.falseAcceptBound },
          "result checked before attesting",
        );
      }
      if (faults.applies("wrongOutput", jobId)) outputs = corrupt(outputs);
      const verification = compileJobSpec(spec).verification;
      if (verification.method === "tolerance" && faults.applies("perturbWithinTolerance", jobId)) {
        const perturbation = perturbWithinTolerance(outputs, verification);
        outputs = perturbation.outputs;
        logger.warn(
          {
            fault: "perturbWithinTolerance",
            elements_perturbed: perturbation.perturbed,
            largest_share_of_tolerance: perturbation.largestShareOfTolerance,
            relative: verification.relative,
            absolute: verification.absolute,
          },
          "FAULT: outputs moved within the spec's tolerance before storing and attesting (still a correct result)",
        );
      }
      const device = result.device;
      jobMetrics = {
        gpuMs: result.timings.gpuMs,
        wallMs: result.timings.wallMs,
        energyJoules: reading.joules,
        energyMethod: reading.method,
        energyEstimated: reading.estimated,
        device: {
          vendor: device.vendor.slice(0, 128),
          architecture: device.architecture.slice(0, 128),
          description: (device.description || device.device).slice(0, 256),
          backend: deps.settings.backend,
        },
      };
    } catch (error) {
      if (error instanceof GpuJobAbortedError || signal.aborted) {
        logger.warn({}, "job parked by shutdown; it runs again after restart");
        return journal.transition(jobId, "parked", { resumeStep: "claimed" }, "shutdown while running");
      }
      if (error instanceof GpuRuntimeError) return fail(error.code, error.shortMessage, error);
      if (error instanceof JobSpecUnavailableError) return fail("spec-unavailable", error.shortMessage, error);
      if (error instanceof Error && error.name === "InvalidJobSpecError") return fail("spec-invalid", error.message.split("\n")[0]!, error);
      throw error;
    }
    await deps.outputs.write(jobId, outputs);
    record = journal.transition(jobId, "executed", { metrics: jobMetrics, executedAt: new Date().toISOString() });
    metrics.gpuSeconds.inc({}, jobMetrics.gpuMs / 1000);
    metrics.energyJoules.inc({ method: jobMetrics.energyMethod }, jobMetrics.energyJoules);
    logger.info(
      { gpu_ms: round(jobMetrics.gpuMs), wall_ms: round(jobMetrics.wallMs), energy_joules: round(jobMetrics.energyJoules), energy_method: jobMetrics.energyMethod },
      "job executed",
    );
    faults.crash("executed", jobId);
  }

  if (record.step === "executed") {
    const outputs = await deps.outputs.read(jobId);
    if (!outputs) {
      logger.warn({}, "outputs on disk are missing; running the job again");
      journal.transition(jobId, "claimed", {}, "outputs missing");
      return runJobPipeline(jobId, deps, signal);
    }
    let stored;
    try {
      stored = await storeJobResult({
        ipfs: deps.ipfs,
        jobId,
        specCid: record.specCid,
        outputs,
        metrics: record.metrics!,
        createdAt: record.executedAt!,
        retainUntil: new Date(Date.now() + deps.settings.retentionDays * 86_400_000),
        signal,
      });
    } catch (error) {
      if (signal.aborted) return journal.transition(jobId, "parked", { resumeStep: "executed" }, "shutdown while uploading");
      throw error;
    }
    record = journal.transition(jobId, "uploaded", { resultCid: stored.resultCid, outputRoot: stored.outputRoot });
    logger.info({ result_cid: stored.resultCid, output_root: stored.outputRoot }, "result stored on IPFS");
    faults.crash("uploaded", jobId);
    if (deps.remotePin) {
      const cids = [...stored.manifest.outputs.map((output) => output.cid), stored.resultCid];
      await deps.remotePin(cids, `hearth job ${jobId}`).catch((error: unknown) => logger.warn({ err: error }, "pinning service did not take the result; it stays pinned here"));
    }
  }
  return record;
}

/**
 * The wrongOutput fault: sets bit 30 of every 32-bit word of the first output (an f32's top exponent bit,
 * so every element is far off, never within a float tolerance), so the attested result is plainly wrong.
 */
function corrupt(outputs: NamedOutput[]): NamedOutput[] {
  return outputs.map((output, index) => {
    if (index !== 0) return output;
    const bytes = new Uint8Array(output.bytes);
    for (let offset = 3; offset < bytes.length; offset += 4) bytes[offset] = bytes[offset]! ^ 0x40;
    if (bytes.length < 4) bytes[0] = bytes[0]! ^ 0xff;
    return { name: output.name, bytes };
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
