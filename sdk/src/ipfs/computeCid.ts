import { importer, type ImporterOptions } from "ipfs-unixfs-importer";
import { importOptions } from "./importOptions.ts";
import { IpfsOperationError } from "./IpfsError.ts";

export type ComputeCidContent = Uint8Array | string | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * The CID that `add` would give `content`, without storing anything (Kubo's `--only-hash`).
 * `options` overrides the import options; only tests and migrations need that.
 */
export async function computeCid(content: ComputeCidContent, options: ImporterOptions = {}): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const discard = { put: async <T>(cid: T): Promise<T> => cid };
  let root: string | undefined;
  for await (const entry of importer([{ content: bytes }], discard, { ...importOptions, ...options })) {
    root = entry.cid.toString();
  }
  if (root === undefined) throw new IpfsOperationError("The UnixFS importer produced no root CID.");
  return root;
}
