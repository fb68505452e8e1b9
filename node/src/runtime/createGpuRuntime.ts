import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { JobSpec, WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import type { SubgroupMatrixKernel } from "@hearth/sdk/templates/subgroupMatrixMatmulWgsl";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import {
  deserializeGpuError,
  GpuDeviceLostError,
  GpuJobAbortedError,
  GpuLimitExceededError,
  GpuNoAdapterError,
  GpuProcessExitedError,
  GpuWallTimeExceededError,
} from "../errors/gpu.ts";
import { buildJobPlan, type JobPlan } from "./buildJobPlan.ts";
import { canRunJob, type CanRunResult } from "./canRunJob.ts";
import type { ExecuteJobResult } from "./executeJob.ts";
import { gpuProcessEnvironments, type GpuAdapterPreference, type GpuProcessCandidate } from "./gpuProcessEnvironments.ts";
import type { FromGpuProcess, GpuAdapterDescription, ToGpuProcess } from "./gpuProcessProtocol.ts";
import { loadJobInputs, type FetchInput } from "./loadJobInputs.ts";
import { describeMatmulKernel, selectMatmulKernel, subgroupMatrixCandidates, type MatmulKernelChoice } from "./selectMatmulKernel.ts";

/** The subset of a pino logger the runtime uses. */
export type RuntimeLogger = {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
};

export type CreateGpuRuntimeOptions = {
  /** "auto" (default): a hardware adapter if the system has one, else SwiftShader. */
  adapter?: GpuAdapterPreference | undefined;
  /** Passed to Dawn's create() (default DEFAULT_DAWN_FLAGS), e.g. ["enable-dawn-features=allow_unsafe_apis"]. */
  dawnFlags?: readonly string[] | undefined;
  /**
   * GPU memory the node lets one job use (WebGPU does not report how much a GPU has). A job
   * whose limits.maxBytes is larger is refused by canRun. Default 4 GiB.
   */
  memoryBudgetBytes?: number | undefined;
  logger?: RuntimeLogger | undefined;
  /** Environment for the GPU process (default: process.env), before the runtime adds Vulkan settings. */
  env?: NodeJS.ProcessEnv | undefined;
  /** How long the GPU process may take to come up (default 60 s). */
  startTimeoutMs?: number | undefined;
  /** How long building a job's pipelines before a claim (`prepare`) may take (default 60 s). */
  prepareTimeoutMs?: number | undefined;
  /**
   * Matrix-unit kernels to try for f16 matmul jobs, best first, instead of those the adapter's
   * subgroup-matrix configurations suggest ([] keeps every job on the tiled kernel). Each is
   * checked against the CPU reference when the runtime starts; the first that passes is used.
   */
  matrixKernels?: readonly SubgroupMatrixKernel[] | undefined;
};

export type RunJobOptions = {
  fetchInput: FetchInput;
  signal?: AbortSignal | undefined;
  /**
   * Lets a `wgsl` spec enable experimental (`chromium_*`) extensions, which only the node's own templates may use:
   * for WGSL the node compiled itself (benchmarks). Never set it for a requester's spec.
   */
  allowExperimentalExtensions?: boolean | undefined;
};

export type GpuDeviceSummary = Pick<GpuAdapterDescription, "vendor" | "architecture" | "device" | "description" | "isSoftware">;

export type RunJobResult = {
  /** Output buffers in spec order. */
  outputs: { name: string; bytes: Uint8Array }[];
  timings: {
    gpuMs: number;
    /** From handing the job to the GPU process to having its outputs (inputs' download excluded). */
    wallMs: number;
    gpuTimeSource: ExecuteJobResult["gpuTimeSource"];
    dispatchMs: number[] | undefined;
  };
  device: GpuDeviceSummary;
};

export type GpuRuntime = {
  /** The adapter in use: vendor, architecture, device, description, the device's limits, features. */
  readonly adapter: GpuAdapterDescription;
  /** Whether this node can run `spec`, decided without fetching or allocating anything. */
  canRun(spec: JobSpec): CanRunResult;
  /** The kernel f16 matmul jobs run on (matrix units once checked, else tiled), and why. */
  readonly matmulKernel: MatmulKernelChoice;
  /** The `wgsl` spec that will actually run on this adapter (templates compiled for its features). */
  compile(spec: JobSpec): WgslJobSpec;
  runJob(spec: JobSpec, options: RunJobOptions): Promise<RunJobResult>;
  /**
   * Compiles the job's shader and builds its pipelines on this adapter without running anything (they stay cached
   * for the run). Throws GpuShaderCompileError or GpuValidationError for a shader that does not build; returns
   * true when it built, false when it did not try: a shader given by CID, or the GPU busy with another job (both
   * are built when the job runs).
   */
  prepare(spec: JobSpec, options?: { signal?: AbortSignal | undefined }): Promise<boolean>;
  /** Stops the GPU process. */
  close(): Promise<void>;
};

type GpuProcess = { child: ChildProcess; stderr: string[] };

const DEFAULT_MEMORY_BUDGET = 4 * 2 ** 30;
const STDERR_LINES = 40;

/**
 * Dawn toggles every runtime starts with unless told otherwise. On NVIDIA's Vulkan driver they make Dawn offer
 * `shader-f16` (f16 matmul inputs are then read as f16 rather than unpacked from u32) and, through
 * allow_unsafe_apis, `chromium-experimental-subgroup-matrix` (tensor cores from WGSL). Requesters' WGSL may not
 * enable experimental extensions (canRunJob); only the node's own matmul kernel uses them, after its start-up
 * check. On SwiftShader they change nothing that jobs see. `npm run bench:gpu` uses the same flags.
 */
export const DEFAULT_DAWN_FLAGS: readonly string[] = ["enable-dawn-features=allow_unsafe_apis,use_vulkan_memory_model,vulkan_enable_f16_on_nvidia"];

/**
 * Creates the WebGPU job runtime. The Dawn instance, adapter and device live in a child process
 * (see gpuProcess.ts) that this runtime starts, feeds one job at a time, and kills when a job
 * exceeds its wall time or is aborted: WebGPU has no way to stop a running dispatch, and on
 * SwiftShader a shader that never ends would otherwise pin the CPU and the process forever.
 * A killed or crashed process is replaced on the next job.
 *
 * On Linux it tries the system's Vulkan drivers first and falls back to SwiftShader (Chromium's
 * CPU Vulkan driver), setting VK_ICD_FILENAMES, LD_LIBRARY_PATH and XDG_RUNTIME_DIR for it.
 */
export async function createGpuRuntime(options: CreateGpuRuntimeOptions = {}): Promise<GpuRuntime> {
  const logger = options.logger;
  const memoryBudgetBytes = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET;
  const dawnFlags = [...(options.dawnFlags ?? DEFAULT_DAWN_FLAGS)];
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const prepareLimitMs = options.prepareTimeoutMs ?? 60_000;
  const candidates = gpuProcessEnvironments(options.adapter ?? "auto", options.env ?? process.env);

  const failures: string[] = [];
  let started: { process: GpuProcess; adapter: GpuAdapterDescription; candidate: GpuProcessCandidate } | undefined;
  for (const candidate of candidates) {
    const attempt = await startGpuProcess(candidate, dawnFlags, startTimeoutMs);
    if ("adapter" in attempt) {
      started = { ...attempt, candidate };
      break;
    }
    failures.push(`${candidate.kind}: ${attempt.failure}`);
    logger?.debug({ candidate: candidate.kind, reason: attempt.failure }, "no adapter from this environment");
  }
  if (!started) throw new GpuNoAdapterError({ details: failures.join("\n") || "no Vulkan environment to try" });

  const { adapter, candidate } = started;
  let current: GpuProcess | undefined = started.process;
  let closed = false;
  let nextJobId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** Requests queued or running in the GPU process. */
  let pending = 0;
  const device: GpuDeviceSummary = {
    vendor: adapter.vendor,
    architecture: adapter.architecture,
    device: adapter.device,
    description: adapter.description,
    isSoftware: adapter.isSoftware,
  };
  logger?.info({ adapter: device, environment: candidate.kind, features: adapter.features }, "gpu runtime ready");

  // Experimental WGSL extensions only in the node's own templates, never in a requester's shader.
  const check = (wgsl: WgslJobSpec, fromTemplate: boolean, shader?: string) =>
    canRunJob(wgsl, adapter, { memoryBudgetBytes, shader, allowExperimentalExtensions: fromTemplate });

  const acquire = async (): Promise<GpuProcess> => {
    if (current && current.child.exitCode === null && current.child.signalCode === null) return current;
    const attempt = await startGpuProcess(candidate, dawnFlags, startTimeoutMs);
    if (!("adapter" in attempt)) throw new GpuNoAdapterError({ details: attempt.failure });
    current = attempt.process;
    return current;
  };

  /** Hands one request (a run, or a prepare) to the GPU process and waits for its answer, within `limitMs`. */
  function execute(request: { type: "run"; plan: JobPlan }, limitMs: number, signal: AbortSignal | undefined): Promise<{ result: ExecuteJobResult; wallMs: number }>;
  function execute(request: { type: "prepare"; shader: string; entryPoints: string[] }, limitMs: number, signal: AbortSignal | undefined): Promise<{ result: undefined; wallMs: number }>;
  async function execute(
    request: { type: "run"; plan: JobPlan } | { type: "prepare"; shader: string; entryPoints: string[] },
    limitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ result: ExecuteJobResult | undefined; wallMs: number }> {
    if (signal?.aborted) throw new GpuJobAbortedError(signal.reason);
    if (closed) throw new GpuJobAbortedError(new Error("the GPU runtime is closed"));
    const gpuProcess = await acquire();
    const { child } = gpuProcess;
    const id = ++nextJobId;
    const startedAt = performance.now();
    child.ref();
    child.channel?.ref();
    try {
      const result = await new Promise<ExecuteJobResult | undefined>((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
          signal?.removeEventListener("abort", onAbort);
          settle();
        };
        const kill = () => {
          if (current === gpuProcess) current = undefined;
          child.kill("SIGKILL");
        };
        const timer = setTimeout(() => {
          kill();
          const elapsed = performance.now() - startedAt;
          logger?.warn(
            { run_id: id, limit_ms: limitMs, elapsed_ms: Math.round(elapsed), request: request.type },
            request.type === "run" ? "job exceeded its wall time; gpu process killed" : "building the job's pipelines took too long; gpu process killed",
          );
          finish(() => reject(new GpuWallTimeExceededError(limitMs, elapsed)));
        }, limitMs);
        const onAbort = () => {
          kill();
          finish(() => reject(new GpuJobAbortedError(signal?.reason)));
        };
        const onMessage = (message: FromGpuProcess) => {
          if (message.type === "result" && message.id === id) finish(() => resolve(message.result));
          else if (message.type === "prepared" && message.id === id) finish(() => resolve(undefined));
          else if (message.type === "error" && message.id === id) finish(() => reject(deserializeGpuError(message.error)));
          else if (message.type === "device-lost") {
            if (current === gpuProcess) current = undefined;
            finish(() => reject(new GpuDeviceLostError(message.message)));
          }
        };
        const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
          if (current === gpuProcess) current = undefined;
          finish(() => reject(new GpuProcessExitedError(exitSignal ?? `code ${code}`, gpuProcess.stderr.join("\n"))));
        };
        child.on("message", onMessage);
        child.on("exit", onExit);
        signal?.addEventListener("abort", onAbort, { once: true });
        child.send({ ...request, id } satisfies ToGpuProcess, (error) => {
          if (error) finish(() => reject(new GpuProcessExitedError(`send failed: ${error.message}`, gpuProcess.stderr.join("\n"))));
        });
      });
      return { result, wallMs: performance.now() - startedAt };
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.unref();
        child.channel?.unref();
      }
    }
  }

  const runCompiled = async (wgsl: WgslJobSpec, fromTemplate: boolean, { fetchInput, signal }: RunJobOptions): Promise<RunJobResult> => {
    if (closed) throw new GpuJobAbortedError(new Error("the GPU runtime is closed"));
    const before = check(wgsl, fromTemplate, "source" in wgsl.shader ? wgsl.shader.source : undefined);
    if (!before.ok) throw new GpuLimitExceededError(before.reason, before.message);
    // Counted from here (inputs downloading) until the run ends, so `prepare` never waits behind it.
    pending++;
    let ran: { result: ExecuteJobResult; wallMs: number };
    try {
      const { shader, inputs } = await loadJobInputs(wgsl, { fetchInput, signal });
      const after = check(wgsl, fromTemplate, shader);
      if (!after.ok) throw new GpuLimitExceededError(after.reason, after.message);
      const plan = buildJobPlan(wgsl, shader, inputs);
      const turn = queue.then(() => execute({ type: "run", plan }, wgsl.limits.maxWallMs, signal));
      queue = turn.catch(() => undefined);
      ran = await turn;
    } finally {
      pending--;
    }
    const { result, wallMs } = ran;
    logger?.debug({ job_name: wgsl.name, gpu_ms: result.gpuMs, wall_ms: Math.round(wallMs) }, "job ran");
    return {
      // Structured clone hands back views into the whole IPC message: give each output its own buffer.
      outputs: result.outputs.map(({ name, bytes }) => ({ name, bytes: tight(bytes) })),
      timings: { gpuMs: result.gpuMs, wallMs, gpuTimeSource: result.gpuTimeSource, dispatchMs: result.dispatchMs },
      device,
    };
  };

  // The f16 matmul moves to matrix units only after a kernel for them has matched the CPU reference here.
  const suggested = options.matrixKernels ? { candidates: options.matrixKernels } : subgroupMatrixCandidates(adapter);
  const startedAt = performance.now();
  const matmulKernel: MatmulKernelChoice =
    "reason" in suggested
      ? { f16: "tiled", reason: suggested.reason, rejected: [] }
      : await selectMatmulKernel(
          suggested.candidates,
          async (wgsl) => (await runCompiled(wgsl, true, { fetchInput: noInputFetch })).outputs[0]!.bytes,
          adapter.features,
        );
  for (const { kernel, reason } of matmulKernel.rejected) logger?.warn({ kernel, reason }, "matrix-unit matmul kernel failed its check; not used");
  logger?.info({ f16_matmul: describeMatmulKernel(matmulKernel), check_ms: Math.round(performance.now() - startedAt) }, "f16 matmul kernel chosen");
  const compile = (spec: JobSpec) =>
    compileJobSpec(spec, { features: adapter.features, subgroupMatrix: matmulKernel.f16 === "subgroup-matrix" ? matmulKernel.kernel : undefined });

  return {
    adapter,
    matmulKernel,
    compile,
    canRun(spec) {
      const wgsl = compile(spec);
      return check(wgsl, spec.runtime !== "wgsl", "source" in wgsl.shader ? wgsl.shader.source : undefined);
    },
    runJob(spec, options) {
      return runCompiled(compile(spec), spec.runtime !== "wgsl" || options.allowExperimentalExtensions === true, options);
    },
    async prepare(spec, options = {}) {
      const wgsl = compile(spec);
      const { shader } = wgsl;
      if (!("source" in shader)) return false; // by CID: fetched, checked and compiled when the job runs
      // Never wait behind a running job: a node deciding on a claim must not stall its loop (submissions,
      // verifier votes) for a job's whole run. The run builds what was not built here.
      if (pending > 0) return false;
      const entryPoints = [...new Set(wgsl.dispatches.map((dispatch) => dispatch.entryPoint))];
      pending++;
      const turn = queue.then(() => execute({ type: "prepare", shader: shader.source, entryPoints }, prepareLimitMs, options.signal)).finally(() => pending--);
      queue = turn.catch(() => undefined);
      await turn;
      return true;
    },
    async close() {
      closed = true;
      const gpuProcess = current;
      current = undefined;
      if (gpuProcess) await stopGpuProcess(gpuProcess);
    },
  };
}

const noInputFetch: FetchInput = (cid) => Promise.reject(new Error(`the kernel check has no CID inputs (asked for ${cid})`));

function tight(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

const gpuProcessPath = fileURLToPath(new URL("./gpuProcess.ts", import.meta.url));

async function startGpuProcess(
  candidate: GpuProcessCandidate,
  dawnFlags: string[],
  timeoutMs: number,
): Promise<{ process: GpuProcess; adapter: GpuAdapterDescription } | { failure: string }> {
  const child = fork(gpuProcessPath, [], {
    env: candidate.env,
    execArgv: [],
    serialization: "advanced",
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const gpuProcess: GpuProcess = { child, stderr: [] };
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) gpuProcess.stderr.push(line);
    gpuProcess.stderr.splice(0, Math.max(0, gpuProcess.stderr.length - STDERR_LINES));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const outcome = await new Promise<{ adapter: GpuAdapterDescription } | { failure: string }>((resolve) => {
    const done = (value: { adapter: GpuAdapterDescription } | { failure: string }) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      child.off("error", onError);
      resolve(value);
    };
    const timer = setTimeout(() => done({ failure: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const onMessage = (message: FromGpuProcess) => {
      if (message.type === "ready") done({ adapter: message.adapter });
      else if (message.type === "no-adapter") done({ failure: message.reason });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => done({ failure: `exited (${signal ?? `code ${code}`})` });
    const onError = (error: Error) => done({ failure: error.message });
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.on("error", onError);
    child.send({ type: "init", dawnFlags, requireHardware: candidate.requireHardware } satisfies ToGpuProcess);
  });
  if ("failure" in outcome) {
    await stopGpuProcess(gpuProcess);
    const tail = gpuProcess.stderr.slice(-5).join(" | ");
    return { failure: tail ? `${outcome.failure}; ${tail}` : outcome.failure };
  }
  // Idle GPU processes must not keep the node's event loop alive; `execute` refs it while busy.
  child.unref();
  child.channel?.unref();
  return { process: gpuProcess, adapter: outcome.adapter };
}

async function stopGpuProcess({ child }: GpuProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(timer);
}
