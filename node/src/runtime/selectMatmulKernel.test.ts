import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type MatmulJobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileMatmul } from "@hearth/sdk/templates/compileMatmul";
import { referenceMatmul } from "@hearth/sdk/verify/referenceMatmul";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGpuRuntime, type GpuRuntime } from "./createGpuRuntime.ts";
import type { GpuAdapterDescription } from "./gpuProcessProtocol.ts";
import { subgroupMatrixCandidates } from "./selectMatmulKernel.ts";

// What Dawn reports for an H100 with the node's toggles (TOOLCHAIN.md): f16 units with f16 or f32
// results, i8/u8 units with integer results.
const hopper: GpuAdapterDescription = {
  vendor: "nvidia",
  architecture: "hopper",
  device: "",
  description: "NVIDIA H100",
  isSoftware: false,
  limits: { maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupSizeX: 1024, maxComputeWorkgroupStorageSize: 49_152 },
  features: ["chromium-experimental-subgroup-matrix", "shader-f16", "subgroups", "timestamp-query"],
  subgroupMinSize: 32,
  subgroupMaxSize: 32,
  subgroupMatrixConfigs: [
    { componentType: "f16", resultComponentType: "f16", M: 16, N: 16, K: 16 },
    { componentType: "f16", resultComponentType: "f32", M: 16, N: 8, K: 8 },
    { componentType: "f16", resultComponentType: "f32", M: 16, N: 16, K: 16 },
    { componentType: "f16", resultComponentType: "f32", M: 16, N: 8, K: 16 },
    { componentType: "i8", resultComponentType: "i32", M: 16, N: 8, K: 32 },
  ],
};

describe("subgroupMatrixCandidates", () => {
  it("offers one kernel per f16 → f32 unit shape, largest first", () => {
    expect(subgroupMatrixCandidates(hopper)).toEqual({
      candidates: [
        { shape: { M: 16, N: 16, K: 16 }, subgroupSize: 32 },
        { shape: { M: 16, N: 8, K: 16 }, subgroupSize: 32 },
        { shape: { M: 16, N: 8, K: 8 }, subgroupSize: 32 },
      ],
    });
  });

  it("says why an adapter gets none", () => {
    const reason = (changes: Partial<GpuAdapterDescription>) => {
      const result = subgroupMatrixCandidates({ ...hopper, ...changes });
      return "reason" in result ? result.reason : "candidates offered";
    };
    expect(reason({ features: ["shader-f16", "subgroups"] })).toBe("the adapter does not offer chromium-experimental-subgroup-matrix");
    expect(reason({ subgroupMinSize: 16, subgroupMaxSize: 64 })).toBe("the adapter's subgroup size is not fixed (16 to 64)");
    expect(reason({ subgroupMatrixConfigs: hopper.subgroupMatrixConfigs!.filter((config) => config.resultComponentType !== "f32") })).toMatch(
      /no f16 → f32 subgroup-matrix configuration/,
    );
    expect(reason({ limits: { ...hopper.limits, maxComputeWorkgroupStorageSize: 16_384 } })).toMatch(/bytes of workgroup memory exceed maxComputeWorkgroupStorageSize \(16384\)/);
    expect(reason({ subgroupMinSize: 64, subgroupMaxSize: 64, limits: { ...hopper.limits, maxComputeInvocationsPerWorkgroup: 256 } })).toMatch(
      /512 invocations per workgroup exceed the adapter's limit/,
    );
  });
});

// On SwiftShader (CI) there are no matrix units: the runtime must say so and keep f16 jobs on the tiled kernel.
describe("the runtime's f16 kernel choice", () => {
  let runtime: GpuRuntime;
  beforeAll(async () => {
    runtime = await createGpuRuntime({ matrixKernels: [{ shape: { M: 16, N: 16, K: 16 }, subgroupSize: 32 }] });
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it("rejects a matrix-unit kernel that fails its start-up check, with the reason, and runs f16 jobs tiled", async () => {
    const choice = runtime.matmulKernel;
    expect(choice.f16).toBe("tiled");
    expect(choice.rejected).toHaveLength(1);
    expect(choice.rejected[0]!.kernel).toEqual({ shape: { M: 16, N: 16, K: 16 }, subgroupSize: 32 });
    expect(choice.rejected[0]!.reason).toMatch(/needs the adapter feature "(shader-f16|chromium-experimental-subgroup-matrix)"/);

    const spec = parseJobSpec({
      version: 1,
      runtime: "matmul",
      m: 40,
      n: 33,
      k: 20,
      dtype: "f16",
      inputs: { a: { seed: { generator: "uniform-f16", seed: 5 } }, b: { seed: { generator: "uniform-f16", seed: 6 } } },
      limits: { maxBytes: 1 << 20, maxWallMs: 30_000 },
    }) as MatmulJobSpec;
    expect(runtime.compile(spec).name).toMatch(/\[tiled /);
    const result = await runtime.runJob(spec, { fetchInput: () => Promise.reject(new Error("no CID inputs")) });
    const inputs = seededInputs(spec);
    const expected = referenceMatmul({ a: inputs.get("a")!, b: inputs.get("b")!, m: 40, n: 33, k: 20, dtype: "f16" });
    const actual = new Float32Array(result.outputs[0]!.bytes.buffer);
    for (let index = 0; index < expected.length; index++) expect(Math.abs(actual[index]! - expected[index]!)).toBeLessThanOrEqual(20 * 2 ** -22);
  });

  it("runs WGSL with experimental extensions only when its caller compiled it (allowExperimentalExtensions)", async () => {
    const spec = parseJobSpec({
      version: 1,
      runtime: "matmul",
      n: 64,
      dtype: "f16",
      inputs: { a: { seed: { generator: "uniform-f16", seed: 1 } }, b: { seed: { generator: "uniform-f16", seed: 2 } } },
      limits: { maxBytes: 1 << 20, maxWallMs: 30_000 },
    }) as MatmulJobSpec;
    const wgsl = compileMatmul(spec, { features: ["shader-f16"], subgroupMatrix: { shape: { M: 16, N: 16, K: 16 }, subgroupSize: 32 } });
    const fetchInput = () => Promise.reject(new Error("no CID inputs"));
    await expect(runtime.runJob(wgsl, { fetchInput })).rejects.toThrow(/experimental Dawn extension this node keeps for its own templates/);
    if (!runtime.adapter.features.includes("chromium-experimental-subgroup-matrix"))
      await expect(runtime.runJob(wgsl, { fetchInput, allowExperimentalExtensions: true })).rejects.toThrow(/needs the adapter feature/);
  });

  it("reports why the adapter has no matrix units when none are tried", async () => {
    const plain = await createGpuRuntime();
    try {
      if (plain.adapter.features.includes("chromium-experimental-subgroup-matrix")) {
        // A GPU with matrix units: the kernel must have passed its check, or say why not.
        expect(plain.matmulKernel.f16 === "subgroup-matrix" || plain.matmulKernel.rejected.length > 0).toBe(true);
      } else {
        expect(plain.matmulKernel).toEqual({ f16: "tiled", reason: expect.stringMatching(/does not offer .*chromium-experimental-subgroup-matrix/), rejected: [] });
      }
    } finally {
      await plain.close();
    }
  }, 60_000);
});
