/// <reference types="@webgpu/types" />
import { create, globals } from "webgpu";
import { serializeGpuError } from "../errors/gpu.ts";
import { createPipelineCache, executeJob, preparePipelines } from "./executeJob.ts";
import type { FromGpuProcess, GpuAdapterDescription, SubgroupMatrixConfig, ToGpuProcess } from "./gpuProcessProtocol.ts";

/**
 * The GPU process: one Dawn instance, adapter and device, running one job at a time for the
 * runtime in the parent (see createGpuRuntime). It lives in its own process because nothing in
 * WebGPU can stop a dispatch that never ends: killing the process is the only sure way, and it
 * leaves the node's event loop and memory untouched. Vulkan loader variables (VK_ICD_FILENAMES,
 * LD_LIBRARY_PATH) are read when the process starts, which is also why the parent picks them.
 */
export async function runGpuProcess(): Promise<void> {
  const send = (message: FromGpuProcess): void => void process.send!(message);
  process.on("disconnect", () => process.exit(0));
  const init = await new Promise<Extract<ToGpuProcess, { type: "init" }>>((resolve) => {
    const onMessage = (message: ToGpuProcess) => {
      if (message.type !== "init") return;
      process.off("message", onMessage);
      resolve(message);
    };
    process.on("message", onMessage);
  });

  Object.assign(globalThis, globals);
  // The object create() returns owns the Dawn instance: if it is garbage-collected while work is
  // in flight the process crashes. `state` keeps it reachable for the process's lifetime.
  const gpu = create(init.dawnFlags);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return send({ type: "no-adapter", reason: "requestAdapter returned null" });
  const description = describeAdapter(adapter);
  if (init.requireHardware && description.isSoftware)
    return send({ type: "no-adapter", reason: `only a software adapter was found (${description.description || description.architecture})` });

  // The subgroup-matrix feature is only offered with Dawn's allow_unsafe_apis toggle; requesters' own
  // WGSL may not enable it (canRunJob), only the node's matmul kernel once it has passed its check.
  const requiredFeatures = (["shader-f16", "timestamp-query", "subgroups", "chromium-experimental-subgroup-matrix"] as GPUFeatureName[]).filter(
    (feature) => adapter.features.has(feature),
  );
  const requiredLimits: Record<string, number> = {};
  for (const name of computeLimitNames) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === "number") requiredLimits[name] = value;
  }
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const state = { gpu, adapter, device, cache: createPipelineCache() };
  device.lost.then((info) => {
    send({ type: "device-lost", message: `${info.reason}: ${info.message}` });
    process.exit(1);
  });
  device.addEventListener("uncapturederror", (event) => {
    process.stderr.write(`uncaptured WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}\n`);
  });

  process.on("message", async (message: ToGpuProcess) => {
    if (message.type === "prepare") {
      try {
        await preparePipelines(state.device, message.shader, message.entryPoints, state.cache);
        send({ type: "prepared", id: message.id });
      } catch (error) {
        send({ type: "error", id: message.id, error: serializeGpuError(error) });
      }
      return;
    }
    if (message.type !== "run") return;
    try {
      const result = await executeJob(state.device, message.plan, {
        timestamps: state.device.features.has("timestamp-query"),
        cache: state.cache,
      });
      send({ type: "result", id: message.id, result });
    } catch (error) {
      send({ type: "error", id: message.id, error: serializeGpuError(error) });
    }
  });
  send({
    type: "ready",
    adapter: { ...description, limits: readLimits(device.limits), features: [...adapter.features].sort() },
  });
}

/** Limits a compute job can run into; the device is created with the adapter's maximum for each. */
const computeLimitNames = [
  "maxBindGroups",
  "maxBindingsPerBindGroup",
  "maxBufferSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupStorageSize",
  "maxComputeWorkgroupsPerDimension",
  "maxDynamicStorageBuffersPerPipelineLayout",
  "maxDynamicUniformBuffersPerPipelineLayout",
  "maxStorageBufferBindingSize",
  "maxStorageBuffersPerShaderStage",
  "maxUniformBufferBindingSize",
  "maxUniformBuffersPerShaderStage",
  "minStorageBufferOffsetAlignment",
  "minUniformBufferOffsetAlignment",
];

function readLimits(limits: GPUSupportedLimits): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of computeLimitNames) {
    const value = (limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === "number") result[name] = value;
  }
  return result;
}

function describeAdapter(adapter: GPUAdapter): Omit<GpuAdapterDescription, "limits" | "features"> {
  const info = adapter.info as GPUAdapterInfo & {
    subgroupMinSize?: number;
    subgroupMaxSize?: number;
    subgroupMatrixConfigs?: readonly SubgroupMatrixConfig[];
  };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isSoftware: /swiftshader|llvmpipe|lavapipe|software|warp/.test(text),
    subgroupMinSize: info.subgroupMinSize,
    subgroupMaxSize: info.subgroupMaxSize,
    subgroupMatrixConfigs: [...(info.subgroupMatrixConfigs ?? [])].map(({ componentType, resultComponentType, M, N, K }) => ({
      componentType,
      resultComponentType,
      M,
      N,
      K,
    })),
  };
}

if (import.meta.main) await runGpuProcess();
