import { describe, expect, it } from "vitest";
import { seededInputs } from "../data/seededInputs.ts";
import { VerificationInputMissingError } from "../errors/verify.ts";
import { parseJobSpec } from "../spec/jobSpec.ts";
import { referenceMatmul } from "./referenceMatmul.ts";
import { verifyResult } from "./verifyResult.ts";

const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
const f32 = (values: Float32Array) => new Uint8Array(values.buffer);

const matmul = (inputs: object) =>
  parseJobSpec({ version: 1, runtime: "matmul", m: 20, n: 24, k: 28, inputs, limits: { maxBytes: 1 << 20, maxWallMs: 1000 } });

const wgsl = (verification: object) =>
  parseJobSpec({
    version: 1,
    runtime: "wgsl",
    shader: { source: "@compute @workgroup_size(1) fn main() {}" },
    buffers: [
      { name: "x", binding: 0, kind: "input", bytes: 8, cid: CID },
      { name: "y", binding: 1, kind: "output", bytes: 8 },
    ],
    dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
    limits: { maxBytes: 64, maxWallMs: 1000 },
    verification,
  });

describe("verifyResult", () => {
  const seededSpec = matmul({ a: { seed: { generator: "uniform-f32", seed: 1 } }, b: { seed: { generator: "uniform-f32", seed: 2 } } });
  const inputs = seededInputs(seededSpec);
  const honest = referenceMatmul({ a: inputs.get("a")!, b: inputs.get("b")!, m: 20, n: 24, k: 28 });

  it("checks a matmul template with Freivalds, generating seeded inputs itself", () => {
    const result = verifyResult({ spec: seededSpec, outputs: [{ name: "c", bytes: f32(honest) }] });
    expect(result).toMatchObject({ method: "freivalds", ok: true, shape: [] });
    const wrong = honest.slice();
    wrong[100]! += 0.5;
    expect(verifyResult({ spec: seededSpec, outputs: [{ name: "c", bytes: f32(wrong) }] }).ok).toBe(false);
  });

  it("fails on an output of the wrong size without running the check", () => {
    const result = verifyResult({ spec: seededSpec, outputs: [{ name: "c", bytes: new Uint8Array(8) }] });
    expect(result.ok).toBe(false);
    expect(result.shape).toEqual([{ name: "c", reason: "length", expectedBytes: 20 * 24 * 4, actualBytes: 8 }]);
  });

  it("asks for inputs given by CID", () => {
    const spec = matmul({ a: { cid: CID }, b: { seed: { generator: "uniform-f32", seed: 2 } } });
    expect(() => verifyResult({ spec, outputs: [{ name: "c", bytes: f32(honest) }] })).toThrow(VerificationInputMissingError);
    const result = verifyResult({ spec, outputs: [{ name: "c", bytes: f32(honest) }], inputs: [{ name: "a", bytes: inputs.get("a")! }] });
    expect(result.ok).toBe(true);
  });

  it("dispatches exact and tolerance specs to their verifiers against a reference", () => {
    const reference = [{ name: "y", bytes: f32(new Float32Array([1, 2])) }];
    const close = [{ name: "y", bytes: f32(new Float32Array([1, 2.0001])) }];
    const exact = wgsl({ method: "exact" });
    expect(verifyResult({ spec: exact, outputs: reference, reference })).toMatchObject({ method: "exact", ok: true });
    expect(verifyResult({ spec: exact, outputs: close, reference }).ok).toBe(false);
    const tolerance = wgsl({ method: "tolerance", relative: 1e-3, absolute: 0 });
    expect(verifyResult({ spec: tolerance, outputs: close, reference })).toMatchObject({ method: "tolerance", ok: true });
    expect(() => verifyResult({ spec: tolerance, outputs: close })).toThrow(VerificationInputMissingError);
  });
});
