import { bytesToHex, hexToBytes, keccak256, type Hex } from "viem";

/**
 * Output commitment: one bytes32 that binds a result to every byte of its outputs, cheap to
 * check on chain for any single chunk (a dispute points at one chunk, not the whole output).
 *
 * - Each output buffer (in the order the spec lists outputs) is cut into chunks of
 *   OUTPUT_CHUNK_BYTES (the last chunk of a buffer may be shorter; never empty).
 * - leaf = keccak256(keccak256(abi.encode(uint32 bufferIndex, uint32 chunkIndex, bytes chunk)))
 *   where bufferIndex counts outputs only (0 = first output). The double hash is
 *   OpenZeppelin's StandardMerkleTree convention: a leaf can never be read as an inner node.
 * - Leaves in order (buffer 0 chunks 0.., then buffer 1 ...) form the bottom level. Each
 *   level pairs neighbours, node = keccak256(min(x, y) ‖ max(x, y)) (sorted pair, as
 *   OpenZeppelin's `Hashes.commutativeKeccak256`); an odd last node moves up unchanged.
 * - The root is the top node (a single leaf is its own root).
 *
 * A proof is the list of sibling nodes from leaf to root, so Solidity can check one with
 * OpenZeppelin's `MerkleProof.verify(proof, root, leaf)`. The leaf itself encodes its
 * buffer and chunk indices, so a proof cannot be replayed at another position.
 */
export const OUTPUT_CHUNK_BYTES = 4096;

export type OutputBuffers = readonly Uint8Array[] | readonly { readonly bytes: Uint8Array }[];

export type OutputChunkProof = {
  bufferIndex: number;
  chunkIndex: number;
  chunk: Uint8Array;
  leaf: Hex;
  proof: Hex[];
};

/** The Merkle root over the outputs' chunks (see above), as 0x-prefixed bytes32. */
export function outputCommitment(outputs: OutputBuffers): Hex {
  const levels = buildLevels(outputs);
  return bytesToHex(levels[levels.length - 1]![0]!);
}

/** The leaf for one chunk: keccak256(keccak256(abi.encode(uint32, uint32, bytes))). */
export function outputChunkLeaf(bufferIndex: number, chunkIndex: number, chunk: Uint8Array): Hex {
  return bytesToHex(leafBytes(bufferIndex, chunkIndex, chunk));
}

/** Proof that chunk `chunkIndex` of output `bufferIndex` is under the commitment. */
export function outputChunkProof(outputs: OutputBuffers, bufferIndex: number, chunkIndex: number): OutputChunkProof {
  const buffers = toBuffers(outputs);
  const buffer = buffers[bufferIndex];
  if (buffer === undefined) throw new RangeError(`no output ${bufferIndex} (there are ${buffers.length})`);
  const chunkCount = chunkCountOf(buffer);
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= chunkCount)
    throw new RangeError(`output ${bufferIndex} has ${chunkCount} chunks; ${chunkIndex} is out of range`);
  const leafPosition = positionOf(buffers, bufferIndex, chunkIndex);
  const levels = buildLevels(buffers);
  let position = leafPosition;
  const proof: Hex[] = [];
  for (let depth = 0; depth < levels.length - 1; depth++) {
    const level = levels[depth]!;
    const sibling = position ^ 1;
    if (sibling < level.length) proof.push(bytesToHex(level[sibling]!));
    position >>= 1;
  }
  const chunk = buffer.subarray(chunkIndex * OUTPUT_CHUNK_BYTES, (chunkIndex + 1) * OUTPUT_CHUNK_BYTES);
  return { bufferIndex, chunkIndex, chunk, leaf: bytesToHex(levels[0]![leafPosition]!), proof };
}

/** Checks a chunk proof against a commitment, as `MerkleProof.verify` would on chain. */
export function verifyOutputChunkProof(parameters: {
  root: Hex;
  bufferIndex: number;
  chunkIndex: number;
  chunk: Uint8Array;
  proof: readonly Hex[];
}): boolean {
  const { root, bufferIndex, chunkIndex, chunk, proof } = parameters;
  if (chunk.byteLength === 0 || chunk.byteLength > OUTPUT_CHUNK_BYTES) return false;
  let node = leafBytes(bufferIndex, chunkIndex, chunk);
  for (const sibling of proof) node = hashPair(node, hexToBytes(sibling));
  return bytesToHex(node) === root.toLowerCase();
}

function toBuffers(outputs: OutputBuffers): Uint8Array[] {
  return outputs.map((output) => (output instanceof Uint8Array ? output : output.bytes));
}

function chunkCountOf(buffer: Uint8Array): number {
  return Math.ceil(buffer.byteLength / OUTPUT_CHUNK_BYTES);
}

function positionOf(buffers: Uint8Array[], bufferIndex: number, chunkIndex: number): number {
  let position = chunkIndex;
  for (let index = 0; index < bufferIndex; index++) position += chunkCountOf(buffers[index]!);
  return position;
}

function buildLevels(outputs: OutputBuffers): Uint8Array[][] {
  const buffers = toBuffers(outputs);
  if (buffers.length === 0) throw new RangeError("an output commitment needs at least one output");
  const leaves: Uint8Array[] = [];
  buffers.forEach((buffer, bufferIndex) => {
    if (buffer.byteLength === 0) throw new RangeError(`output ${bufferIndex} is empty`);
    for (let chunkIndex = 0; chunkIndex * OUTPUT_CHUNK_BYTES < buffer.byteLength; chunkIndex++)
      leaves.push(leafBytes(bufferIndex, chunkIndex, buffer.subarray(chunkIndex * OUTPUT_CHUNK_BYTES, (chunkIndex + 1) * OUTPUT_CHUNK_BYTES)));
  });
  const levels = [leaves];
  let level = leaves;
  while (level.length > 1) {
    const parent: Uint8Array[] = [];
    for (let index = 0; index + 1 < level.length; index += 2) parent.push(hashPair(level[index]!, level[index + 1]!));
    if (level.length % 2 === 1) parent.push(level[level.length - 1]!);
    levels.push(parent);
    level = parent;
  }
  return levels;
}

/** abi.encode(uint32 bufferIndex, uint32 chunkIndex, bytes chunk), then hashed twice. */
function leafBytes(bufferIndex: number, chunkIndex: number, chunk: Uint8Array): Uint8Array {
  if (!isUint32(bufferIndex) || !isUint32(chunkIndex)) throw new RangeError("buffer and chunk indices must be uint32");
  const padded = Math.ceil(chunk.byteLength / 32) * 32;
  const encoded = new Uint8Array(128 + padded);
  const view = new DataView(encoded.buffer);
  view.setUint32(28, bufferIndex);
  view.setUint32(60, chunkIndex);
  view.setUint32(92, 0x60); // offset of the dynamic `bytes` argument
  view.setUint32(124, chunk.byteLength);
  encoded.set(chunk, 128);
  return keccak256(keccak256(encoded, "bytes"), "bytes");
}

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(64);
  const [low, high] = compareBytes(left, right) <= 0 ? [left, right] : [right, left];
  joined.set(low, 0);
  joined.set(high, 32);
  return keccak256(joined, "bytes");
}

function compareBytes(left: Uint8Array, right: Uint8Array): number {
  for (let index = 0; index < 32; index++) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function isUint32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}
