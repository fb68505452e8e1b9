import { decodeFloat16 } from "../data/float16.ts";
import { float32View } from "../data/float32View.ts";

export type ReferenceMatmulParameters = {
  a: Uint8Array;
  b: Uint8Array;
  m: number;
  n: number;
  k: number;
  dtype?: "f32" | "f16" | undefined;
};

/**
 * C = A·B on the CPU, accumulated in f64 and rounded once to f32: the reference a verifier
 * re-executes small matmul jobs against, and that tests compare GPU kernels with. O(mnk).
 */
export function referenceMatmul({ a, b, m, n, k, dtype = "f32" }: ReferenceMatmulParameters): Float32Array {
  const left = dtype === "f16" ? decodeFloat16(a) : float32View(a);
  const right = dtype === "f16" ? decodeFloat16(b) : float32View(b);
  if (left.length !== m * k || right.length !== k * n) throw new RangeError(`A must hold ${m * k} and B ${k * n} elements`);
  const result = new Float32Array(m * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let l = 0; l < k; l++) {
      const value = left[i * k + l]!;
      if (value === 0) continue;
      const offset = l * n;
      for (let j = 0; j < n; j++) row[j] = row[j]! + value * right[offset + j]!;
    }
    result.set(row, i * n);
  }
  return result;
}
