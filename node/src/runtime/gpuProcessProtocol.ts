import type { SerializedGpuError } from "../errors/gpu.ts";
import type { JobPlan } from "./buildJobPlan.ts";
import type { ExecuteJobResult } from "./executeJob.ts";

/** What the GPU process reports about its adapter; limits are the device's (raised to the adapter's maxima). */
export type GpuAdapterDescription = {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for CPU implementations (SwiftShader, llvmpipe): fine for tests, useless for paid work. */
  isSoftware: boolean;
  limits: Record<string, number>;
  features: string[];
  /** Invocations per subgroup, where the adapter reports them. */
  subgroupMinSize?: number | undefined;
  subgroupMaxSize?: number | undefined;
  /** Matrix-unit shapes (Dawn's `chromium-experimental-subgroup-matrix`); empty without it. */
  subgroupMatrixConfigs?: SubgroupMatrixConfig[] | undefined;
};

/** One entry of GPUAdapterInfo.subgroupMatrixConfigs: an M×K by K×N multiply into M×N. */
export type SubgroupMatrixConfig = { componentType: string; resultComponentType: string; M: number; N: number; K: number };

export type ToGpuProcess =
  | { type: "init"; dawnFlags: string[]; requireHardware: boolean }
  | { type: "run"; id: number; plan: JobPlan }
  /** Compile the shader and build its pipelines (cached for the run), without running anything. */
  | { type: "prepare"; id: number; shader: string; entryPoints: string[] };

export type FromGpuProcess =
  | { type: "ready"; adapter: GpuAdapterDescription }
  | { type: "no-adapter"; reason: string }
  | { type: "result"; id: number; result: ExecuteJobResult }
  | { type: "prepared"; id: number }
  | { type: "error"; id: number; error: SerializedGpuError }
  | { type: "device-lost"; message: string };
