// WGSL kernels and CPU references shared by the runtime's tests.
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";

/** The raw-leaf CIDv1 Kubo gives content up to one chunk (256 KiB). */
export async function rawCid(bytes: Uint8Array): Promise<string> {
  return CID.createV1(0x55, await sha256.digest(bytes)).toString();
}

export const f32Bytes = (values: Float32Array | Float64Array) => {
  const single = values instanceof Float32Array ? values : new Float32Array(values);
  return new Uint8Array(single.buffer, single.byteOffset, single.byteLength);
};

/** Inclusive prefix sum of u32 (wrapping), in three passes: block scans, scan of block sums, offsets. */
export const prefixSumWgsl = /* wgsl */ `
struct Params { n: u32, blocks: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> values: array<u32>;
@group(0) @binding(2) var<storage, read_write> scan: array<u32>;
@group(0) @binding(3) var<storage, read_write> sums: array<u32>;

var<workgroup> temp: array<u32, 256>;

fn scanTemp(lane: u32) {
  for (var offset = 1u; offset < 256u; offset = offset * 2u) {
    var add = 0u;
    if (lane >= offset) { add = temp[lane - offset]; }
    workgroupBarrier();
    temp[lane] = temp[lane] + add;
    workgroupBarrier();
  }
}

@compute @workgroup_size(256)
fn scanBlocks(@builtin(local_invocation_id) local: vec3<u32>, @builtin(workgroup_id) group: vec3<u32>) {
  let i = group.x * 256u + local.x;
  var value = 0u;
  if (i < params.n) { value = values[i]; }
  temp[local.x] = value;
  workgroupBarrier();
  scanTemp(local.x);
  if (i < params.n) { scan[i] = temp[local.x]; }
  if (local.x == 255u) { sums[group.x] = temp[255]; }
}

@compute @workgroup_size(256)
fn scanSums(@builtin(local_invocation_id) local: vec3<u32>) {
  var value = 0u;
  if (local.x < params.blocks) { value = sums[local.x]; }
  temp[local.x] = value;
  workgroupBarrier();
  scanTemp(local.x);
  if (local.x < params.blocks) { sums[local.x] = temp[local.x]; }
}

@compute @workgroup_size(256)
fn addOffsets(@builtin(local_invocation_id) local: vec3<u32>, @builtin(workgroup_id) group: vec3<u32>) {
  let i = group.x * 256u + local.x;
  if (group.x > 0u && i < params.n) { scan[i] = scan[i] + sums[group.x - 1u]; }
}
`;

export function prefixSumCpu(values: Uint32Array): Uint32Array {
  const result = new Uint32Array(values.length);
  let sum = 0;
  values.forEach((value, index) => {
    sum = (sum + value) >>> 0;
    result[index] = sum;
  });
  return result;
}

/** Two dense layers: h = relu(x·W1 + b1) (scratch), y = h·W2 + b2. One invocation per element. */
export const mlpWgsl = /* wgsl */ `
struct Dims { batch: u32, inputs: u32, hidden: u32, outputs: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w1: array<f32>;
@group(0) @binding(3) var<storage, read> b1: array<f32>;
@group(0) @binding(4) var<storage, read_write> h: array<f32>;
@group(0) @binding(5) var<storage, read> w2: array<f32>;
@group(0) @binding(6) var<storage, read> b2: array<f32>;
@group(0) @binding(7) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(8, 8)
fn layer1(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.y >= dims.batch || id.x >= dims.hidden) { return; }
  var sum = b1[id.x];
  for (var i = 0u; i < dims.inputs; i = i + 1u) { sum = fma(x[id.y * dims.inputs + i], w1[i * dims.hidden + id.x], sum); }
  h[id.y * dims.hidden + id.x] = max(sum, 0.0);
}

@compute @workgroup_size(8, 8)
fn layer2(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.y >= dims.batch || id.x >= dims.outputs) { return; }
  var sum = b2[id.x];
  for (var i = 0u; i < dims.hidden; i = i + 1u) { sum = fma(h[id.y * dims.hidden + i], w2[i * dims.outputs + id.x], sum); }
  y[id.y * dims.outputs + id.x] = sum;
}
`;

export function mlpCpu(
  parameters: { x: Float32Array; w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array },
  dims: { batch: number; inputs: number; hidden: number; outputs: number },
): Float64Array {
  const { x, w1, b1, w2, b2 } = parameters;
  const h = new Float64Array(dims.batch * dims.hidden);
  for (let r = 0; r < dims.batch; r++)
    for (let c = 0; c < dims.hidden; c++) {
      let sum = b1[c]!;
      for (let i = 0; i < dims.inputs; i++) sum += x[r * dims.inputs + i]! * w1[i * dims.hidden + c]!;
      h[r * dims.hidden + c] = Math.max(sum, 0);
    }
  const y = new Float64Array(dims.batch * dims.outputs);
  for (let r = 0; r < dims.batch; r++)
    for (let c = 0; c < dims.outputs; c++) {
      let sum = b2[c]!;
      for (let i = 0; i < dims.hidden; i++) sum += h[r * dims.hidden + i]! * w2[i * dims.outputs + c]!;
      y[r * dims.outputs + c] = sum;
    }
  return y;
}
