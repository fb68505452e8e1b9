import { BaseError } from "../errors/BaseError.ts";
import type { IpfsReader } from "../ipfs/IpfsClient.ts";
import type { JobSpec } from "../spec/jobSpec.ts";
import { compileJobSpec } from "../templates/compileJobSpec.ts";
import { jobSpecBounds } from "../spec/jobSpec.ts";

export class HearthInputUnavailableError extends BaseError {
  override name = "HearthInputUnavailableError";
}

/**
 * Fetches every input a spec names by CID (and its shader, if by CID), bounded by the declared sizes, so a
 * job whose inputs nobody can fetch is refused before it is paid for.
 */
export async function checkSpecInputs(
  ipfs: IpfsReader,
  spec: JobSpec,
  options: { timeoutMs?: number | undefined } = {},
): Promise<void> {
  const wgsl = compileJobSpec(spec);
  const wanted: Array<{ what: string; cid: string; bytes: number }> = [];
  if ("cid" in wgsl.shader) wanted.push({ what: "shader", cid: wgsl.shader.cid, bytes: jobSpecBounds.maxShaderBytes });
  for (const buffer of wgsl.buffers) {
    if (buffer.kind === "input" && "cid" in buffer) wanted.push({ what: `input "${buffer.name}"`, cid: buffer.cid, bytes: buffer.bytes });
  }
  for (const item of wanted) {
    let content: Uint8Array;
    try {
      content = await ipfs.cat(item.cid, { maxBytes: item.bytes, timeoutMs: options.timeoutMs ?? 10_000 });
    } catch (cause) {
      throw new HearthInputUnavailableError(`The ${item.what} (${item.cid}) could not be fetched from IPFS.`, {
        metaMessages: ["Add it to IPFS first (the CLI uploads files named in the spec), or fix the CID."],
        cause,
      });
    }
    if (item.what !== "shader" && content.length !== item.bytes) {
      throw new HearthInputUnavailableError(
        `The ${item.what} (${item.cid}) holds ${content.length} bytes but the spec declares ${item.bytes}.`,
        { metaMessages: ["Fix `bytes` in the spec or the data."] },
      );
    }
  }
}
