import type { JobSpec, WgslJobSpec } from "../spec/jobSpec.ts";
import { compileMatmul, type CompileMatmulOptions } from "./compileMatmul.ts";

export type CompileJobSpecOptions = CompileMatmulOptions;

/** Resolves any runtime to the `wgsl` spec that actually runs (a `wgsl` spec is returned as is). */
export function compileJobSpec(spec: JobSpec, options: CompileJobSpecOptions = {}): WgslJobSpec {
  switch (spec.runtime) {
    case "wgsl":
      return spec;
    case "matmul":
      return compileMatmul(spec, options);
  }
}
