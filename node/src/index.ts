// Public entry point of @hearth/node. Each area adds its own block of exports.

// IPFS: trustless gateway over the node's own blocks.
export { registerGatewayRoutes, type GatewayRoutesOptions } from "./ipfs/registerGatewayRoutes.ts";

// WebGPU job runtime.
export {
  createGpuRuntime,
  type CreateGpuRuntimeOptions,
  type GpuDeviceSummary,
  type GpuRuntime,
  type RunJobOptions,
  type RunJobResult,
  type RuntimeLogger,
} from "./runtime/createGpuRuntime.ts";
export { canRunJob, wgslExtensions, type CanRunResult, type GpuCapabilities } from "./runtime/canRunJob.ts";
export { checkContentCid, type CidCheck } from "./runtime/checkContentCid.ts";
export { buildJobPlan, type JobPlan, type PlannedBuffer, type PlannedDispatch } from "./runtime/buildJobPlan.ts";
export { createPipelineCache, executeJob, type ExecuteJobOptions, type ExecuteJobResult, type PipelineCache } from "./runtime/executeJob.ts";
export { driverEnvironment, gpuProcessEnvironments, type GpuAdapterPreference, type GpuProcessCandidate } from "./runtime/gpuProcessEnvironments.ts";
export type { GpuAdapterDescription } from "./runtime/gpuProcessProtocol.ts";
export { loadJobInputs, type FetchInput, type LoadedJobInputs, type LoadJobInputsParameters } from "./runtime/loadJobInputs.ts";
export { validateWgsl, type ValidateWgslOptions, type ValidateWgslReturnType } from "./runtime/validateWgsl.ts";
export {
  deserializeGpuError,
  GpuDeviceLostError,
  GpuInputMismatchError,
  GpuInputUnavailableError,
  GpuInternalError,
  GpuJobAbortedError,
  GpuLimitExceededError,
  GpuNoAdapterError,
  GpuOutOfMemoryError,
  GpuProcessExitedError,
  GpuRuntimeError,
  GpuShaderCompileError,
  GpuValidationError,
  GpuWallTimeExceededError,
  serializeGpuError,
  type GpuErrorCode,
  type LimitExceededReason,
  type SerializedGpuError,
  type ShaderCompileMessage,
} from "./errors/gpu.ts";
