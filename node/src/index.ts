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

// Provider daemon: config, keys, journal, the node and its API.
export { runProviderNode, type RunProviderNodeOptions, type RunningProviderNode } from "./main.ts";
export { loadProviderConfig, parseProviderConfig, type ProviderConfig } from "./config/loadProviderConfig.ts";
export { providerConfigSchema, crashPoints, faultModes, type CrashPoint, type FaultMode, type ProviderConfigInput } from "./config/providerConfigSchema.ts";
export { createKeystore, type CreateKeystoreParameters } from "./keys/createKeystore.ts";
export { loadKeystore } from "./keys/loadKeystore.ts";
export { loadProviderAccount, type ProviderKeySource } from "./keys/loadProviderAccount.ts";
export { createJobJournal, type JobJournal, type JobRecord, type JobMetrics, type DutyRecord } from "./journal/createJobJournal.ts";
export { jobSteps, type JobStep } from "./journal/jobSteps.ts";
export { createProviderNode, type ProviderNode, type ProviderNodeDeps, type ProviderStatus, type JobSummary } from "./daemon/createProviderNode.ts";
export { buildApi, type ApiDeps } from "./api/buildApi.ts";
export { createApiServer, type ApiServer } from "./api/createApiServer.ts";
export { apiErrors, ApiError, type ApiErrorCode } from "./api/apiErrors.ts";
export {
  JobSpecUnavailableError,
  JournalTransitionError,
  KeystoreError,
  ProviderConfigError,
  ProviderNotReadyError,
  RemotePinError,
  RpcFatalError,
  RpcRetryableError,
  TransactionFailedError,
} from "./errors/provider.ts";
