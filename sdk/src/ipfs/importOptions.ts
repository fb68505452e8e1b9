import type { ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

/** Kubo's chunk size (`size-262144`); `@helia/unixfs` defaults to 1 MiB, which gives other CIDs. */
export const IMPORT_CHUNK_SIZE = 262_144;
/** Kubo's `Import.UnixFSFileMaxLinks` default: children per node of the balanced file DAG. */
export const IMPORT_MAX_CHILDREN = 174;

/**
 * UnixFS import options that give the CIDs Kubo gives for `ipfs add --cid-version=1`
 * (CIDv1, raw leaves, sha2-256, fixed 256 KiB chunks, balanced DAG of at most 174 links).
 * Every file Hearth adds goes through these, so a requester, a provider and a user's Kubo
 * agree on the CID of the same bytes.
 */
export const importOptions = Object.freeze({
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: IMPORT_CHUNK_SIZE }),
  layout: balanced({ maxChildrenPerNode: IMPORT_MAX_CHILDREN }),
} satisfies ImporterOptions);

/**
 * The same choices spelled as Kubo RPC `add` parameters. Kubo has no per-request max-links
 * parameter in every version, so it relies on Kubo's default of 174; `createKuboClient`
 * checks each returned CID against a local import and fails loudly when they differ.
 */
export const kuboAddOptions = Object.freeze({
  cidVersion: 1,
  rawLeaves: true,
  hashAlg: "sha2-256",
  chunker: `size-${IMPORT_CHUNK_SIZE}`,
  trickle: false,
} as const);
