/// <reference types="@webgpu/types" />
import type { ShaderCompileMessage } from "../errors/gpu.ts";

export type ValidateWgslOptions = {
  /** Entry points to build compute pipelines for (default: none, compile only). */
  entryPoints?: readonly string[] | undefined;
  /** Device features to enable, e.g. ["shader-f16"] for `enable f16;`. */
  features?: readonly string[] | undefined;
  /**
   * Offer Dawn's experimental features too (allow_unsafe_apis), e.g. "chromium-experimental-subgroup-matrix" for the
   * node's matrix-unit kernel. Providers refuse requesters' shaders that enable them, so a requester leaves this off.
   */
  experimental?: boolean | undefined;
};

export type ValidateWgslReturnType = {
  ok: boolean;
  /** The compiler's messages (errors, warnings, info) with line and column. */
  messages: ShaderCompileMessage[];
  /** Entry points whose pipeline could not be created, with Dawn's reason. */
  pipelineErrors: { entryPoint: string; message: string }[];
};

/**
 * Compiles WGSL with Dawn's null backend: the full WGSL front end and pipeline validation,
 * without a GPU or a Vulkan driver and without running anything. Requesters can check a shader
 * before paying for a job; tests use it for kernel variants the local adapter cannot run (the
 * f16 matmul on SwiftShader, which lacks shader-f16).
 */
export async function validateWgsl(source: string, options: ValidateWgslOptions = {}): Promise<ValidateWgslReturnType> {
  // Loaded on first use, so importing @hearth/node does not load Dawn's native module.
  const { create } = await import("webgpu");
  // Held in this frame until the device is destroyed: Dawn must not be collected mid-call.
  const gpu = create(options.experimental ? ["backend=null", "enable-dawn-features=allow_unsafe_apis"] : ["backend=null"]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("Dawn's null backend offered no adapter");
  const missing = (options.features ?? []).filter((feature) => !adapter.features.has(feature));
  if (missing.length > 0) throw new Error(`Dawn's null backend lacks ${missing.join(", ")}`);
  const device = await adapter.requestDevice({ requiredFeatures: [...(options.features ?? [])] as GPUFeatureName[] });
  try {
    device.pushErrorScope("validation");
    const module = device.createShaderModule({ code: source });
    const info = await module.getCompilationInfo();
    await device.popErrorScope();
    const messages = info.messages.map((message) => ({
      type: message.type,
      message: message.message,
      lineNum: message.lineNum,
      linePos: message.linePos,
    }));
    const pipelineErrors: ValidateWgslReturnType["pipelineErrors"] = [];
    if (!messages.some((message) => message.type === "error"))
      for (const entryPoint of options.entryPoints ?? []) {
        try {
          await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint } });
        } catch (error) {
          pipelineErrors.push({ entryPoint, message: error instanceof Error ? error.message : String(error) });
        }
      }
    return { ok: !messages.some((message) => message.type === "error") && pipelineErrors.length === 0, messages, pipelineErrors };
  } finally {
    device.destroy();
    void gpu;
  }
}
