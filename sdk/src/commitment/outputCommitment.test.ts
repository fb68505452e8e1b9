import { bytesToHex, concat, encodeAbiParameters, keccak256, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  OUTPUT_CHUNK_BYTES,
  outputChunkLeaf,
  outputChunkProof,
  outputCommitment,
  verifyOutputChunkProof,
} from "./outputCommitment.ts";

function bytes(length: number, seed = 1): Uint8Array {
  const result = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    result[index] = state >>> 24;
  }
  return result;
}

/** Independent reference: viem's ABI encoder and an OpenZeppelin-style sorted-pair tree. */
function referenceRoot(outputs: Uint8Array[]): Hex {
  let level: Hex[] = outputs.flatMap((output, bufferIndex) =>
    Array.from({ length: Math.ceil(output.length / OUTPUT_CHUNK_BYTES) }, (_, chunkIndex) =>
      keccak256(
        keccak256(
          encodeAbiParameters(
            [{ type: "uint32" }, { type: "uint32" }, { type: "bytes" }],
            [bufferIndex, chunkIndex, bytesToHex(output.subarray(chunkIndex * OUTPUT_CHUNK_BYTES, (chunkIndex + 1) * OUTPUT_CHUNK_BYTES))],
          ),
        ),
      ),
    ),
  );
  while (level.length > 1) {
    const next: Hex[] = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index]!;
      const right = level[index + 1];
      next.push(right === undefined ? left : keccak256(concat(BigInt(left) < BigInt(right) ? [left, right] : [right, left])));
    }
    level = next;
  }
  return level[0]!;
}

describe("outputCommitment", () => {
  it("matches an independent implementation for one and several outputs", () => {
    for (const outputs of [[bytes(10)], [bytes(4096)], [bytes(4097), bytes(100, 2)], [bytes(5 * 4096 + 3), bytes(3 * 4096, 3), bytes(1, 4)]])
      expect(outputCommitment(outputs)).toBe(referenceRoot(outputs));
  });

  it("is the leaf itself for a single chunk", () => {
    const output = bytes(200);
    expect(outputCommitment([output])).toBe(outputChunkLeaf(0, 0, output));
  });

  it("changes when any byte, the order of outputs, or the split between outputs changes", () => {
    const a = bytes(9000, 1);
    const b = bytes(5000, 2);
    const root = outputCommitment([a, b]);
    const flipped = a.slice();
    flipped[8999]! ^= 1;
    expect(outputCommitment([flipped, b])).not.toBe(root);
    expect(outputCommitment([b, a])).not.toBe(root);
    const joined = new Uint8Array([...a, ...b]);
    expect(outputCommitment([joined])).not.toBe(root);
    expect(outputCommitment([a.slice(), b.slice()])).toBe(root);
  });

  it("accepts named outputs as runJob returns them", () => {
    const a = bytes(64);
    expect(outputCommitment([{ bytes: a }])).toBe(outputCommitment([a]));
  });

  it("rejects empty output lists and empty outputs", () => {
    expect(() => outputCommitment([])).toThrow(RangeError);
    expect(() => outputCommitment([new Uint8Array(0)])).toThrow(RangeError);
  });
});

describe("outputChunkProof", () => {
  it.each([1, 2, 3, 5, 8, 9])("proves every chunk of an output of %i chunks", (chunks) => {
    const outputs = [bytes(chunks * OUTPUT_CHUNK_BYTES - 7, chunks), bytes(300, 99)];
    const root = outputCommitment(outputs);
    outputs.forEach((output, bufferIndex) => {
      for (let chunkIndex = 0; chunkIndex * OUTPUT_CHUNK_BYTES < output.length; chunkIndex++) {
        const proof = outputChunkProof(outputs, bufferIndex, chunkIndex);
        expect(proof.chunk).toEqual(output.subarray(chunkIndex * OUTPUT_CHUNK_BYTES, (chunkIndex + 1) * OUTPUT_CHUNK_BYTES));
        expect(verifyOutputChunkProof({ root, ...proof })).toBe(true);
      }
    });
  });

  it("fails for altered bytes, another position, or another root", () => {
    const outputs = [bytes(5 * OUTPUT_CHUNK_BYTES), bytes(2 * OUTPUT_CHUNK_BYTES, 7)];
    const root = outputCommitment(outputs);
    const proof = outputChunkProof(outputs, 0, 3);
    const altered = proof.chunk.slice();
    altered[0]! ^= 0x80;
    expect(verifyOutputChunkProof({ root, ...proof, chunk: altered })).toBe(false);
    expect(verifyOutputChunkProof({ root, ...proof, chunkIndex: 2 })).toBe(false);
    expect(verifyOutputChunkProof({ root, ...proof, bufferIndex: 1 })).toBe(false);
    expect(verifyOutputChunkProof({ root: outputCommitment([bytes(10)]), ...proof })).toBe(false);
    expect(verifyOutputChunkProof({ root, ...proof, proof: proof.proof.slice(1) })).toBe(false);
  });

  it("refuses chunks that do not exist", () => {
    const outputs = [bytes(OUTPUT_CHUNK_BYTES + 1)];
    expect(() => outputChunkProof(outputs, 0, 2)).toThrow(RangeError);
    expect(() => outputChunkProof(outputs, 1, 0)).toThrow(RangeError);
  });
});
