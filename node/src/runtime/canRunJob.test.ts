import { parseJobSpec, type WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import { describe, expect, it } from "vitest";
import { canRunJob, wgslExtensions, type GpuCapabilities } from "./canRunJob.ts";

const capabilities: GpuCapabilities = {
  limits: {
    maxStorageBufferBindingSize: 1 << 20,
    maxBufferSize: 1 << 21,
    maxUniformBufferBindingSize: 1024,
    maxBindGroups: 4,
    maxBindingsPerBindGroup: 16,
    maxComputeWorkgroupsPerDimension: 1000,
    maxStorageBuffersPerShaderStage: 2,
    maxUniformBuffersPerShaderStage: 1,
  },
  features: ["timestamp-query"],
};

const spec = (changes: object = {}) =>
  parseJobSpec({
    version: 1,
    runtime: "wgsl",
    shader: { source: "@compute @workgroup_size(1) fn main() {}" },
    buffers: [
      { name: "x", binding: 0, kind: "input", bytes: 1024, seed: { generator: "uniform-u32", seed: 1 } },
      { name: "y", binding: 1, kind: "output", bytes: 1024 },
      { name: "u", binding: 2, kind: "uniform", type: "f32", data: [1, 2] },
    ],
    dispatches: [{ entryPoint: "main", workgroups: [10, 1, 1] }],
    limits: { maxBytes: 1 << 22, maxWallMs: 1000 },
    verification: { method: "exact" },
    ...changes,
  }) as WgslJobSpec;

const budget = { memoryBudgetBytes: 1 << 22 };

describe("canRunJob", () => {
  it("accepts a job within every limit", () => {
    expect(canRunJob(spec(), capabilities, budget)).toEqual({ ok: true });
  });

  it("refuses a job whose maxBytes exceeds the node's budget", () => {
    expect(canRunJob(spec(), capabilities, { memoryBudgetBytes: 4096 })).toMatchObject({ ok: false, reason: "memory-budget" });
  });

  it("refuses buffers over the binding size, rounding up to whole words", () => {
    const big = spec({ buffers: [{ name: "y", binding: 0, kind: "output", bytes: (1 << 20) + 1 }] });
    expect(canRunJob(big, capabilities, budget)).toMatchObject({ ok: false, reason: "buffer-too-large" });
    const uniform = spec({ buffers: [{ name: "y", binding: 0, kind: "output", bytes: 4 }, { name: "u", binding: 1, kind: "uniform", type: "u32", data: new Array(257).fill(0) }] });
    expect(canRunJob(uniform, capabilities, budget)).toMatchObject({ ok: false, reason: "buffer-too-large", message: expect.stringMatching(/maxUniformBufferBindingSize/) });
  });

  it("refuses too many workgroups and bindings beyond the adapter", () => {
    expect(canRunJob(spec({ dispatches: [{ entryPoint: "main", workgroups: [1, 1001, 1] }] }), capabilities, budget)).toMatchObject({
      ok: false,
      reason: "too-many-workgroups",
    });
    const threeStorage = spec({
      buffers: [
        { name: "a", binding: 0, kind: "output", bytes: 4 },
        { name: "b", binding: 1, kind: "output", bytes: 4 },
        { name: "c", binding: 2, kind: "output", bytes: 4 },
      ],
    });
    expect(canRunJob(threeStorage, capabilities, budget)).toMatchObject({ ok: false, reason: "too-many-bindings" });
    const listed = spec({ ...threeStorage, dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1], bindings: ["a", "b"] }] });
    expect(canRunJob(listed, capabilities, budget)).toEqual({ ok: true });
    expect(canRunJob(spec({ buffers: [{ name: "y", binding: 20, kind: "output", bytes: 4 }] }), capabilities, budget)).toMatchObject({
      reason: "too-many-bindings",
    });
  });

  it("refuses shaders that enable an extension the adapter lacks", () => {
    const shader = "// enable subgroups; is only a comment\nenable f16, subgroups;\n@compute @workgroup_size(1) fn main() {}";
    expect(wgslExtensions(shader)).toEqual(["f16", "subgroups"]);
    expect(canRunJob(spec(), capabilities, { ...budget, shader })).toMatchObject({ ok: false, reason: "missing-feature" });
    expect(canRunJob(spec(), { ...capabilities, features: ["shader-f16", "subgroups"] }, { ...budget, shader })).toEqual({ ok: true });
  });

  it("keeps experimental extensions to the node's own templates", () => {
    const shader = "enable f16;\nenable chromium_experimental_subgroup_matrix;\n@compute @workgroup_size(32) fn main() {}";
    const offered = { ...capabilities, features: ["shader-f16", "subgroups", "chromium-experimental-subgroup-matrix"] };
    const refused = canRunJob(spec(), offered, { ...budget, shader });
    expect(refused).toMatchObject({ ok: false, reason: "missing-feature" });
    expect(refused.ok || refused.message).toContain("chromium_experimental_subgroup_matrix, an experimental Dawn extension");
    expect(canRunJob(spec(), offered, { ...budget, shader, allowExperimentalExtensions: true })).toEqual({ ok: true });
    // Allowed or not, the adapter must still offer the feature.
    expect(canRunJob(spec(), capabilities, { ...budget, shader, allowExperimentalExtensions: true })).toMatchObject({ ok: false, reason: "missing-feature" });
  });
});
