import { describe, expect, it } from "vitest";
import { generateSeededBytes, xoshiro128ss } from "../data/seededInputs.ts";
import { referenceMatmul } from "./referenceMatmul.ts";
import { verifyFreivalds } from "./verifyFreivalds.ts";

const f32Bytes = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

/** What a GPU does: one f32 accumulator per element, k steps in the given order. */
function f32Matmul(a: Float32Array, b: Float32Array, m: number, n: number, k: number, reverse = false): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let step = 0; step < k; step++) {
        const l = reverse ? k - 1 - step : step;
        sum = Math.fround(sum + Math.fround(a[i * k + l]! * b[l * n + j]!));
      }
      c[i * n + j] = sum;
    }
  return c;
}

function problem(m: number, n: number, k: number, min = 0, max = 1) {
  const a = generateSeededBytes({ generator: "uniform-f32", seed: 11, min, max }, m * k * 4);
  const b = generateSeededBytes({ generator: "uniform-f32", seed: 12, min, max }, k * n * 4);
  return { a, b, m, n, k, values: { a: new Float32Array(a.buffer), b: new Float32Array(b.buffer) } };
}

const seeded = (seed: number) => {
  const next = xoshiro128ss(BigInt(seed));
  return () => next();
};

describe("verifyFreivalds", () => {
  const { a, b, m, n, k, values } = problem(37, 53, 41);

  it("accepts an honest f32 product, in either summation order", () => {
    for (const reverse of [false, true]) {
      const c = f32Matmul(values.a, values.b, m, n, k, reverse);
      const result = verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, randomWord: seeded(1) });
      expect(result.ok).toBe(true);
      expect(result.suspicious).toBe(false);
      expect(result.rounds).toBe(16);
      expect(result.falseAcceptBound).toBe(2 ** -16);
    }
  });

  it("accepts honest products of mixed-sign data", () => {
    const mixed = problem(40, 30, 200, -1, 1);
    const c = f32Matmul(mixed.values.a, mixed.values.b, 40, 30, 200);
    expect(verifyFreivalds({ ...mixed, c: f32Bytes(c), randomWord: seeded(2) }).ok).toBe(true);
  });

  it("rejects one element off by more than detectableError", () => {
    const c = referenceMatmul({ a, b, m, n, k });
    const honest = verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, randomWord: seeded(3) });
    expect(honest.detectableError).toBeLessThan(1);
    c[5 * n + 7]! += 1;
    const result = verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, randomWord: seeded(3) });
    expect(result.ok).toBe(false);
    expect(result.worst.row).toBe(5);
    expect(result.worst.residual).toBeGreaterThan(result.worst.tolerance);
  });

  it("rejects an all-zero result and a result with a NaN", () => {
    expect(verifyFreivalds({ a, b, c: new Uint8Array(m * n * 4), m, n, k, randomWord: seeded(4) }).ok).toBe(false);
    const c = referenceMatmul({ a, b, m, n, k });
    c[0] = Number.NaN;
    expect(verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, randomWord: seeded(4) }).ok).toBe(false);
  });

  it("cannot tell an error below the rounding bound from rounding (documented limit)", () => {
    const c = referenceMatmul({ a, b, m, n, k });
    c[3]! = Math.fround(c[3]! * (1 + 2 ** -20));
    expect(verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, randomWord: seeded(5) }).ok).toBe(true);
  });

  it("flags as suspicious an edit that hides below the rigorous bound but not below honest rounding", () => {
    const big = problem(64, 256, 256);
    const c = f32Matmul(big.values.a, big.values.b, 64, 256, 256);
    const honest = verifyFreivalds({ ...big, c: f32Bytes(c), randomWord: seeded(6) });
    expect(honest).toMatchObject({ ok: true, suspicious: false });
    // Rigorous row tolerance here is about 0.13, the statistical one about 0.01.
    c[10 * 256 + 20]! += 0.05;
    const edited = verifyFreivalds({ ...big, c: f32Bytes(c), randomWord: seeded(6) });
    expect(edited).toMatchObject({ ok: true, suspicious: true });
  });

  it("reads f16 inputs", () => {
    const a16 = generateSeededBytes({ generator: "uniform-f16", seed: 1, min: -1, max: 1 }, 20 * 30 * 2);
    const b16 = generateSeededBytes({ generator: "uniform-f16", seed: 2, min: -1, max: 1 }, 30 * 10 * 2);
    const c = referenceMatmul({ a: a16, b: b16, m: 20, n: 10, k: 30, dtype: "f16" });
    const parameters = { a: a16, b: b16, c: f32Bytes(c), m: 20, n: 10, k: 30, randomWord: seeded(7) };
    expect(verifyFreivalds({ ...parameters, dtype: "f16" }).ok).toBe(true);
    // The same bytes read as the wrong shape or type do not check out.
    expect(() => verifyFreivalds({ ...parameters, dtype: "f32" })).toThrow(RangeError);
  });

  it("lowers the false-accept bound with more rounds", () => {
    const c = referenceMatmul({ a, b, m, n, k });
    expect(verifyFreivalds({ a, b, c: f32Bytes(c), m, n, k, rounds: 40 }).falseAcceptBound).toBe(2 ** -40);
  });

  it("rejects buffers whose sizes do not match m, n, k", () => {
    expect(() => verifyFreivalds({ a, b, c: new Uint8Array(4), m, n, k })).toThrow(/c has 4 bytes/);
  });
});
