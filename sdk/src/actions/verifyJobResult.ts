import type { HearthContext } from "../chain/createHearthContext.ts";
import { BaseError } from "../errors/BaseError.ts";
import type { IpfsReader } from "../ipfs/IpfsClient.ts";
import type { JobSpec } from "../spec/jobSpec.ts";
import { compileJobSpec } from "../templates/compileJobSpec.ts";
import type { NamedBytes } from "../verify/namedBytes.ts";
import { verifyResult, type VerifyResultReturnType } from "../verify/verifyResult.ts";
import { fetchJobResult, type FetchJobResultReturnType } from "./fetchJobResult.ts";

export class HearthReferenceRequiredError extends BaseError {
  override name = "HearthReferenceRequiredError";
}

/** Re-executes a spec on a trusted device (for `exact` and `tolerance` checks). */
export type RunReference = (spec: JobSpec, inputs: NamedBytes[]) => Promise<NamedBytes[]>;

export type VerifyJobResultReturnType = FetchJobResultReturnType & { verification: VerifyResultReturnType; verified: boolean };

/**
 * Fetches a job's result (verified against its CIDs and the attested output root) and checks it the way its
 * spec says: Freivalds for matrix products (no re-execution), or against a reference re-execution for `exact`
 * and `tolerance`.
 */
export async function verifyJobResult(
  context: HearthContext & { ipfs: IpfsReader },
  jobId: bigint,
  options: { runReference?: RunReference | undefined; timeoutMs?: number | undefined } = {},
): Promise<VerifyJobResultReturnType> {
  const fetched = await fetchJobResult(context, jobId, { timeoutMs: options.timeoutMs });
  const compiled = compileJobSpec(fetched.spec);
  const inputs: NamedBytes[] = [];
  for (const buffer of compiled.buffers) {
    if (buffer.kind === "input" && "cid" in buffer) {
      inputs.push({ name: buffer.name, bytes: await context.ipfs.cat(buffer.cid, { maxBytes: buffer.bytes, timeoutMs: options.timeoutMs }) });
    }
  }
  let reference: NamedBytes[] | undefined;
  if (compiled.verification.method !== "freivalds") {
    if (!options.runReference) {
      throw new HearthReferenceRequiredError(`Job ${jobId} is checked by ${compiled.verification.method}: that needs a re-execution.`, {
        metaMessages: ["Run the check where a WebGPU runtime is available (the hearth CLI does it on this machine)."],
      });
    }
    reference = await options.runReference(fetched.spec, inputs);
  }
  const verification = verifyResult({ spec: fetched.spec, outputs: fetched.outputs, inputs, reference });
  return { ...fetched, verification, verified: verification.ok };
}
