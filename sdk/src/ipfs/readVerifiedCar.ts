import { CarBlockIterator } from "@ipld/car/iterator";
import { exporter } from "ipfs-unixfs-exporter";
import { equals } from "multiformats/bytes";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { IpfsContentTooLargeError, IpfsError, IpfsNotAFileError, IpfsVerificationError } from "./IpfsError.ts";
import { readBounded } from "./readBounded.ts";

/**
 * Reads a CAR stream (from a trustless gateway or Kubo's `dag export`) and returns the file
 * rooted at `cid`, trusting nothing the source says: every block must hash to its CID, the
 * file is rebuilt only from such blocks, and at most about `maxBytes` are read.
 */
export async function readVerifiedCar(
  car: AsyncIterable<Uint8Array>,
  cid: CID,
  { maxBytes }: { maxBytes: number },
): Promise<Uint8Array> {
  const cidText = cid.toString();
  // Room for dag-pb nodes and CAR framing around maxBytes of file data.
  const maxCarBytes = maxBytes + Math.max(1024 * 1024, Math.ceil(maxBytes / 8));
  const blocks = new Map<string, Uint8Array>();

  try {
    const iterator = await CarBlockIterator.fromIterable(limit(car, maxCarBytes, () => new IpfsContentTooLargeError({ cid: cidText, maxBytes })));
    for await (const block of iterator) {
      const digest = block.cid.multihash;
      let valid: boolean;
      if (digest.code === sha256.code) valid = equals((await sha256.digest(block.bytes)).digest, digest.digest);
      else if (digest.code === identity.code) valid = equals(block.bytes, digest.digest);
      else throw new IpfsVerificationError({ cid: cidText, reason: `block ${block.cid} uses an unsupported hash (0x${digest.code.toString(16)})` });
      if (!valid) throw new IpfsVerificationError({ cid: cidText, reason: `block ${block.cid} does not hash to its CID` });
      blocks.set(key(block.cid), block.bytes);
    }
  } catch (error) {
    if (error instanceof IpfsError) throw error;
    throw new IpfsVerificationError({ cid: cidText, reason: "the CAR could not be read", cause: error });
  }

  const verified = {
    async *get(wanted: CID): AsyncGenerator<Uint8Array> {
      const bytes = blocks.get(key(wanted));
      if (bytes === undefined) {
        throw new IpfsVerificationError({ cid: cidText, reason: `the CAR lacks block ${wanted}` });
      }
      yield bytes;
    },
  };
  try {
    const entry = await exporter(cid, verified);
    if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
      throw new IpfsNotAFileError({ cid: cidText, type: entry.type });
    }
    if (entry.size > BigInt(maxBytes)) {
      throw new IpfsContentTooLargeError({ cid: cidText, maxBytes, size: Number(entry.size) });
    }
    return await readBounded(entry.content(), { maxBytes, cid: cidText });
  } catch (error) {
    if (error instanceof IpfsError) throw error;
    throw new IpfsVerificationError({ cid: cidText, reason: "the file could not be rebuilt from the CAR", cause: error });
  }
}

function key(cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString("base64");
}

async function* limit(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => IpfsContentTooLargeError,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}
