import type { WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import type { LimitExceededReason } from "../errors/gpu.ts";
import { align } from "./buildJobPlan.ts";

export type GpuCapabilities = {
  /** The device's limits by WebGPU name (maxStorageBufferBindingSize, …). */
  limits: Readonly<Record<string, number>>;
  features: readonly string[];
};

export type CanRunResult = { ok: true } | { ok: false; reason: LimitExceededReason; message: string };

/** WGSL `enable` extensions and the device feature each needs. */
export const extensionFeatures: Readonly<Record<string, string>> = {
  f16: "shader-f16",
  subgroups: "subgroups",
  chromium_experimental_subgroup_matrix: "chromium-experimental-subgroup-matrix",
};

/**
 * Whether a device with `capabilities` can run `spec` within `memoryBudgetBytes`, decided
 * before anything is fetched or allocated. `shader` (when known) is scanned for `enable`
 * directives. Workgroup sizes live in the WGSL and are checked by the compiler instead.
 */
export function canRunJob(
  spec: WgslJobSpec,
  capabilities: GpuCapabilities,
  options: {
    memoryBudgetBytes: number;
    shader?: string | undefined;
    /** Whether the shader may enable `chromium_*` extensions: only the node's own compiled templates may. */
    allowExperimentalExtensions?: boolean | undefined;
  },
): CanRunResult {
  const limit = (name: string) => capabilities.limits[name] ?? 0;
  const fail = (reason: LimitExceededReason, message: string): CanRunResult => ({ ok: false, reason, message });

  if (spec.limits.maxBytes > options.memoryBudgetBytes)
    return fail(
      "memory-budget",
      `limits.maxBytes is ${spec.limits.maxBytes} bytes but this node's GPU memory budget is ${options.memoryBudgetBytes}`,
    );
  for (const buffer of spec.buffers) {
    const bytes = buffer.kind === "uniform" ? align(buffer.data.length * 4, 16) : align(buffer.bytes, 4);
    const bindingLimit = buffer.kind === "uniform" ? "maxUniformBufferBindingSize" : "maxStorageBufferBindingSize";
    if (bytes > limit(bindingLimit))
      return fail("buffer-too-large", `buffer "${buffer.name}" is ${bytes} bytes; this adapter's ${bindingLimit} is ${limit(bindingLimit)}`);
    if (bytes > limit("maxBufferSize"))
      return fail("buffer-too-large", `buffer "${buffer.name}" is ${bytes} bytes; this adapter's maxBufferSize is ${limit("maxBufferSize")}`);
    if (buffer.group >= limit("maxBindGroups"))
      return fail("too-many-bindings", `buffer "${buffer.name}" uses group ${buffer.group}; this adapter has maxBindGroups ${limit("maxBindGroups")}`);
    if (buffer.binding >= limit("maxBindingsPerBindGroup"))
      return fail(
        "too-many-bindings",
        `buffer "${buffer.name}" uses binding ${buffer.binding}; this adapter has maxBindingsPerBindGroup ${limit("maxBindingsPerBindGroup")}`,
      );
  }
  const byName = new Map(spec.buffers.map((buffer) => [buffer.name, buffer]));
  for (const [index, dispatch] of spec.dispatches.entries()) {
    const perDimension = limit("maxComputeWorkgroupsPerDimension");
    if (dispatch.workgroups.some((count) => count > perDimension))
      return fail(
        "too-many-workgroups",
        `dispatches[${index}] asks for [${dispatch.workgroups.join(", ")}] workgroups; this adapter allows ${perDimension} per dimension`,
      );
    const bound = (dispatch.bindings ?? spec.buffers.map((buffer) => buffer.name)).map((name) => byName.get(name)!);
    const uniforms = bound.filter((buffer) => buffer.kind === "uniform").length;
    const storage = bound.length - uniforms;
    if (storage > limit("maxStorageBuffersPerShaderStage"))
      return fail(
        "too-many-bindings",
        `dispatches[${index}] binds ${storage} storage buffers; this adapter allows ${limit("maxStorageBuffersPerShaderStage")} per shader stage`,
      );
    if (uniforms > limit("maxUniformBuffersPerShaderStage"))
      return fail(
        "too-many-bindings",
        `dispatches[${index}] binds ${uniforms} uniform buffers; this adapter allows ${limit("maxUniformBuffersPerShaderStage")} per shader stage`,
      );
  }
  if (options.shader !== undefined) {
    const extensions = wgslExtensions(options.shader);
    const experimental = extensions.find((extension) => extension.startsWith("chromium_"));
    if (experimental !== undefined && !options.allowExperimentalExtensions)
      return fail(
        "missing-feature",
        `the shader enables ${experimental}, an experimental Dawn extension this node keeps for its own templates; use the matmul template or standard WGSL`,
      );
    for (const extension of extensions) {
      const feature = extensionFeatures[extension];
      if (feature !== undefined && !capabilities.features.includes(feature))
        return fail("missing-feature", `the shader enables ${extension}, which needs the adapter feature "${feature}" this adapter lacks`);
    }
  }
  return { ok: true };
}

/** Extension names from a WGSL module's `enable` directives. */
export function wgslExtensions(source: string): string[] {
  const names: string[] = [];
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  for (const match of withoutComments.matchAll(/(?:^|;|\n)\s*enable\s+([A-Za-z0-9_,\s]+?)\s*;/g))
    names.push(...match[1]!.split(",").map((name) => name.trim()).filter(Boolean));
  return names;
}
