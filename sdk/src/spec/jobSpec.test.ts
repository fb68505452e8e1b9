import { describe, expect, it } from "vitest";
import { InvalidJobSpecError } from "../errors/spec.ts";
import { jobSpecBounds, parseJobSpec, type JobSpecInput } from "./jobSpec.ts";

const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

const validWgsl = (): JobSpecInput => ({
  version: 1,
  runtime: "wgsl",
  shader: { source: "@compute @workgroup_size(64) fn main() {}" },
  buffers: [
    { name: "x", binding: 0, kind: "input", bytes: 1024, cid: CID },
    { name: "y", binding: 1, kind: "input", bytes: 1024, seed: { generator: "uniform-f32", seed: 7, min: -1, max: 1 } },
    { name: "params", binding: 2, kind: "uniform", type: "u32", data: [256, 1] },
    { name: "out", binding: 3, kind: "output", bytes: 1024 },
  ],
  dispatches: [{ entryPoint: "main", workgroups: [4, 1, 1] }],
  limits: { maxBytes: 4096, maxWallMs: 10_000 },
  verification: { method: "tolerance", relative: 1e-5, absolute: 1e-6 },
});

function issueOf(value: unknown): InvalidJobSpecError {
  try {
    parseJobSpec(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidJobSpecError);
    return error as InvalidJobSpecError;
  }
  throw new Error("expected parseJobSpec to throw");
}

function withBuffers(buffers: unknown[], changes: Record<string, unknown> = {}) {
  return { ...validWgsl(), buffers, ...changes };
}

describe("parseJobSpec", () => {
  it("accepts a valid wgsl spec from JSON text and fills defaults", () => {
    const spec = parseJobSpec(JSON.stringify(validWgsl()));
    expect(spec.runtime).toBe("wgsl");
    if (spec.runtime !== "wgsl") return;
    expect(spec.buffers.map((buffer) => buffer.group)).toEqual([0, 0, 0, 0]);
    expect(spec.buffers[1]).toMatchObject({ kind: "input", seed: { generator: "uniform-f32", seed: 7 } });
  });

  it("accepts a matmul template with n only and defaults dtype and verification", () => {
    const spec = parseJobSpec({
      version: 1,
      runtime: "matmul",
      n: 128,
      inputs: { a: { cid: CID }, b: { seed: { generator: "uniform-f32", seed: "0xdeadbeef" } } },
      limits: { maxBytes: 3 * 128 * 128 * 4 + 16, maxWallMs: 1000 },
    });
    expect(spec).toMatchObject({ runtime: "matmul", n: 128, dtype: "f32", verification: { method: "freivalds", rounds: 16 } });
  });

  it("rejects text that is not JSON, with the parser's reason", () => {
    const error = issueOf("{ version: 1");
    expect(error.path).toBe("spec");
    expect(error.shortMessage).toMatch(/not valid JSON/);
  });

  it("says to upgrade for a newer version and names the version path", () => {
    const error = issueOf({ ...validWgsl(), version: 2 });
    expect(error.path).toBe("spec.version");
    expect(error.shortMessage).toMatch(/upgrade the SDK/);
  });

  it("names an unknown runtime and lists the known ones", () => {
    const error = issueOf({ ...validWgsl(), runtime: "cuda" });
    expect(error.path).toBe("spec.runtime");
    expect(error.shortMessage).toMatch(/"wgsl".*"matmul"/);
  });

  it("rejects an input with both cid and seed", () => {
    const [first, second] = validWgsl().runtime === "wgsl" ? (validWgsl() as { buffers: unknown[] }).buffers : [];
    const both = { ...(first as object), seed: { generator: "uniform-f32", seed: 1 } };
    const error = issueOf(withBuffers([both, second, { name: "out", binding: 3, kind: "output", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers[0]");
    expect(error.shortMessage).toMatch(/only one of "seed" or "cid"|only one of "cid" or "seed"/);
  });

  it("rejects an input with neither cid nor seed", () => {
    const error = issueOf(withBuffers([{ name: "x", binding: 0, kind: "input", bytes: 4 }, { name: "o", binding: 1, kind: "output", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers[0]");
    expect(error.shortMessage).toMatch(/needs one of "cid" or "seed"/);
  });

  it("names an unknown buffer kind", () => {
    const error = issueOf(withBuffers([{ name: "x", binding: 0, kind: "inout", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers[0].kind");
    expect(error.shortMessage).toMatch(/"input".*"output".*"scratch".*"uniform"/);
  });

  it("points at the nested field inside the intended union branch", () => {
    const error = issueOf(withBuffers([{ name: "o", binding: 0, kind: "output", bytes: jobSpecBounds.maxBufferBytes + 1 }]));
    expect(error.path).toBe("spec.buffers[0].bytes");
    expect(error.shortMessage).toMatch(/4 GiB/);
  });

  it("rejects an invalid CID", () => {
    const error = issueOf(withBuffers([{ name: "x", binding: 0, kind: "input", bytes: 4, cid: "not-a-cid" }, { name: "o", binding: 1, kind: "output", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers[0].cid");
  });

  it("rejects duplicate names and duplicate bindings", () => {
    const duplicateName = issueOf(withBuffers([{ name: "o", binding: 0, kind: "output", bytes: 4 }, { name: "o", binding: 1, kind: "output", bytes: 4 }]));
    expect(duplicateName.path).toBe("spec.buffers[1].name");
    const duplicateBinding = issueOf(withBuffers([{ name: "o", binding: 0, kind: "output", bytes: 4 }, { name: "p", binding: 0, kind: "output", bytes: 4 }]));
    expect(duplicateBinding.path).toBe("spec.buffers[1].binding");
    expect(duplicateBinding.shortMessage).toMatch(/already used by "o"/);
  });

  it("requires an output buffer", () => {
    const error = issueOf(withBuffers([{ name: "s", binding: 0, kind: "scratch", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers");
    expect(error.shortMessage).toMatch(/output/);
  });

  it("rejects buffers that exceed the spec's own maxBytes and says what to change", () => {
    const error = issueOf({ ...validWgsl(), limits: { maxBytes: 100, maxWallMs: 1000 } });
    expect(error.path).toBe("spec.limits.maxBytes");
    expect(error.shortMessage).toMatch(/take 3080 bytes: raise limits.maxBytes/);
  });

  it("rejects workgroup counts above the WebGPU minimum limit", () => {
    const error = issueOf({ ...validWgsl(), dispatches: [{ entryPoint: "main", workgroups: [70_000, 1, 1] }] });
    expect(error.path).toBe("spec.dispatches[0].workgroups[0]");
  });

  it("rejects dispatch bindings that name no buffer", () => {
    const error = issueOf({ ...validWgsl(), dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1], bindings: ["x", "nope"] }] });
    expect(error.path).toBe("spec.dispatches[0].bindings[1]");
  });

  it("checks uniform values against their type", () => {
    const error = issueOf(withBuffers([{ name: "u", binding: 0, kind: "uniform", type: "u32", data: [1, -1] }, { name: "o", binding: 1, kind: "output", bytes: 4 }]));
    expect(error.path).toBe("spec.buffers[0].data[1]");
  });

  it("checks seeded input sizes against the generator's element size", () => {
    const error = issueOf(withBuffers([
      { name: "x", binding: 0, kind: "input", bytes: 6, seed: { generator: "uniform-u32", seed: 1 } },
      { name: "o", binding: 1, kind: "output", bytes: 4 },
    ]));
    expect(error.path).toBe("spec.buffers[0].bytes");
  });

  it("rejects a seed range that is empty", () => {
    const error = issueOf(withBuffers([
      { name: "x", binding: 0, kind: "input", bytes: 8, seed: { generator: "uniform-f32", seed: 1, min: 2, max: 1 } },
      { name: "o", binding: 1, kind: "output", bytes: 4 },
    ]));
    expect(error.path).toBe("spec.buffers[0].seed");
    expect(error.shortMessage).toMatch(/min must be below max/);
  });

  it("checks freivalds buffer names and sizes against m, n, k", () => {
    const spec = {
      ...validWgsl(),
      buffers: [
        { name: "a", binding: 0, kind: "input", bytes: 2 * 3 * 4, cid: CID },
        { name: "b", binding: 1, kind: "input", bytes: 3 * 4 * 4, cid: CID },
        { name: "c", binding: 2, kind: "output", bytes: 2 * 4 * 4 },
      ],
      verification: { method: "freivalds", a: "a", b: "b", c: "c", m: 2, n: 4, k: 3 },
    };
    expect(parseJobSpec(spec).verification).toMatchObject({ method: "freivalds", dtype: "f32", rounds: 16 });
    const wrongSize = issueOf({ ...spec, verification: { ...spec.verification, k: 5 } });
    expect(wrongSize.path).toBe("spec.verification.a");
    expect(wrongSize.shortMessage).toMatch(/2×5 f32 matrix needs 40/);
    const wrongKind = issueOf({ ...spec, verification: { ...spec.verification, c: "a" } });
    expect(wrongKind.path).toBe("spec.verification.c");
  });

  it("rejects a tolerance check of an output that is not a whole number of f32", () => {
    const error = issueOf(withBuffers([{ name: "o", binding: 0, kind: "output", bytes: 6 }]));
    expect(error.path).toBe("spec.buffers[0].bytes");
  });

  it("rejects unknown fields instead of ignoring them", () => {
    const error = issueOf({ ...validWgsl(), limit: { maxBytes: 1 } });
    expect(error.path).toBe("spec");
    expect(error.shortMessage).toMatch(/unknown field "limit"/);
  });

  it("bounds matmul sizes and requires the generator to match dtype", () => {
    const base = {
      version: 1,
      runtime: "matmul",
      n: 64,
      dtype: "f16",
      inputs: { a: { seed: { generator: "uniform-f32", seed: 1 } }, b: { seed: { generator: "uniform-f16", seed: 2 } } },
      limits: { maxBytes: 1 << 20, maxWallMs: 1000 },
    };
    expect(issueOf(base).path).toBe("spec.inputs.a.seed.generator");
    expect(issueOf({ ...base, n: 70_000 }).path).toBe("spec.n");
    const tooSmall = issueOf({ ...base, inputs: { a: base.inputs.b, b: base.inputs.b }, limits: { maxBytes: 1000, maxWallMs: 1 } });
    expect(tooSmall.path).toBe("spec.limits.maxBytes");
  });

  it("lists every issue in the message when there are several", () => {
    const error = issueOf({ ...validWgsl(), dispatches: [], limits: { maxBytes: 0, maxWallMs: 0 } });
    expect(error.issues.length).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/All issues:/);
  });
});
