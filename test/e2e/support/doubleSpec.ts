import { computeCid } from "@hearth/sdk/ipfs/computeCid";

/** The WGSL of `doubleSpec`: output[i] = values[i] * 2 + 1 over 256 u32 values. */
export const doubleShader = [
  "@group(0) @binding(0) var<storage, read> values: array<u32>;",
  "@group(0) @binding(1) var<storage, read_write> output: array<u32>;",
  "@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { output[id.x] = values[id.x] * 2u + 1u; }",
].join("\n");

/**
 * A `wgsl` job over one input file of 256 u32 values (`values`, meant to be given with `--input values=FILE`; its CID
 * here is of zeros until then), checked exactly. `doubled` is the output a correct run gives.
 */
export async function doubleSpec(): Promise<Record<string, unknown>> {
  return {
    version: 1,
    name: "double",
    runtime: "wgsl",
    shader: { source: doubleShader },
    buffers: [
      { name: "values", binding: 0, kind: "input", bytes: 1024, cid: await computeCid(new Uint8Array(1024)) },
      { name: "output", binding: 1, kind: "output", bytes: 1024 },
    ],
    dispatches: [{ entryPoint: "main", workgroups: [4, 1, 1] }],
    limits: { maxBytes: 2048, maxWallMs: 10_000 },
    verification: { method: "exact" },
  };
}

export const doubled = (values: Uint32Array): Uint8Array => new Uint8Array(values.map((v) => v * 2 + 1).buffer);
