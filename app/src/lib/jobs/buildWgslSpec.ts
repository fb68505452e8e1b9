import { JOB_SPEC_VERSION, parseJobSpec, type JobSpec } from "@hearth/sdk/spec/jobSpec";

export type WgslJobInput = { name: string; cid: string; bytes: number };

export type BuildWgslSpecParameters = {
  name: string;
  source: string;
  entryPoint: string;
  workgroups: [number, number, number];
  /** Bound in order at @group(0) @binding(0…n-1) as read-only storage buffers. */
  inputs: WgslJobInput[];
  /** The one output buffer, bound after the inputs. */
  output: { name: string; bytes: number };
  verification: { method: "exact" } | { method: "tolerance"; relative: number; absolute: number };
  maxWallMs: number;
};

/** A buffer name from a file name: WGSL-style identifier, unique among `taken`. */
export function bufferName(fileName: string, taken: readonly string[]): string {
  const base = fileName.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_]/g, "_").replace(/^([^A-Za-z_])/, "_$1").slice(0, 48) || "input";
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}_${i}`;
  return name;
}

/**
 * A `wgsl` job spec from an uploaded shader and input files: one dispatch of `entryPoint`, inputs at bindings
 * 0…n-1 of group 0 and the output after them. Validated with the SDK's schema, so the page shows the same
 * errors any provider would give.
 */
export function buildWgslSpec(parameters: BuildWgslSpecParameters): JobSpec {
  const buffers = [
    ...parameters.inputs.map((input, binding) => ({ name: input.name, binding, group: 0, kind: "input" as const, bytes: input.bytes, cid: input.cid })),
    { name: parameters.output.name, binding: parameters.inputs.length, group: 0, kind: "output" as const, bytes: parameters.output.bytes },
  ];
  const totalBytes = buffers.reduce((sum, buffer) => sum + buffer.bytes, 0);
  return parseJobSpec({
    version: JOB_SPEC_VERSION,
    name: parameters.name,
    runtime: "wgsl",
    shader: { source: parameters.source },
    buffers,
    dispatches: [{ entryPoint: parameters.entryPoint, workgroups: parameters.workgroups }],
    limits: { maxBytes: totalBytes, maxWallMs: parameters.maxWallMs },
    verification: parameters.verification,
  });
}
