import { describe, expect, it } from "vitest";
import { verifyTolerance } from "./verifyTolerance.ts";

const f32 = (name: string, values: number[]) => ({ name, bytes: new Uint8Array(new Float32Array(values).buffer) });

describe("verifyTolerance", () => {
  it("accepts values within absolute + relative·|expected|", () => {
    const result = verifyTolerance({
      expected: [f32("y", [1, 100, 0])],
      actual: [f32("y", [1.001, 100.1, 0.0005])],
      relative: 1e-3,
      absolute: 1e-3,
    });
    expect(result.ok).toBe(true);
    expect(result.compared).toBe(3);
  });

  it("rejects values outside and reports the worst element", () => {
    const result = verifyTolerance({
      expected: [f32("y", [1, 100, 5])],
      actual: [f32("y", [1.01, 100.5, 5])],
      relative: 1e-3,
      absolute: 0,
    });
    expect(result.ok).toBe(false);
    expect(result.failures).toBe(2);
    // 0.01 over 0.001 allowed (ratio 10) beats 0.5 over 0.1 (ratio 5).
    expect(result.worst).toMatchObject({ name: "y", index: 0, expected: 1 });
    expect(result.worst!.error).toBeCloseTo(0.01, 6);
    expect(result.worst!.allowed).toBeCloseTo(0.001, 9);
  });

  it("matches NaN with NaN and an infinity with itself, and nothing else", () => {
    const ok = verifyTolerance({ expected: [f32("y", [Number.NaN, Infinity])], actual: [f32("y", [Number.NaN, Infinity])], relative: 0, absolute: 0 });
    expect(ok.ok).toBe(true);
    const bad = verifyTolerance({ expected: [f32("y", [1, Infinity])], actual: [f32("y", [Number.NaN, -Infinity])], relative: 1, absolute: 1 });
    expect(bad.failures).toBe(2);
    expect(bad.worst!.error).toBe(Number.POSITIVE_INFINITY);
  });

  it("compares outputs not listed for tolerance exactly", () => {
    const result = verifyTolerance({
      expected: [f32("y", [1]), f32("count", [3])],
      actual: [f32("y", [1.0001]), f32("count", [3.0001])],
      relative: 1e-3,
      absolute: 0,
      outputs: ["y"],
    });
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([expect.objectContaining({ name: "count", reason: "bytes" })]);
  });

  it("reports a missing output", () => {
    const result = verifyTolerance({ expected: [f32("y", [1])], actual: [], relative: 1, absolute: 1 });
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([{ name: "y", reason: "missing" }]);
  });
});
