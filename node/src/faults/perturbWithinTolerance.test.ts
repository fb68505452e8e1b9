import { describe, expect, test } from "vitest";
import { verifyTolerance } from "@hearth/sdk/verify/verifyTolerance";
import { perturbWithinTolerance } from "./perturbWithinTolerance.ts";

const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const values = (bytes: Uint8Array) => [...new Float32Array(bytes.slice().buffer)];

describe("perturbWithinTolerance", () => {
  const verification = { method: "tolerance", relative: 1e-4, absolute: 1e-5 } as const;

  test("changes every finite element, stays inside the spec's tolerance and passes its check", () => {
    const original = [{ name: "logits", bytes: f32([1, -2.5, 0, 1e-3, 123456, -7e-7, Number.NaN, Number.POSITIVE_INFINITY]) }];
    const { outputs, perturbed, largestShareOfTolerance } = perturbWithinTolerance(original, verification);
    expect(perturbed).toBe(6);
    expect(largestShareOfTolerance).toBeGreaterThan(0.005);
    expect(largestShareOfTolerance).toBeLessThan(0.011);
    const after = values(outputs[0]!.bytes);
    const before = values(original[0]!.bytes);
    for (let i = 0; i < 6; i++) expect(after[i]).not.toBe(before[i]);
    expect(after[6]).toBeNaN();
    expect(after[7]).toBe(Number.POSITIVE_INFINITY);
    // The input is left alone.
    expect(values(original[0]!.bytes)[0]).toBe(1);
    const check = verifyTolerance({ expected: original, actual: outputs, relative: verification.relative, absolute: verification.absolute });
    expect(check.ok).toBe(true);
    expect(check.worst!.error).toBeGreaterThan(0);
    // The same bound without any slack fails: the outputs really differ from a re-execution.
    expect(verifyTolerance({ expected: original, actual: outputs, relative: 0, absolute: 0 }).ok).toBe(false);
  });

  test("touches only the outputs the spec compares with tolerance", () => {
    const original = [
      { name: "compared", bytes: f32([1, 2]) },
      { name: "exact", bytes: f32([1, 2]) },
    ];
    const { outputs, perturbed } = perturbWithinTolerance(original, { ...verification, outputs: ["compared"] });
    expect(perturbed).toBe(2);
    expect(outputs[1]).toBe(original[1]);
  });

  test("works on unaligned bytes", () => {
    const backing = new Uint8Array(9);
    backing.set(f32([3, 4]), 1);
    const { outputs } = perturbWithinTolerance([{ name: "out", bytes: backing.subarray(1) }], verification);
    const [three, four] = values(outputs[0]!.bytes);
    expect(three).not.toBe(3);
    expect(three).toBeCloseTo(3, 4);
    expect(four).not.toBe(4);
    expect(four).toBeCloseTo(4, 4);
  });
});
