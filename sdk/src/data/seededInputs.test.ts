import { describe, expect, it } from "vitest";
import { parseJobSpec } from "../spec/jobSpec.ts";
import { fromFloat16Bits, toFloat16Bits } from "./float16.ts";
import { generateSeededBytes, seededInputs, xoshiro128ss } from "./seededInputs.ts";

// First outputs of the reference C code (Vigna's splitmix64.c and xoshiro128starstar.c),
// seeded as documented in seededInputs.ts.
const referenceOutputs: [bigint, number[]][] = [
  [0n, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774]],
  [42n, [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]],
  [0xdeadbeefcafebaben, [2306019369, 2612752571, 2283903557, 601034383, 1745798403, 4232365414]],
];

describe("xoshiro128ss", () => {
  it.each(referenceOutputs)("matches the reference implementation for seed %s", (seed, expected) => {
    const next = xoshiro128ss(seed);
    expect(expected.map(() => next())).toEqual(expected);
  });
});

describe("generateSeededBytes", () => {
  it("writes the raw generator words for the full u32 range", () => {
    const words = new Uint32Array(generateSeededBytes({ generator: "uniform-u32", seed: 42 }, 24).buffer);
    expect([...words]).toEqual(referenceOutputs[1]![1]);
  });

  it("reads a seed the same as a number, a decimal string and a hex string", () => {
    const source = (seed: number | string) => generateSeededBytes({ generator: "uniform-f32", seed }, 64);
    expect(source(42)).toEqual(source("42"));
    expect(source(42)).toEqual(source("0x2a"));
    expect(source(42)).not.toEqual(source(43));
  });

  it("accepts seeds beyond 2^53 as strings", () => {
    const words = new Uint32Array(generateSeededBytes({ generator: "uniform-u32", seed: "0xdeadbeefcafebabe" }, 24).buffer);
    expect([...words]).toEqual(referenceOutputs[2]![1]);
  });

  it("maps words to f32 as documented and stays in [min, max]", () => {
    const bytes = generateSeededBytes({ generator: "uniform-f32", seed: 0, min: -2, max: 3 }, 4 * 10_000);
    const values = new Float32Array(bytes.buffer);
    const next = xoshiro128ss(0n);
    expect(values[0]).toBe(Math.fround(-2 + 5 * ((next() >>> 8) / 2 ** 24)));
    expect(values[1]).toBe(Math.fround(-2 + 5 * ((next() >>> 8) / 2 ** 24)));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThanOrEqual(3);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it("covers an inclusive u32 range and nothing outside it", () => {
    const values = new Uint32Array(generateSeededBytes({ generator: "uniform-u32", seed: 9, min: 3, max: 5 }, 4 * 3000).buffer);
    const counts = new Map<number, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([3, 4, 5]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });

  it("maps u32 ranges with exact integer arithmetic", () => {
    const span = 0xffff_fff0 - 7 + 1;
    const values = new Uint32Array(generateSeededBytes({ generator: "uniform-u32", seed: 5, min: 7, max: 0xffff_fff0 }, 4 * 64).buffer);
    const next = xoshiro128ss(5n);
    for (const value of values) expect(value).toBe(7 + Number((BigInt(next()) * BigInt(span)) >> 32n));
  });

  it("rounds f16 values straight from binary64", () => {
    const bytes = generateSeededBytes({ generator: "uniform-f16", seed: 3, min: -1, max: 1 }, 2 * 1000);
    const halves = new Uint16Array(bytes.buffer);
    const next = xoshiro128ss(3n);
    for (const bits of halves) {
      expect(bits).toBe(toFloat16Bits(-1 + 2 * ((next() >>> 8) / 2 ** 24)));
      expect(Math.abs(fromFloat16Bits(bits))).toBeLessThanOrEqual(1);
    }
  });

  it("rejects a length that is not whole elements", () => {
    expect(() => generateSeededBytes({ generator: "uniform-f32", seed: 1 }, 6)).toThrow(RangeError);
  });
});

describe("seededInputs", () => {
  it("generates a matmul template's seeded inputs at their compiled sizes", () => {
    const spec = parseJobSpec({
      version: 1,
      runtime: "matmul",
      m: 3,
      n: 5,
      k: 4,
      dtype: "f16",
      inputs: { a: { seed: { generator: "uniform-f16", seed: 1 } }, b: { cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" } },
      limits: { maxBytes: 1 << 20, maxWallMs: 1000 },
    });
    const inputs = seededInputs(spec);
    expect([...inputs.keys()]).toEqual(["a"]);
    expect(inputs.get("a")).toEqual(generateSeededBytes({ generator: "uniform-f16", seed: 1 }, 3 * 4 * 2));
  });
});
