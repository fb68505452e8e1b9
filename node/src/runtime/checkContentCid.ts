import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";

const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;
const IDENTITY = 0x00;

export type CidCheck = { result: "match" } | { result: "mismatch"; expected: string; actual: string } | { result: "unchecked" };

/**
 * Checks bytes against a CID where the bytes alone suffice: a raw-codec CID with a sha2-256
 * (or identity) multihash — what Kubo and Helia give any content up to one 256 KiB chunk.
 * Larger content has a UnixFS (dag-pb) root whose check needs the DAG; the IPFS layer verifies
 * each block against its CID as it fetches, so those come back "unchecked" here.
 */
export function checkContentCid(cid: string, bytes: Uint8Array): CidCheck {
  const parsed = CID.parse(cid);
  if (parsed.code !== RAW_CODEC) return { result: "unchecked" };
  const { code, digest } = parsed.multihash;
  let actual: Uint8Array;
  if (code === SHA2_256) actual = createHash("sha256").update(bytes).digest();
  else if (code === IDENTITY) actual = bytes;
  else return { result: "unchecked" };
  if (Buffer.compare(Buffer.from(actual), Buffer.from(digest)) === 0) return { result: "match" };
  const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");
  return { result: "mismatch", expected: hex(digest), actual: hex(actual) };
}
