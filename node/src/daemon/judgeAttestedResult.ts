import { verifyJobResult } from "@hearth/sdk/actions/verifyJobResult";
import { HearthResultMismatchError } from "@hearth/sdk/actions/fetchJobResult";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { InvalidResultManifestError } from "@hearth/sdk/result/resultManifest";
import type { Verification } from "@hearth/sdk/spec/jobSpec";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import type { VerifyResultReturnType } from "@hearth/sdk/verify/verifyResult";
import type { GpuRuntime } from "../runtime/createGpuRuntime.ts";

/**
 * - correct: the attested outputs are available, match the attested root and pass the spec's check;
 * - wrong: they do not match the root, the manifest is malformed, or they fail the check;
 * - unknown: this node could not tell (the result could not be fetched, or our own GPU failed): abstain.
 *
 * `evidence` says what was checked and how, as snake_case log fields, so every verdict can be traced: the
 * method, the job's provider and attested result, the method's own figures (Freivalds: rounds, the
 * false-accept bound 2^-rounds and the smallest error it is sure to see; tolerance: the bounds and the
 * element closest to them; exact: the outputs that differ) and how long it took.
 */
export type Judgement = {
  verdict: "correct" | "wrong" | "unknown";
  reason: string;
  evidence?: Record<string, string | number | boolean> | undefined;
};

/**
 * Judges another provider's attested result the way the spec says: Freivalds for matrix products, a
 * re-execution on this node's GPU for `exact` and `tolerance`.
 */
export async function judgeAttestedResult(
  context: Omit<HearthContext, "ipfs"> & { ipfs: IpfsReader },
  jobId: bigint,
  options: { runtime: Pick<GpuRuntime, "runJob">; timeoutMs: number },
): Promise<Judgement> {
  const { ipfs } = context;
  const started = performance.now();
  let referenceRunMs: number | undefined;
  try {
    // verifyJobResult reads only through `cat`; its type asks for the full client because HearthContext does.
    const result = await verifyJobResult(context as HearthContext & { ipfs: IpfsReader }, jobId, {
      timeoutMs: options.timeoutMs,
      runReference: async (spec) => {
        const runStarted = performance.now();
        const run = await options.runtime.runJob(spec, {
          fetchInput: (cid, maxBytes, signal) => ipfs.cat(cid, { maxBytes, signal, timeoutMs: options.timeoutMs }),
        });
        referenceRunMs = round(performance.now() - runStarted);
        return run.outputs;
      },
    });
    const evidence = {
      job_provider: result.attestation.provider,
      result_cid: result.attestation.resultCid,
      output_root: result.attestation.outputRoot,
      attested_gpu_ms: Number(result.attestation.gpuTimeMs),
      ...describeCheck(result.verification, compileJobSpec(result.spec).verification),
      ...(referenceRunMs === undefined ? {} : { reference_run_ms: referenceRunMs }),
      duration_ms: round(performance.now() - started),
    };
    return result.verified
      ? { verdict: "correct", reason: `passed ${result.verification.method}`, evidence }
      : { verdict: "wrong", reason: `failed ${result.verification.method}`, evidence };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    const evidence = { duration_ms: round(performance.now() - started), error_name: error instanceof Error ? error.name : "unknown" };
    if (error instanceof HearthResultMismatchError || error instanceof InvalidResultManifestError) return { verdict: "wrong", reason: message, evidence };
    // Unavailable (HearthResultUnavailableError), or our own GPU or IPFS failed: we cannot tell.
    return { verdict: "unknown", reason: message, evidence };
  }
}

/** The figures behind a check, flat, for a log line. */
function describeCheck(verification: VerifyResultReturnType, specified: Verification): Record<string, string | number | boolean> {
  const shape = verification.shape.length === 0 ? {} : { shape_problems: verification.shape.map((problem) => `${problem.name}: ${problem.reason}`).join("; ") };
  switch (verification.method) {
    case "freivalds":
      return {
        method: "freivalds",
        rounds: verification.rounds,
        false_accept_bound: verification.falseAcceptBound,
        detectable_error: finite(verification.detectableError),
        suspicious: verification.suspicious,
        worst_row: verification.worst.row,
        worst_residual: finite(verification.worst.residual),
        worst_residual_tolerance: finite(verification.worst.tolerance),
        ...shape,
      };
    case "tolerance":
      return {
        method: "tolerance",
        ...(specified.method === "tolerance" ? { relative: specified.relative, absolute: specified.absolute } : {}),
        compared: verification.compared,
        failures: verification.failures,
        ...(verification.worst
          ? {
              worst_output: verification.worst.name,
              worst_index: verification.worst.index,
              worst_error: finite(verification.worst.error),
              worst_allowed: finite(verification.worst.allowed),
            }
          : {}),
        ...(verification.mismatches.length === 0 ? {} : { mismatches: verification.mismatches.map((m) => `${m.name}: ${m.reason}`).join("; ") }),
        ...shape,
      };
    case "exact":
      return {
        method: "exact",
        ...(verification.mismatches.length === 0 ? {} : { mismatches: verification.mismatches.map((m) => `${m.name}: ${m.reason}`).join("; ") }),
        ...shape,
      };
  }
}

/** JSON has no Infinity or NaN (they would print as null): say them in words. */
function finite(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
