import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { jobSpecBounds, parseJobSpec, type JobSpec } from "@hearth/sdk/spec/jobSpec";
import { JobSpecUnavailableError } from "../errors/provider.ts";

/**
 * Fetches a job's spec from IPFS, bounded by the spec-size limit and verified against its CID by the IPFS
 * layer, and parses it with the one schema. Throws `JobSpecUnavailableError` when it cannot be fetched, and
 * the SDK's `InvalidJobSpecError` when it is not a valid spec.
 */
export async function fetchJobSpec(
  ipfs: IpfsReader,
  specCid: string,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<JobSpec> {
  let bytes: Uint8Array;
  try {
    bytes = await ipfs.cat(specCid, { maxBytes: jobSpecBounds.maxSpecBytes, timeoutMs: options.timeoutMs, signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new JobSpecUnavailableError(`The spec ${specCid} could not be fetched from IPFS.`, {
      details: cause instanceof Error ? cause.message.split("\n")[0] : String(cause),
      metaMessages: ["Peers holding it may be offline; add the requester's node to ipfs.peers."],
      cause,
    });
  }
  return parseJobSpec(bytes);
}
