import { describe, expect, it } from "vitest";
import { verifyExact } from "./verifyExact.ts";

const out = (name: string, values: number[]) => ({ name, bytes: new Uint8Array(values) });

describe("verifyExact", () => {
  it("accepts identical outputs", () => {
    expect(verifyExact({ expected: [out("a", [1, 2, 3])], actual: [out("a", [1, 2, 3])] })).toEqual({ ok: true, mismatches: [] });
  });

  it("reports the first differing byte and how many differ", () => {
    const result = verifyExact({ expected: [out("a", [1, 2, 3, 4])], actual: [out("a", [1, 9, 3, 8])] });
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([{ name: "a", reason: "bytes", firstDifference: 1, differingBytes: 2 }]);
  });

  it("reports missing outputs and wrong lengths", () => {
    const result = verifyExact({ expected: [out("a", [1]), out("b", [1, 2])], actual: [out("b", [1])] });
    expect(result.mismatches).toEqual([
      { name: "a", reason: "missing" },
      { name: "b", reason: "length", expectedBytes: 2, actualBytes: 1 },
    ]);
  });

  it("compares only the named outputs when asked", () => {
    const result = verifyExact({ expected: [out("a", [1]), out("b", [2])], actual: [out("a", [1]), out("b", [3])], outputs: ["a"] });
    expect(result.ok).toBe(true);
  });
});
