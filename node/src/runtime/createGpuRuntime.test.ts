import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import { generateSeededBytes, seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type JobSpecInput, type MatmulJobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileMatmul } from "@hearth/sdk/templates/compileMatmul";
import { referenceMatmul } from "@hearth/sdk/verify/referenceMatmul";
import { verifyResult } from "@hearth/sdk/verify/verifyResult";
import { verifyTolerance } from "@hearth/sdk/verify/verifyTolerance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGpuRuntime, type GpuRuntime } from "./createGpuRuntime.ts";
import type { FetchInput } from "./loadJobInputs.ts";
import { f32Bytes, mlpCpu, mlpWgsl, prefixSumCpu, prefixSumWgsl, rawCid } from "./testKernels.ts";

// These run on whatever adapter the machine has: SwiftShader (CPU) in CI, so sizes stay small.
let runtime: GpuRuntime;
beforeAll(async () => {
  runtime = await createGpuRuntime();
}, 60_000);
afterAll(async () => {
  await runtime?.close();
});

const noFetch: FetchInput = async (cid) => {
  throw new Error(`unexpected fetch of ${cid}`);
};

function matmulSpec(shape: { m?: number; n: number; k?: number }, dtype: "f32" | "f16" = "f32", range: [number, number] = [-1, 1]) {
  const generator = dtype === "f16" ? "uniform-f16" : "uniform-f32";
  return parseJobSpec({
    version: 1,
    runtime: "matmul",
    ...shape,
    dtype,
    inputs: {
      a: { seed: { generator, seed: shape.n * 7 + 1, min: range[0], max: range[1] } },
      b: { seed: { generator, seed: shape.n * 7 + 2, min: range[0], max: range[1] } },
    },
    limits: { maxBytes: 1 << 26, maxWallMs: 60_000 },
  }) as MatmulJobSpec;
}

/** Element-wise check against the f64 reference with the worst-case f32 rounding bound. */
function expectCloseToReference(spec: MatmulJobSpec, c: Uint8Array) {
  const m = spec.m ?? spec.n;
  const k = spec.k ?? spec.n;
  const inputs = seededInputs(spec);
  const reference = referenceMatmul({ a: inputs.get("a")!, b: inputs.get("b")!, m, n: spec.n, k, dtype: spec.dtype });
  // |A|·|B| ≤ k for entries in [-1, 1): the f32 error is below k·2^-24 of that.
  const comparison = verifyTolerance({
    expected: [{ name: "c", bytes: f32Bytes(reference) }],
    actual: [{ name: "c", bytes: c }],
    relative: 0,
    absolute: k * k * 2 ** -24 + 1e-6,
  });
  expect(comparison.mismatches).toEqual([]);
  expect(comparison.failures, JSON.stringify(comparison.worst)).toBe(0);
  expect(comparison.compared).toBe(m * spec.n);
}

describe("createGpuRuntime", () => {
  it("describes the adapter it found", () => {
    const { adapter } = runtime;
    expect(adapter.vendor.length + adapter.architecture.length + adapter.description.length).toBeGreaterThan(0);
    expect(adapter.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(adapter.limits.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65_535);
    expect(Array.isArray(adapter.features)).toBe(true);
  });
});

describe("runJob: matmul template", () => {
  it.each([
    { n: 64 },
    { m: 100, n: 70, k: 130 },
    { m: 1, n: 1, k: 1 },
    { m: 3, n: 200, k: 65 },
  ])("multiplies %o correctly (CPU reference and Freivalds)", async (shape) => {
    const spec = matmulSpec(shape);
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    expect(result.outputs.map((output) => [output.name, output.bytes.byteLength])).toEqual([["c", (shape.m ?? shape.n) * shape.n * 4]]);
    expectCloseToReference(spec, result.outputs[0]!.bytes);
    const check = verifyResult({ spec, outputs: result.outputs });
    expect(check).toMatchObject({ method: "freivalds", ok: true, suspicious: false });
    expect(result.timings.gpuMs).toBeGreaterThan(0);
    expect(result.timings.wallMs).toBeGreaterThanOrEqual(0);
    expect(result.device.vendor).toBe(runtime.adapter.vendor);
  });

  it.each([
    ["128x128", "f32"],
    ["128x128v", "f32"],
    ["128x128v", "f16"],
  ] as const)("runs the %s tiling (%s) on a size that is not a multiple of it", async (tiling, dtype) => {
    const spec = matmulSpec({ m: 150, n: 131, k: 70 }, dtype);
    const compiled = compileMatmul(spec, { tiling, features: runtime.adapter.features });
    expect(compiled.dispatches[0]!.workgroups).toEqual([2, 2, 1]);
    const result = await runtime.runJob(compiled, { fetchInput: noFetch });
    expectCloseToReference(spec, result.outputs[0]!.bytes);
    expect(verifyResult({ spec: compiled, outputs: result.outputs }).ok).toBe(true);
  });

  it("multiplies f16 inputs (with shader-f16 if offered, else unpacked from u32)", async () => {
    const spec = matmulSpec({ m: 40, n: 72, k: 90 }, "f16");
    const compiled = runtime.compile(spec);
    expect(compiled.name).toMatch(runtime.adapter.features.includes("shader-f16") ? /, f16\]/ : /f16-packed/);
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    expectCloseToReference(spec, result.outputs[0]!.bytes);
    expect(verifyResult({ spec, outputs: result.outputs }).ok).toBe(true);
  });

  it("gives identical bytes, hence the same commitment, when run twice", async () => {
    const spec = matmulSpec({ m: 33, n: 47, k: 29 });
    const first = await runtime.runJob(spec, { fetchInput: noFetch });
    const second = await runtime.runJob(spec, { fetchInput: noFetch });
    expect(second.outputs[0]!.bytes).toEqual(first.outputs[0]!.bytes);
    expect(outputCommitment(second.outputs)).toBe(outputCommitment(first.outputs));
  });

  it("fails Freivalds when the GPU's output is tampered with", async () => {
    const spec = matmulSpec({ n: 64 });
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    const tampered = new Float32Array(result.outputs[0]!.bytes.slice().buffer);
    tampered[64 * 10 + 3]! += 0.25;
    expect(verifyResult({ spec, outputs: [{ name: "c", bytes: f32Bytes(tampered) }] }).ok).toBe(false);
  });
});

describe("runJob: integer kernel, exact verification", () => {
  it("computes a 3-pass prefix sum of u32 that matches the CPU byte for byte", async () => {
    const n = 10_000;
    const blocks = Math.ceil(n / 256);
    const input: JobSpecInput = {
      version: 1,
      runtime: "wgsl",
      name: "prefix sum",
      shader: { source: prefixSumWgsl },
      buffers: [
        { name: "params", binding: 0, kind: "uniform", type: "u32", data: [n, blocks] },
        { name: "values", binding: 1, kind: "input", bytes: n * 4, seed: { generator: "uniform-u32", seed: 99 } },
        { name: "scan", binding: 2, kind: "output", bytes: n * 4 },
        { name: "sums", binding: 3, kind: "scratch", bytes: blocks * 4 },
      ],
      dispatches: [
        { entryPoint: "scanBlocks", workgroups: [blocks, 1, 1] },
        { entryPoint: "scanSums", workgroups: [1, 1, 1], bindings: ["params", "sums"] },
        { entryPoint: "addOffsets", workgroups: [blocks, 1, 1], bindings: ["params", "scan", "sums"] },
      ],
      limits: { maxBytes: 1 << 20, maxWallMs: 60_000 },
      verification: { method: "exact" },
    };
    const spec = parseJobSpec(input);
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    expect(result.outputs.map((output) => output.name)).toEqual(["scan"]);
    expect(result.timings.dispatchMs === undefined || result.timings.dispatchMs.length === 3).toBe(true);

    const values = new Uint32Array(generateSeededBytes({ generator: "uniform-u32", seed: 99 }, n * 4).buffer);
    const expected = prefixSumCpu(values);
    expect(expected[n - 1]).not.toBe(values.reduce((sum, value) => sum + value, 0)); // it wraps around 2^32
    const reference = [{ name: "scan", bytes: new Uint8Array(expected.buffer) }];
    expect(verifyResult({ spec, outputs: result.outputs, reference })).toMatchObject({ method: "exact", ok: true });
    expect(outputCommitment(result.outputs)).toBe(outputCommitment(reference));

    const wrong = result.outputs[0]!.bytes.slice();
    wrong[4 * 5000]! ^= 1;
    expect(verifyResult({ spec, outputs: [{ name: "scan", bytes: wrong }], reference }).ok).toBe(false);
  });
});

describe("runJob: multi-pass float kernel, tolerance verification", () => {
  it("runs a 2-layer MLP over inputs fetched by CID and matches the CPU within tolerance", async () => {
    const dims = { batch: 32, inputs: 64, hidden: 128, outputs: 16 };
    const seeded = (seed: number, count: number) =>
      generateSeededBytes({ generator: "uniform-f32", seed, min: -1, max: 1 }, count * 4);
    const data = {
      x: seeded(1, dims.batch * dims.inputs),
      w1: seeded(2, dims.inputs * dims.hidden),
      b1: seeded(3, dims.hidden),
      w2: seeded(4, dims.hidden * dims.outputs),
      b2: seeded(5, dims.outputs),
    };
    const store = new Map<string, Uint8Array>();
    const cids: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(data)) {
      cids[name] = await rawCid(bytes);
      store.set(cids[name]!, bytes);
    }
    const fetched: string[] = [];
    const fetchInput: FetchInput = async (cid, maxBytes) => {
      fetched.push(cid);
      const bytes = store.get(cid);
      if (!bytes) throw new Error(`not found: ${cid}`);
      expect(bytes.byteLength).toBeLessThanOrEqual(maxBytes);
      return bytes;
    };
    const input = (name: keyof typeof data, binding: number) => ({ name, binding, kind: "input" as const, bytes: data[name].byteLength, cid: cids[name]! });
    const spec = parseJobSpec({
      version: 1,
      runtime: "wgsl",
      name: "mlp",
      shader: { source: mlpWgsl },
      buffers: [
        { name: "dims", binding: 0, kind: "uniform", type: "u32", data: [dims.batch, dims.inputs, dims.hidden, dims.outputs] },
        input("x", 1),
        input("w1", 2),
        input("b1", 3),
        { name: "h", binding: 4, kind: "scratch", bytes: dims.batch * dims.hidden * 4 },
        input("w2", 5),
        input("b2", 6),
        { name: "y", binding: 7, kind: "output", bytes: dims.batch * dims.outputs * 4 },
      ],
      dispatches: [
        { entryPoint: "layer1", workgroups: [dims.hidden / 8, dims.batch / 8, 1], bindings: ["dims", "x", "w1", "b1", "h"] },
        { entryPoint: "layer2", workgroups: [dims.outputs / 8, dims.batch / 8, 1], bindings: ["dims", "h", "w2", "b2", "y"] },
      ],
      limits: { maxBytes: 1 << 20, maxWallMs: 60_000 },
      verification: { method: "tolerance", relative: 1e-4, absolute: 1e-4 },
    } satisfies JobSpecInput);

    const result = await runtime.runJob(spec, { fetchInput });
    expect(new Set(fetched)).toEqual(new Set(Object.values(cids)));
    expect(result.outputs.map((output) => output.name)).toEqual(["y"]);

    const floats = (bytes: Uint8Array) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const expected = mlpCpu(
      { x: floats(data.x), w1: floats(data.w1), b1: floats(data.b1), w2: floats(data.w2), b2: floats(data.b2) },
      dims,
    );
    expect(expected.some((value) => Math.abs(value) > 1)).toBe(true);
    const reference = [{ name: "y", bytes: f32Bytes(expected) }];
    const check = verifyResult({ spec, outputs: result.outputs, reference });
    expect(check).toMatchObject({ method: "tolerance", ok: true, failures: 0, compared: dims.batch * dims.outputs });

    // The same check fails a result whose second layer was skipped (biases only).
    const biasesOnly = new Float32Array(dims.batch * dims.outputs).map((_, index) => floats(data.b2)[index % dims.outputs]!);
    expect(verifyResult({ spec, outputs: [{ name: "y", bytes: f32Bytes(biasesOnly) }], reference }).ok).toBe(false);
  });
});
