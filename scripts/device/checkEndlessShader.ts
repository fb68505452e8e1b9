// Checks on the machine's adapter that a shader which never ends is stopped at its wall-time limit (the runtime
// kills its GPU process) and that the next job runs on a fresh one. On SwiftShader the test suite covers this;
// on a real driver it is run by scripts/device/runGpuBench.sh. Usage: node scripts/device/checkEndlessShader.ts
// Exits 1 when a step does not end as expected.
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";
import { GpuWallTimeExceededError } from "@hearth/node/errors/gpu";
import { parseJobSpec } from "@hearth/sdk/spec/jobSpec";

const limitMs = 3_000;
const runtime = await createGpuRuntime();
const noFetch = () => Promise.reject(new Error("no CID inputs"));
console.log(`endless-shader check on ${runtime.adapter.vendor} ${runtime.adapter.architecture} ${runtime.adapter.description}`);

// Every invocation of 65,535 × 64 spins on a value that stays 0, so the dispatch never finishes.
const endless = parseJobSpec({
  version: 1,
  runtime: "wgsl",
  shader: {
    source: `
@group(0) @binding(0) var<storage, read> control: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  var i = 0u;
  loop {
    i = i + control[0];
    out[(id.x + i) % 4u] = i;
    if (i == 12345u) { break; }
  }
}`,
  },
  buffers: [
    { name: "control", binding: 0, kind: "input", bytes: 16, seed: { generator: "uniform-u32", seed: 1, min: 0, max: 0 } },
    { name: "out", binding: 1, kind: "output", bytes: 16 },
  ],
  dispatches: [{ entryPoint: "main", workgroups: [65_535, 1, 1] }],
  limits: { maxBytes: 1 << 20, maxWallMs: limitMs },
  verification: { method: "exact" },
});
const fill = parseJobSpec({
  version: 1,
  runtime: "wgsl",
  shader: {
    source: `
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) { out[id.x] = id.x * 3u; }`,
  },
  buffers: [{ name: "out", binding: 0, kind: "output", bytes: 256 }],
  dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
  limits: { maxBytes: 1 << 20, maxWallMs: 30_000 },
  verification: { method: "exact" },
});

let failed = false;
try {
  const started = performance.now();
  try {
    await runtime.runJob(endless, { fetchInput: noFetch });
    console.log("FAILED: the endless shader returned");
    failed = true;
  } catch (error) {
    const elapsed = performance.now() - started;
    const stopped = error instanceof GpuWallTimeExceededError;
    console.log(`${stopped ? "ok" : "FAILED"}: endless shader ended after ${elapsed.toFixed(0)} ms (limit ${limitMs} ms): ${(error as Error).message.split("\n")[0]}`);
    failed ||= !stopped;
  }
  const restarted = performance.now();
  const next = await runtime.runJob(fill, { fetchInput: noFetch });
  const value = new Uint32Array(next.outputs[0]!.bytes.buffer)[10];
  console.log(`${value === 30 ? "ok" : "FAILED"}: the next job ran on a fresh GPU process in ${(performance.now() - restarted).toFixed(0)} ms (out[10] = ${value})`);
  failed ||= value !== 30;
} finally {
  await runtime.close();
}
process.exit(failed ? 1 : 0);
