import { verifyJobResult } from "@hearth/sdk/actions/verifyJobResult";
import { HearthResultMismatchError } from "@hearth/sdk/actions/fetchJobResult";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { InvalidResultManifestError } from "@hearth/sdk/result/resultManifest";
import type { GpuRuntime } from "../runtime/createGpuRuntime.ts";

/**
 * - correct: the attested outputs are available, match the attested root and pass the spec's check;
 * - wrong: they do not match the root, the manifest is malformed, or they fail the check;
 * - unknown: this node could not tell (the result could not be fetched, or our own GPU failed): abstain.
 */
export type Judgement = { verdict: "correct" | "wrong" | "unknown"; reason: string };

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
  try {
    // verifyJobResult reads only through `cat`; its type asks for the full client because HearthContext does.
    const result = await verifyJobResult(context as HearthContext & { ipfs: IpfsReader }, jobId, {
      timeoutMs: options.timeoutMs,
      runReference: async (spec) => {
        const run = await options.runtime.runJob(spec, {
          fetchInput: (cid, maxBytes, signal) => ipfs.cat(cid, { maxBytes, signal, timeoutMs: options.timeoutMs }),
        });
        return run.outputs;
      },
    });
    return result.verified
      ? { verdict: "correct", reason: `passed ${result.verification.method}` }
      : { verdict: "wrong", reason: `failed ${result.verification.method}` };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    if (error instanceof HearthResultMismatchError || error instanceof InvalidResultManifestError) return { verdict: "wrong", reason: message };
    // Unavailable (HearthResultUnavailableError), or our own GPU or IPFS failed: we cannot tell.
    return { verdict: "unknown", reason: message };
  }
}
