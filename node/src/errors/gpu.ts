import { BaseError, type BaseErrorParameters } from "./BaseError.ts";

/**
 * Reason codes of the GPU runtime, stable across releases: the node records them in the job
 * journal and the attestation metrics, and operators grep for them.
 */
export type GpuErrorCode =
  | "no-adapter"
  | "limit-exceeded"
  | "input-unavailable"
  | "input-mismatch"
  | "shader-compile"
  | "validation"
  | "out-of-memory"
  | "internal"
  | "device-lost"
  | "wall-time-exceeded"
  | "aborted"
  | "process-exited";

/** Root of the GPU runtime's errors; branch on the subclass or on `code`. */
export class GpuRuntimeError extends BaseError {
  override name = "GpuRuntimeError";
  readonly code: GpuErrorCode;

  constructor(code: GpuErrorCode, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters);
    this.code = code;
  }
}

/** No WebGPU adapter could be created (no Vulkan driver and no SwiftShader). */
export class GpuNoAdapterError extends GpuRuntimeError {
  override name = "GpuNoAdapterError";
  constructor(parameters: { details?: string | undefined; cause?: unknown } = {}) {
    super("no-adapter", "No WebGPU adapter found", {
      ...parameters,
      metaMessages: [
        "Install a Vulkan driver for the GPU (and libvulkan1), or Debian's chromium package for SwiftShader,",
        "or point VK_ICD_FILENAMES at a Vulkan ICD JSON file.",
      ],
    });
  }
}

export type LimitExceededReason =
  | "buffer-too-large"
  | "memory-budget"
  | "too-many-workgroups"
  | "too-many-bindings"
  | "missing-feature"
  | "input-too-large";

/** The job asks for more than this adapter or the node's budget allows; found before running. */
export class GpuLimitExceededError extends GpuRuntimeError {
  override name = "GpuLimitExceededError";
  readonly reason: LimitExceededReason;
  constructor(reason: LimitExceededReason, message: string) {
    super("limit-exceeded", `Job exceeds a limit (${reason}): ${message}`, {
      metaMessages: ["The job was not started. A provider should not claim jobs its `canRun` rejects."],
    });
    this.reason = reason;
  }
}

/** Fetching an input (or the shader) failed. */
export class GpuInputUnavailableError extends GpuRuntimeError {
  override name = "GpuInputUnavailableError";
  readonly buffer: string;
  readonly cid: string;
  constructor(parameters: { buffer: string; cid: string; cause: unknown }) {
    super("input-unavailable", `Could not fetch ${parameters.buffer} (${parameters.cid})`, {
      details: parameters.cause instanceof Error ? parameters.cause.message : String(parameters.cause),
      cause: parameters.cause,
    });
    this.buffer = parameters.buffer;
    this.cid = parameters.cid;
  }
}

/** An input's bytes do not match the spec: wrong size, or not the content its CID names. */
export class GpuInputMismatchError extends GpuRuntimeError {
  override name = "GpuInputMismatchError";
  readonly buffer: string;
  readonly cid: string;
  readonly mismatch: "size" | "cid";
  constructor(parameters: { buffer: string; cid: string; mismatch: "size" | "cid"; expected: string; actual: string }) {
    const { buffer, cid, mismatch, expected, actual } = parameters;
    super(
      "input-mismatch",
      mismatch === "size"
        ? `Input ${buffer} (${cid}) is ${actual} bytes but the spec declares ${expected}`
        : `Input ${buffer} does not match its CID ${cid}: its digest is ${actual}, the CID names ${expected}`,
      {
        metaMessages: [
          mismatch === "size"
            ? "The spec's `bytes` must equal the content's length: fix the spec (or the CID)."
            : "The content source returned other bytes than the CID names: the source is faulty or malicious.",
        ],
      },
    );
    this.buffer = buffer;
    this.cid = cid;
    this.mismatch = mismatch;
  }
}

export type ShaderCompileMessage = { type: string; message: string; lineNum: number; linePos: number };

/** The WGSL did not compile; `messages` are the compiler's, with line and column. */
export class GpuShaderCompileError extends GpuRuntimeError {
  override name = "GpuShaderCompileError";
  readonly messages: readonly ShaderCompileMessage[];
  constructor(messages: readonly ShaderCompileMessage[]) {
    const errors = messages.filter((message) => message.type === "error");
    super("shader-compile", `WGSL failed to compile: ${errors[0]?.message ?? "unknown error"}`, {
      metaMessages: messages.map((message) => `${message.type} at ${message.lineNum}:${message.linePos}: ${message.message}`),
    });
    this.messages = messages;
  }
}

/** WebGPU rejected a call: a bad entry point, bind group, dispatch size, and so on. */
export class GpuValidationError extends GpuRuntimeError {
  override name = "GpuValidationError";
  readonly phase: string;
  readonly hint: string | undefined;
  constructor(phase: string, message: string, hint?: string | undefined) {
    super("validation", `WebGPU validation failed while ${phase}`, {
      details: message,
      metaMessages: hint ? [hint] : undefined,
    });
    this.phase = phase;
    this.hint = hint;
  }
}

export class GpuOutOfMemoryError extends GpuRuntimeError {
  override name = "GpuOutOfMemoryError";
  readonly phase: string;
  constructor(phase: string, message: string) {
    super("out-of-memory", `The GPU ran out of memory while ${phase}`, {
      details: message,
      metaMessages: ["Lower the node's memory budget so that it declines jobs this large."],
    });
    this.phase = phase;
  }
}

export class GpuInternalError extends GpuRuntimeError {
  override name = "GpuInternalError";
  readonly phase: string;
  constructor(phase: string, message: string) {
    super("internal", `WebGPU internal error while ${phase}`, { details: message });
    this.phase = phase;
  }
}

/** The device was lost (driver reset, GPU removed, or destroyed); the runtime makes a new one. */
export class GpuDeviceLostError extends GpuRuntimeError {
  override name = "GpuDeviceLostError";
  constructor(message: string) {
    super("device-lost", "The GPU device was lost", { details: message });
  }
}

/** The job ran past its `limits.maxWallMs`; its GPU process was killed. */
export class GpuWallTimeExceededError extends GpuRuntimeError {
  override name = "GpuWallTimeExceededError";
  readonly limitMs: number;
  readonly elapsedMs: number;
  constructor(limitMs: number, elapsedMs: number) {
    super("wall-time-exceeded", `Job exceeded its wall-time limit of ${limitMs} ms (stopped after ${Math.round(elapsedMs)} ms)`, {
      metaMessages: ["Raise limits.maxWallMs, or split the work into smaller dispatches or jobs."],
    });
    this.limitMs = limitMs;
    this.elapsedMs = elapsedMs;
  }
}

export class GpuJobAbortedError extends GpuRuntimeError {
  override name = "GpuJobAbortedError";
  constructor(cause?: unknown) {
    super("aborted", "Job aborted", { cause });
  }
}

/** The GPU process ended without a result (a crash in the driver or in Dawn). */
export class GpuProcessExitedError extends GpuRuntimeError {
  override name = "GpuProcessExitedError";
  constructor(exit: string, stderrTail: string) {
    super("process-exited", `The GPU process exited unexpectedly (${exit})`, { details: stderrTail || undefined });
  }
}

/** What crosses the process boundary for an error raised in the GPU process. */
export type SerializedGpuError = {
  code: GpuErrorCode;
  message: string;
  phase?: string | undefined;
  hint?: string | undefined;
  messages?: ShaderCompileMessage[] | undefined;
};

export function serializeGpuError(error: unknown): SerializedGpuError {
  if (error instanceof GpuShaderCompileError) return { code: error.code, message: error.shortMessage, messages: [...error.messages] };
  if (error instanceof GpuValidationError) return { code: error.code, phase: error.phase, message: error.details ?? "", hint: error.hint };
  if (error instanceof GpuOutOfMemoryError || error instanceof GpuInternalError)
    return { code: error.code, phase: error.phase, message: error.details ?? error.shortMessage };
  if (error instanceof GpuDeviceLostError) return { code: error.code, message: error.details ?? error.shortMessage };
  return { code: "internal", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

export function deserializeGpuError(error: SerializedGpuError): GpuRuntimeError {
  const phase = error.phase ?? "running the job";
  switch (error.code) {
    case "shader-compile":
      return new GpuShaderCompileError(error.messages ?? [{ type: "error", message: error.message, lineNum: 0, linePos: 0 }]);
    case "validation":
      return new GpuValidationError(phase, error.message, error.hint);
    case "out-of-memory":
      return new GpuOutOfMemoryError(phase, error.message);
    case "device-lost":
      return new GpuDeviceLostError(error.message);
    default:
      return new GpuInternalError(phase, error.message);
  }
}
