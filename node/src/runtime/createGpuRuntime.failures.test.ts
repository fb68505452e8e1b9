import { parseJobSpec, type JobSpecInput } from "@hearth/sdk/spec/jobSpec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GpuInputMismatchError,
  GpuInputUnavailableError,
  GpuJobAbortedError,
  GpuLimitExceededError,
  GpuRuntimeError,
  GpuShaderCompileError,
  GpuValidationError,
  GpuWallTimeExceededError,
} from "../errors/gpu.ts";
import { createGpuRuntime, type GpuRuntime } from "./createGpuRuntime.ts";
import type { FetchInput } from "./loadJobInputs.ts";
import { mlpWgsl, rawCid } from "./testKernels.ts";

let runtime: GpuRuntime;
beforeAll(async () => {
  runtime = await createGpuRuntime();
}, 60_000);
afterAll(async () => {
  await runtime?.close();
});

const noFetch: FetchInput = async (cid) => {
  throw new Error(`unexpected fetch of ${cid}`);
};

/** A one-output u32 job around `source`, with `main` as entry point. */
function job(source: string, changes: Partial<Extract<JobSpecInput, { runtime: "wgsl" }>> = {}) {
  return parseJobSpec({
    version: 1,
    runtime: "wgsl",
    shader: { source },
    buffers: [{ name: "out", binding: 0, kind: "output", bytes: 256 }],
    dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
    limits: { maxBytes: 1 << 20, maxWallMs: 30_000 },
    verification: { method: "exact" },
    ...changes,
  });
}

const fillKernel = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) { out[id.x] = id.x * 3u; }
`;

async function rejection(promise: Promise<unknown>): Promise<GpuRuntimeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GpuRuntimeError);
    return error as GpuRuntimeError;
  }
  throw new Error("expected the job to fail");
}

describe("prepare (building a job's pipelines before claiming it)", () => {
  it("builds a good shader's pipelines, which the run then uses, and reports what does not build as a run would", async () => {
    expect(await runtime.prepare(job(fillKernel))).toBe(true);
    const result = await runtime.runJob(job(fillKernel), { fetchInput: noFetch });
    expect([...new Uint32Array(result.outputs[0]!.bytes.buffer).slice(0, 4)]).toEqual([0, 3, 6, 9]);

    const broken = await rejection(runtime.prepare(job("@compute @workgroup_size(1) fn main() { let x: u32 = ; }")));
    expect(broken).toBeInstanceOf(GpuShaderCompileError);
    expect((broken as GpuShaderCompileError).messages[0]).toMatchObject({ type: "error", lineNum: 1, linePos: 54 });

    const noEntry = await rejection(runtime.prepare(job(fillKernel, { dispatches: [{ entryPoint: "nope", workgroups: [1, 1, 1] }] })));
    expect(noEntry).toBeInstanceOf(GpuValidationError);
    expect(noEntry.shortMessage).toMatch(/nope/);
  });

  it("leaves a shader given by CID to the run, which fetches and checks it", async () => {
    expect(await runtime.prepare(job(fillKernel, { shader: { cid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" } }))).toBe(false);
  });
});

describe("runJob failures", () => {
  it("reports a WGSL compile error with the compiler's line and column, then keeps working", async () => {
    const broken = "@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(64) fn main() {\n  out[0] = undefined_name;\n}\n";
    const error = await rejection(runtime.runJob(job(broken), { fetchInput: noFetch }));
    expect(error).toBeInstanceOf(GpuShaderCompileError);
    expect(error.code).toBe("shader-compile");
    const messages = (error as GpuShaderCompileError).messages.filter((message) => message.type === "error");
    expect(messages[0]?.message).toMatch(/undefined_name/);
    expect(messages[0]?.lineNum).toBe(3);

    const ok = await runtime.runJob(job(fillKernel), { fetchInput: noFetch });
    expect([...new Uint32Array(ok.outputs[0]!.bytes.buffer)].slice(0, 4)).toEqual([0, 3, 6, 9]);
  });

  it("reports a missing entry point as a validation error", async () => {
    const error = await rejection(runtime.runJob(job(fillKernel, { dispatches: [{ entryPoint: "nope", workgroups: [1, 1, 1] }] }), { fetchInput: noFetch }));
    expect(error).toBeInstanceOf(GpuValidationError);
    expect(error.code).toBe("validation");
    expect(error.message).toMatch(/nope/);
  });

  it("reports a workgroup larger than the adapter allows as a validation error", async () => {
    const tooWide = fillKernel.replace("@workgroup_size(64)", `@workgroup_size(${runtime.adapter.limits.maxComputeInvocationsPerWorkgroup! * 2})`);
    const error = await rejection(runtime.runJob(job(tooWide), { fetchInput: noFetch }));
    expect(error).toBeInstanceOf(GpuValidationError);
  });

  it("explains a bind group that binds buffers the entry point does not use", async () => {
    const spec = parseJobSpec({
      version: 1,
      runtime: "wgsl",
      shader: { source: mlpWgsl },
      buffers: [
        { name: "dims", binding: 0, kind: "uniform", type: "u32", data: [8, 8, 8, 8] },
        { name: "x", binding: 1, kind: "input", bytes: 256, seed: { generator: "uniform-f32", seed: 1 } },
        { name: "w1", binding: 2, kind: "input", bytes: 256, seed: { generator: "uniform-f32", seed: 2 } },
        { name: "b1", binding: 3, kind: "input", bytes: 32, seed: { generator: "uniform-f32", seed: 3 } },
        { name: "h", binding: 4, kind: "scratch", bytes: 256 },
        { name: "w2", binding: 5, kind: "input", bytes: 256, seed: { generator: "uniform-f32", seed: 4 } },
        { name: "b2", binding: 6, kind: "input", bytes: 32, seed: { generator: "uniform-f32", seed: 5 } },
        { name: "y", binding: 7, kind: "output", bytes: 256 },
      ],
      // No `bindings`: every buffer is bound, but layer1 does not use w2, b2 or y.
      dispatches: [{ entryPoint: "layer1", workgroups: [1, 1, 1] }],
      limits: { maxBytes: 1 << 20, maxWallMs: 30_000 },
      verification: { method: "exact" },
    });
    const error = await rejection(runtime.runJob(spec, { fetchInput: noFetch }));
    expect(error).toBeInstanceOf(GpuValidationError);
    expect((error as GpuValidationError).phase).toBe("binding buffers");
    expect(error.message).toMatch(/list only the buffers its entry point uses/);
  });

  it("keeps out-of-bounds writes inside the written buffer (robust buffer access)", async () => {
    // Each invocation writes its own slot of `guard`, then far past the end of `data`. WebGPU
    // bounds-checks every access: such a write is dropped or clamped into `data` itself; it can
    // never reach `guard`, another buffer, or host memory.
    const source = /* wgsl */ `
      @group(0) @binding(0) var<storage, read_write> data: array<u32>;
      @group(0) @binding(1) var<storage, read_write> guard: array<u32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
        guard[id.x] = 0xabcd0000u + id.x;
        data[id.x + 100000u] = 0xdeadu;
        data[arrayLength(&data) + id.x] = 0xbeefu;
      }`;
    const spec = job(source, {
      buffers: [
        { name: "data", binding: 0, kind: "output", bytes: 256 },
        { name: "guard", binding: 1, kind: "output", bytes: 256 },
      ],
    });
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    const [data, guard] = result.outputs.map((output) => new Uint32Array(output.bytes.buffer));
    expect([...guard!]).toEqual(Array.from({ length: 64 }, (_, index) => 0xabcd0000 + index));
    expect([...data!].every((value) => value === 0 || value === 0xdead || value === 0xbeef)).toBe(true);
  });

  it("stops a shader that never ends at its wall-time limit, then runs the next job", async () => {
    // `control` is all zeros, so `i` never reaches the exit value; the store keeps the loop alive.
    const endless = /* wgsl */ `
      @group(0) @binding(0) var<storage, read> control: array<u32>;
      @group(0) @binding(1) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(1) fn main() {
        var i = 0u;
        loop {
          i = i + control[0];
          out[i % 4u] = i;
          if (i == 12345u) { break; }
        }
      }`;
    const spec = job(endless, {
      buffers: [
        { name: "control", binding: 0, kind: "input", bytes: 16, seed: { generator: "uniform-u32", seed: 1, min: 0, max: 0 } },
        { name: "out", binding: 1, kind: "output", bytes: 16 },
      ],
      limits: { maxBytes: 1 << 20, maxWallMs: 2_000 },
    });
    const started = performance.now();
    const running = rejection(runtime.runJob(spec, { fetchInput: noFetch }));
    // While a job holds the GPU, prepare does not queue behind it: it returns at once without building.
    const beforePrepare = performance.now();
    expect(await runtime.prepare(job(fillKernel))).toBe(false);
    expect(performance.now() - beforePrepare).toBeLessThan(1_000);
    const error = await running;
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(GpuWallTimeExceededError);
    expect(error.code).toBe("wall-time-exceeded");
    expect((error as GpuWallTimeExceededError).limitMs).toBe(2_000);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(15_000);

    const next = await runtime.runJob(job(fillKernel), { fetchInput: noFetch });
    expect(new Uint32Array(next.outputs[0]!.bytes.buffer)[10]).toBe(30);
  }, 60_000);

  it("aborts a running job when its signal fires", async () => {
    const endless = /* wgsl */ `
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(1) fn main() {
        loop { out[1] = out[1] + 1u; if (out[0] == 7u) { break; } }
      }`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("operator stop")), 500);
    const error = await rejection(runtime.runJob(job(endless), { fetchInput: noFetch, signal: controller.signal }));
    expect(error).toBeInstanceOf(GpuJobAbortedError);
  }, 60_000);

  it("refuses a buffer larger than the adapter allows before fetching or allocating anything", async () => {
    const tooLarge = runtime.adapter.limits.maxStorageBufferBindingSize! + 4;
    let fetched = false;
    const spec = job(fillKernel, {
      buffers: [
        { name: "big", binding: 1, kind: "input", bytes: 1024, cid: await rawCid(new Uint8Array(1024)) },
        { name: "out", binding: 0, kind: "output", bytes: tooLarge },
      ],
      limits: { maxBytes: tooLarge + 1024, maxWallMs: 1000 },
    });
    const verdict = runtime.canRun(spec);
    expect(verdict).toMatchObject({ ok: false, reason: "buffer-too-large" });
    const error = await rejection(
      runtime.runJob(spec, {
        fetchInput: async () => {
          fetched = true;
          return new Uint8Array(1024);
        },
      }),
    );
    expect(error).toBeInstanceOf(GpuLimitExceededError);
    expect((error as GpuLimitExceededError).reason).toBe("buffer-too-large");
    expect(fetched).toBe(false);
  });

  it("refuses a job over the node's memory budget and a shader needing a missing feature", async () => {
    const small = await createGpuRuntime({ memoryBudgetBytes: 1024 });
    try {
      expect(small.canRun(job(fillKernel))).toMatchObject({ ok: false, reason: "memory-budget" });
    } finally {
      await small.close();
    }
    if (!runtime.adapter.features.includes("shader-f16")) {
      const error = await rejection(runtime.runJob(job(`enable f16;\n${fillKernel}`), { fetchInput: noFetch }));
      expect((error as GpuLimitExceededError).reason).toBe("missing-feature");
    }
  });

  describe("inputs fetched by CID", () => {
    const content = new Uint8Array(64).map((_, index) => index);
    const inputJob = async (bytes = 64) =>
      job(fillKernel, {
        buffers: [
          { name: "weights", binding: 1, kind: "input", bytes, cid: await rawCid(content) },
          { name: "out", binding: 0, kind: "output", bytes: 256 },
        ],
      });

    it("rejects content of the wrong size", async () => {
      const error = await rejection(runtime.runJob(await inputJob(), { fetchInput: async () => content.subarray(0, 60) }));
      expect(error).toBeInstanceOf(GpuInputMismatchError);
      expect((error as GpuInputMismatchError).mismatch).toBe("size");
      expect(error.shortMessage).toMatch(/weights .* is 60 bytes but the spec declares 64/);
    });

    it("rejects content that is not what the CID names", async () => {
      const other = content.slice();
      other[10] = 0xff;
      const error = await rejection(runtime.runJob(await inputJob(), { fetchInput: async () => other }));
      expect(error).toBeInstanceOf(GpuInputMismatchError);
      expect((error as GpuInputMismatchError).mismatch).toBe("cid");
    });

    it("wraps a failed fetch with the buffer and CID", async () => {
      const spec = await inputJob();
      const error = await rejection(
        runtime.runJob(spec, {
          fetchInput: async () => {
            throw new Error("no provider");
          },
        }),
      );
      expect(error).toBeInstanceOf(GpuInputUnavailableError);
      expect(error.message).toMatch(/weights/);
      expect(error.message).toMatch(/no provider/);
    });
  });
});
