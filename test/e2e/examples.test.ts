import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type JobSpec } from "@hearth/sdk/spec/jobSpec";
import { verifyResult } from "@hearth/sdk/verify/verifyResult";
import { createGpuRuntime, type GpuRuntime } from "@hearth/node/runtime/createGpuRuntime";

// Every example in examples/ runs on this machine's WebGPU adapter (SwiftShader in CI) and passes its own check
// against a CPU reference computed here, independently of the GPU.
const examples = path.resolve(import.meta.dirname, "..", "..", "examples");
const load = (name: string): JobSpec => parseJobSpec(JSON.parse(readFileSync(path.join(examples, name), "utf8")));
const noFetch = async () => {
  throw new Error("examples use seeded inputs only");
};

let runtime: GpuRuntime;
beforeAll(async () => {
  runtime = await createGpuRuntime();
}, 120_000);
afterAll(async () => {
  await runtime?.close();
});

describe("examples", () => {
  it("matmul-256 passes Freivalds' check", async () => {
    const spec = load("matmul-256.json");
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    const check = verifyResult({ spec, outputs: result.outputs });
    expect(check.method).toBe("freivalds");
    expect(check.ok).toBe(true);
    // A single wrong element must be caught.
    const bad = result.outputs.map((o) => ({ name: o.name, bytes: o.bytes.slice() }));
    const view = new Float32Array(bad[0]!.bytes.buffer);
    view[1234] = view[1234]! + 0.5;
    expect(verifyResult({ spec, outputs: bad }).ok).toBe(false);
  });

  it("prefix-sum matches a CPU scan exactly", async () => {
    const spec = load("prefix-sum.json");
    const values = new Uint32Array(seededInputs(spec).get("values")!.buffer);
    const expected = new Uint32Array(values.length);
    let running = 0;
    for (let i = 0; i < values.length; i++) {
      running = (running + values[i]!) >>> 0;
      expected[i] = running;
    }
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    const prefix = result.outputs.find((o) => o.name === "prefix")!;
    expect(Buffer.from(prefix.bytes).equals(Buffer.from(expected.buffer))).toBe(true);
    const reference = [{ name: "prefix", bytes: new Uint8Array(expected.buffer) }];
    expect(verifyResult({ spec, outputs: result.outputs, reference }).ok).toBe(true);
  });

  it("mlp-inference matches a CPU forward pass within its tolerance", async () => {
    const spec = load("mlp-inference.json");
    const inputs = seededInputs(spec);
    const f = (name: string) => new Float32Array(inputs.get(name)!.buffer);
    const [x, w1, b1, w2, b2] = ["x", "w1", "b1", "w2", "b2"].map(f) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    const [B, D, H, O] = [256, 128, 256, 16];
    const hidden = new Float64Array(B * H);
    for (let r = 0; r < B; r++)
      for (let c = 0; c < H; c++) {
        let acc = b1[c]!;
        for (let k = 0; k < D; k++) acc += x[r * D + k]! * w1[k * H + c]!;
        hidden[r * H + c] = Math.max(acc, 0);
      }
    const logits = new Float32Array(B * O);
    for (let r = 0; r < B; r++)
      for (let c = 0; c < O; c++) {
        let acc = b2[c]!;
        for (let k = 0; k < H; k++) acc += hidden[r * H + k]! * w2[k * O + c]!;
        logits[r * O + c] = acc;
      }
    const result = await runtime.runJob(spec, { fetchInput: noFetch });
    const reference = [{ name: "logits", bytes: new Uint8Array(logits.buffer) }];
    const check = verifyResult({ spec, outputs: result.outputs, reference });
    expect(check.ok).toBe(true);
    const bad = result.outputs.map((o) => ({ name: o.name, bytes: o.bytes.slice() }));
    const view = new Float32Array(bad[0]!.bytes.buffer);
    view[7] = view[7]! + 0.01;
    expect(verifyResult({ spec, outputs: bad, reference }).ok).toBe(false);
  });
});
