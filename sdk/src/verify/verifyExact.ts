import { findBytes, type NamedBytes } from "./namedBytes.ts";

export type VerifyExactParameters = {
  /** Outputs from a trusted (re-)execution. */
  expected: readonly NamedBytes[];
  /** Outputs under test (the provider's). */
  actual: readonly NamedBytes[];
  /** Names to compare; default: every expected output. */
  outputs?: readonly string[] | undefined;
};

export type ExactMismatch =
  | { name: string; reason: "missing" }
  | { name: string; reason: "length"; expectedBytes: number; actualBytes: number }
  | { name: string; reason: "bytes"; firstDifference: number; differingBytes: number };

export type VerifyExactReturnType = { ok: boolean; mismatches: ExactMismatch[] };

/** Byte-for-byte comparison, for integer kernels whose results do not depend on the GPU. */
export function verifyExact({ expected, actual, outputs }: VerifyExactParameters): VerifyExactReturnType {
  const mismatches: ExactMismatch[] = [];
  for (const name of outputs ?? expected.map((output) => output.name)) {
    const want = findBytes(expected, name);
    const got = findBytes(actual, name);
    if (want === undefined || got === undefined) {
      mismatches.push({ name, reason: "missing" });
      continue;
    }
    if (want.byteLength !== got.byteLength) {
      mismatches.push({ name, reason: "length", expectedBytes: want.byteLength, actualBytes: got.byteLength });
      continue;
    }
    let firstDifference = -1;
    let differingBytes = 0;
    for (let index = 0; index < want.byteLength; index++) {
      if (want[index] !== got[index]) {
        if (firstDifference < 0) firstDifference = index;
        differingBytes++;
      }
    }
    if (differingBytes > 0) mismatches.push({ name, reason: "bytes", firstDifference, differingBytes });
  }
  return { ok: mismatches.length === 0, mismatches };
}
