/// <reference types="@webgpu/types" />
import {
  GpuInternalError,
  GpuOutOfMemoryError,
  GpuShaderCompileError,
  GpuValidationError,
  type ShaderCompileMessage,
} from "../errors/gpu.ts";
import type { JobPlan } from "./buildJobPlan.ts";

export type ExecuteJobResult = {
  outputs: { name: string; bytes: Uint8Array }[];
  /** GPU time of all dispatches. */
  gpuMs: number;
  /** "timestamp-query": measured on the GPU per pass; "queue": submit to onSubmittedWorkDone on the host. */
  gpuTimeSource: "timestamp-query" | "queue";
  /** Per-dispatch GPU time when timestamp queries are available. */
  dispatchMs: number[] | undefined;
};

export type ExecuteJobOptions = {
  /** Use timestamp queries (needs the device's "timestamp-query" feature). */
  timestamps: boolean;
  /** Compiled pipelines to reuse across jobs with the same WGSL (see createPipelineCache). */
  cache?: PipelineCache | undefined;
};

type CompiledShader = { module: GPUShaderModule; pipelines: Map<string, GPUComputePipeline> };

/**
 * Compiled shaders by WGSL source, least recently used first out. Compiling a pipeline is the
 * slowest step of a small job (seconds on SwiftShader), and templates reuse one source.
 */
export type PipelineCache = { entries: Map<string, CompiledShader>; capacity: number };

export function createPipelineCache(capacity = 16): PipelineCache {
  return { entries: new Map(), capacity };
}

/**
 * Runs a plan on a device: compiles the shader (reporting the compiler's messages), builds one
 * pipeline per entry point, allocates and fills buffers, runs the dispatches in order (one
 * compute pass each, so each is timed and ordered after the previous), and reads back the
 * outputs. Every WebGPU call sits inside validation, out-of-memory and internal error scopes,
 * so a failure surfaces as a typed error naming the phase. Buffers are destroyed on the way out.
 *
 * Buffers are zero-initialised by WebGPU, and every access in the shader is bounds-checked by
 * Dawn's robustness transform: an out-of-bounds write is dropped or lands inside the same
 * binding, never outside it.
 */
export async function executeJob(device: GPUDevice, plan: JobPlan, options: ExecuteJobOptions): Promise<ExecuteJobResult> {
  const created: GPUBuffer[] = [];
  const track = (buffer: GPUBuffer) => (created.push(buffer), buffer);
  let querySet: GPUQuerySet | undefined;
  try {
    const pipelines = await compiledPipelines(device, plan.shader, plan.dispatches.map((dispatch) => dispatch.entryPoint), options.cache);

    const gpuBuffers = await scoped(device, "allocating buffers", () =>
      plan.buffers.map((buffer) => {
        const usage =
          buffer.kind === "uniform"
            ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
            : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
        const gpuBuffer = track(
          device.createBuffer({ label: buffer.name, size: buffer.allocationBytes, usage, mappedAtCreation: buffer.data !== undefined }),
        );
        if (buffer.data !== undefined) {
          let range: ArrayBuffer;
          try {
            range = gpuBuffer.getMappedRange();
          } catch (error) {
            // Dawn fails the mapping of a buffer it could not allocate.
            throw new GpuOutOfMemoryError(`allocating buffer "${buffer.name}"`, error instanceof Error ? error.message : String(error));
          }
          new Uint8Array(range).set(buffer.data);
          gpuBuffer.unmap();
        }
        return gpuBuffer;
      }),
    );

    const bindGroups = await scoped(
      device,
      "binding buffers",
      () =>
        plan.dispatches.map((dispatch) => {
          const pipeline = pipelines.get(dispatch.entryPoint)!;
          const groups = new Map<number, GPUBindGroupEntry[]>();
          for (const index of dispatch.buffers) {
            const buffer = plan.buffers[index]!;
            const entries = groups.get(buffer.group) ?? [];
            entries.push({ binding: buffer.binding, resource: { buffer: gpuBuffers[index]! } });
            groups.set(buffer.group, entries);
          }
          return [...groups].map(([group, entries]) => ({
            group,
            bindGroup: device.createBindGroup({ layout: pipeline.getBindGroupLayout(group), entries }),
          }));
        }),
      "Each dispatch binds every buffer unless it lists `bindings`; list only the buffers its entry point uses.",
    );

    const timestamps = options.timestamps && plan.dispatches.length * 2 <= 4096;
    const queryCount = plan.dispatches.length * 2;
    const outputs = plan.buffers.flatMap((buffer, index) => (buffer.kind === "output" ? [{ buffer, index }] : []));
    const { staging, queryStaging } = await scoped(device, "dispatching", () => {
      const encoder = device.createCommandEncoder();
      let queryResolve: GPUBuffer | undefined;
      let queryStaging: GPUBuffer | undefined;
      if (timestamps) {
        querySet = device.createQuerySet({ type: "timestamp", count: queryCount });
        queryResolve = track(device.createBuffer({ size: queryCount * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }));
        queryStaging = track(device.createBuffer({ size: queryCount * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
      }
      plan.dispatches.forEach((dispatch, index) => {
        const pass = encoder.beginComputePass(
          querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 } } : {},
        );
        pass.setPipeline(pipelines.get(dispatch.entryPoint)!);
        for (const { group, bindGroup } of bindGroups[index]!) pass.setBindGroup(group, bindGroup);
        pass.dispatchWorkgroups(...dispatch.workgroups);
        pass.end();
      });
      if (querySet && queryResolve && queryStaging) {
        encoder.resolveQuerySet(querySet, 0, queryCount, queryResolve, 0);
        encoder.copyBufferToBuffer(queryResolve, 0, queryStaging, 0, queryCount * 8);
      }
      const staging = outputs.map(({ buffer, index }) => {
        const target = track(device.createBuffer({ size: buffer.allocationBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
        encoder.copyBufferToBuffer(gpuBuffers[index]!, 0, target, 0, buffer.allocationBytes);
        return target;
      });
      device.queue.submit([encoder.finish()]);
      return { staging, queryStaging };
    });

    const submitted = performance.now();
    await device.queue.onSubmittedWorkDone();
    const queueMs = performance.now() - submitted;

    return await scoped(device, "reading outputs", async () => {
      await Promise.all([...staging, ...(queryStaging ? [queryStaging] : [])].map((buffer) => buffer.mapAsync(GPUMapMode.READ)));
      const results = outputs.map(({ buffer }, position) => ({
        name: buffer.name,
        bytes: new Uint8Array(staging[position]!.getMappedRange().slice(0, buffer.bytes)),
      }));
      let dispatchMs: number[] | undefined;
      if (queryStaging) {
        const ticks = new BigInt64Array(queryStaging.getMappedRange().slice(0));
        const durations = plan.dispatches.map((_, index) => Number(ticks[2 * index + 1]! - ticks[2 * index]!) / 1e6);
        // Some drivers report zeros or go backwards across passes; trust the host clock then.
        if (durations.every((value) => Number.isFinite(value) && value >= 0) && durations.some((value) => value > 0)) dispatchMs = durations;
      }
      return dispatchMs
        ? { outputs: results, gpuMs: dispatchMs.reduce((sum, value) => sum + value, 0), gpuTimeSource: "timestamp-query", dispatchMs }
        : { outputs: results, gpuMs: queueMs, gpuTimeSource: "queue", dispatchMs: undefined };
    });
  } finally {
    for (const buffer of created) buffer.destroy();
    querySet?.destroy();
  }
}

/**
 * Compiles a shader and builds a pipeline per entry point, into `cache`, without running anything: the node does
 * this before claiming a job, so a shader that does not build is declined instead of claimed and given back, and
 * the run then finds its pipelines ready. Throws what a run would (GpuShaderCompileError, GpuValidationError).
 */
export async function preparePipelines(device: GPUDevice, shader: string, entryPoints: readonly string[], cache: PipelineCache): Promise<void> {
  await compiledPipelines(device, shader, entryPoints, cache);
}

async function compiledPipelines(
  device: GPUDevice,
  shader: string,
  entryPoints: readonly string[],
  cache: PipelineCache | undefined,
): Promise<Map<string, GPUComputePipeline>> {
  let compiled = cache?.entries.get(shader);
  if (cache && compiled) {
    cache.entries.delete(shader);
    cache.entries.set(shader, compiled);
  }
  if (!compiled) {
    const module = await scoped(device, "compiling the shader", async () => {
      const module = device.createShaderModule({ code: shader });
      const info = await module.getCompilationInfo();
      const messages: ShaderCompileMessage[] = info.messages.map((message) => ({
        type: message.type,
        message: message.message,
        lineNum: message.lineNum,
        linePos: message.linePos,
      }));
      if (messages.some((message) => message.type === "error")) throw new GpuShaderCompileError(messages);
      return module;
    });
    compiled = { module, pipelines: new Map() };
  }
  for (const entryPoint of new Set(entryPoints)) {
    if (compiled.pipelines.has(entryPoint)) continue;
    try {
      compiled.pipelines.set(
        entryPoint,
        await device.createComputePipelineAsync({ layout: "auto", compute: { module: compiled.module, entryPoint } }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if ((error as { reason?: string }).reason === "internal") throw new GpuInternalError(`creating the pipeline for "${entryPoint}"`, message);
      throw new GpuValidationError(
        `creating the pipeline for "${entryPoint}"`,
        message,
        "Check that the entry point exists and is @compute, and that its workgroup size fits the adapter's limits.",
      );
    }
  }
  if (cache && !cache.entries.has(shader)) {
    cache.entries.set(shader, compiled);
    for (const key of cache.entries.keys()) {
      if (cache.entries.size <= cache.capacity) break;
      cache.entries.delete(key);
    }
  }
  return compiled.pipelines;
}

/**
 * Runs `run` inside validation, out-of-memory and internal error scopes and turns what they
 * catch into typed errors. Out-of-memory wins over validation: a failed allocation makes every
 * later use of that buffer a validation error too.
 */
async function scoped<T>(device: GPUDevice, phase: string, run: () => T | Promise<T>, hint?: string): Promise<T> {
  device.pushErrorScope("internal");
  device.pushErrorScope("out-of-memory");
  device.pushErrorScope("validation");
  let result: T | undefined;
  let thrown: unknown;
  let failed = false;
  try {
    result = await run();
  } catch (error) {
    thrown = error;
    failed = true;
  }
  const validation = await device.popErrorScope();
  const outOfMemory = await device.popErrorScope();
  const internal = await device.popErrorScope();
  if (thrown instanceof GpuShaderCompileError) throw thrown;
  if (outOfMemory) throw new GpuOutOfMemoryError(phase, outOfMemory.message);
  if (failed) throw thrown;
  if (validation) throw new GpuValidationError(phase, validation.message, hint);
  if (internal) throw new GpuInternalError(phase, internal.message);
  return result as T;
}
