import type { WgslJobSpec } from "@hearth/sdk/spec/jobSpec";

/**
 * Everything the GPU process needs to run one job, with no CIDs left: it crosses the process
 * boundary by structured clone, so data arrays are tight (a view would drag its whole
 * ArrayBuffer along).
 */
export type JobPlan = {
  shader: string;
  buffers: PlannedBuffer[];
  dispatches: PlannedDispatch[];
};

export type PlannedBuffer = {
  name: string;
  kind: "input" | "output" | "scratch" | "uniform";
  group: number;
  binding: number;
  /** Bytes the spec declares (outputs are read back at this length). */
  bytes: number;
  /** GPU allocation: bytes rounded up to 4 (16 for uniforms), as WebGPU requires. */
  allocationBytes: number;
  data?: Uint8Array | undefined;
};

export type PlannedDispatch = {
  entryPoint: string;
  workgroups: [number, number, number];
  /** Indices into `buffers`. */
  buffers: number[];
};

/** Turns a wgsl spec plus its fetched shader and input bytes into a JobPlan. */
export function buildJobPlan(spec: WgslJobSpec, shader: string, inputs: ReadonlyMap<string, Uint8Array>): JobPlan {
  const buffers = spec.buffers.map((buffer): PlannedBuffer => {
    const base = { name: buffer.name, kind: buffer.kind, group: buffer.group, binding: buffer.binding };
    if (buffer.kind === "uniform") {
      const data = encodeUniform(buffer.type, buffer.data);
      return { ...base, bytes: buffer.data.length * 4, allocationBytes: data.byteLength, data };
    }
    const allocationBytes = align(buffer.bytes, 4);
    if (buffer.kind !== "input") return { ...base, bytes: buffer.bytes, allocationBytes };
    const bytes = inputs.get(buffer.name);
    if (bytes === undefined) throw new Error(`input ${buffer.name} was not loaded`);
    return { ...base, bytes: buffer.bytes, allocationBytes, data: tight(bytes) };
  });
  const indexOf = new Map(spec.buffers.map((buffer, index) => [buffer.name, index]));
  const dispatches = spec.dispatches.map(
    (dispatch): PlannedDispatch => ({
      entryPoint: dispatch.entryPoint,
      workgroups: dispatch.workgroups,
      buffers: dispatch.bindings ? dispatch.bindings.map((name) => indexOf.get(name)!) : buffers.map((_, index) => index),
    }),
  );
  return { shader, buffers, dispatches };
}

export function align(value: number, alignment: number): number {
  return Math.max(alignment, Math.ceil(value / alignment) * alignment);
}

function encodeUniform(type: "u32" | "i32" | "f32", values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(align(values.length * 4, 16));
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => {
    if (type === "u32") view.setUint32(index * 4, value, true);
    else if (type === "i32") view.setInt32(index * 4, value, true);
    else view.setFloat32(index * 4, value, true);
  });
  return bytes;
}

function tight(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
