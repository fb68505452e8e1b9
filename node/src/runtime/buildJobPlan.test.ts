import { parseJobSpec, type WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import { describe, expect, it } from "vitest";
import { buildJobPlan } from "./buildJobPlan.ts";

describe("buildJobPlan", () => {
  const spec = parseJobSpec({
    version: 1,
    runtime: "wgsl",
    shader: { source: "x" },
    buffers: [
      { name: "u", binding: 0, kind: "uniform", type: "i32", data: [-1, 2, 3] },
      { name: "f", binding: 1, kind: "uniform", type: "f32", data: [0.5] },
      { name: "x", binding: 2, group: 1, kind: "input", bytes: 6, cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
      { name: "y", binding: 3, kind: "output", bytes: 10 },
    ],
    dispatches: [
      { entryPoint: "a", workgroups: [1, 2, 3] },
      { entryPoint: "b", workgroups: [1, 1, 1], bindings: ["y", "u"] },
    ],
    limits: { maxBytes: 1024, maxWallMs: 1000 },
    verification: { method: "exact" },
  }) as WgslJobSpec;

  it("encodes uniforms little-endian, pads allocations, and resolves bindings to indices", () => {
    const input = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).subarray(1, 7);
    const plan = buildJobPlan(spec, "x", new Map([["x", input]]));
    const [u, f, x, y] = plan.buffers;
    expect([...new Int32Array(u!.data!.buffer)]).toEqual([-1, 2, 3, 0]);
    expect(u!.allocationBytes).toBe(16);
    expect([...new Float32Array(f!.data!.buffer)]).toEqual([0.5, 0, 0, 0]);
    expect(x).toMatchObject({ group: 1, bytes: 6, allocationBytes: 8 });
    // A view into a larger buffer is copied so that only its bytes cross to the GPU process.
    expect(x!.data!.buffer.byteLength).toBe(6);
    expect([...x!.data!]).toEqual([2, 3, 4, 5, 6, 7]);
    expect(y).toMatchObject({ bytes: 10, allocationBytes: 12 });
    expect(plan.dispatches.map((dispatch) => dispatch.buffers)).toEqual([[0, 1, 2, 3], [3, 0]]);
  });
});
