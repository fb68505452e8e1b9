import type { HearthContext } from "../chain/createHearthContext.ts";
import { outputCommitment } from "../commitment/outputCommitment.ts";
import { BaseError } from "../errors/BaseError.ts";
import type { IpfsReader } from "../ipfs/IpfsClient.ts";
import { parseResultManifest, type ResultManifest } from "../result/resultManifest.ts";
import { parseJobSpec, jobSpecBounds, type JobSpec } from "../spec/jobSpec.ts";
import type { NamedBytes } from "../verify/namedBytes.ts";
import { getJobAttestation, getJobCreation, type JobAttestation } from "./getJobEvents.ts";

export class HearthResultUnavailableError extends BaseError {
  override name = "HearthResultUnavailableError";
}

export class HearthResultMismatchError extends BaseError {
  override name = "HearthResultMismatchError";
}

export type FetchJobResultReturnType = {
  spec: JobSpec;
  specCid: string;
  attestation: JobAttestation;
  manifest: ResultManifest;
  outputs: NamedBytes[];
};

const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * Fetches a job's spec, attested result manifest and outputs from IPFS; every block is verified against its
 * CID, every output is bounded by its declared size, and the outputs must hash to the attested output root.
 */
export async function fetchJobResult(
  context: HearthContext & { ipfs: IpfsReader },
  jobId: bigint,
  options: { timeoutMs?: number | undefined } = {},
): Promise<FetchJobResultReturnType> {
  const [creation, attestation] = await Promise.all([getJobCreation(context, jobId), getJobAttestation(context, jobId)]);
  if (!creation) throw new HearthResultUnavailableError(`There is no job ${jobId} on this network.`);
  if (!attestation) {
    throw new HearthResultUnavailableError(`Job ${jobId} has no result yet.`, {
      metaMessages: ["Wait for it with `hearth job status <id>` or `--wait`."],
    });
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cat = async (cid: string, maxBytes: number, what: string) => {
    try {
      return await context.ipfs.cat(cid, { maxBytes, timeoutMs });
    } catch (cause) {
      throw new HearthResultUnavailableError(`Could not fetch the ${what} (${cid}) of job ${jobId} from IPFS.`, {
        metaMessages: ["The provider may be offline; its node keeps results pinned for the retention period."],
        cause,
      });
    }
  };
  const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const spec = parseJobSpec(decode(await cat(creation.specCid, jobSpecBounds.maxSpecBytes, "spec")));
  const manifest = parseResultManifest(decode(await cat(attestation.resultCid, MAX_MANIFEST_BYTES, "result manifest")));
  const outputs: NamedBytes[] = [];
  for (const output of manifest.outputs) {
    const bytes = await cat(output.cid, output.bytes, `output "${output.name}"`);
    if (bytes.byteLength !== output.bytes) {
      throw new HearthResultMismatchError(`Output "${output.name}" holds ${bytes.byteLength} bytes, not the ${output.bytes} listed.`);
    }
    outputs.push({ name: output.name, bytes });
  }
  const root = outputCommitment(outputs.map((output) => output.bytes));
  if (root.toLowerCase() !== attestation.outputRoot.toLowerCase() || root.toLowerCase() !== manifest.outputRoot.toLowerCase()) {
    throw new HearthResultMismatchError(`Job ${jobId}'s outputs hash to ${root}, but the provider attested ${attestation.outputRoot}.`, {
      metaMessages: ["The result is not what was attested: challenge it with `hearth job challenge`."],
    });
  }
  return { spec, specCid: creation.specCid, attestation, manifest, outputs };
}
