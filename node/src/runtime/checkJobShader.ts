import type { JobSpec } from "@hearth/sdk/spec/jobSpec";
import { extensionFeatures, wgslExtensions } from "./canRunJob.ts";
import { validateWgsl, type ValidateWgslReturnType } from "./validateWgsl.ts";

/**
 * Compiles a `wgsl` job's shader with Dawn's null backend, with the device features its `enable` directives ask
 * for and a compute pipeline per entry point the dispatches name, so a requester learns of a compile error before
 * paying for a job no provider could run. Returns undefined for templates (their kernels are the node's own) and
 * when the shader's source cannot be had (`fetchShader` failed: the caller's input check reports that).
 */
export async function checkJobShader(
  spec: JobSpec,
  fetchShader: (cid: string) => Promise<string>,
): Promise<ValidateWgslReturnType | undefined> {
  if (spec.runtime !== "wgsl") return undefined;
  let source: string;
  try {
    source = "source" in spec.shader ? spec.shader.source : await fetchShader(spec.shader.cid);
  } catch {
    return undefined;
  }
  return checkShaderSource(source, spec.dispatches.map((dispatch) => dispatch.entryPoint));
}

/**
 * Compiles a requester's WGSL and builds a compute pipeline for each of `entryPoints`, with the device features
 * its `enable` directives ask for: what a provider does before claiming, on Dawn's null backend. The web app's
 * shader check and `checkJobShader` both use it.
 */
export async function checkShaderSource(source: string, entryPoints: readonly string[]): Promise<ValidateWgslReturnType> {
  // Experimental (`chromium_*`) extensions are left off: providers refuse them in requesters' shaders, so the
  // compiler's refusal is the right answer here too.
  const features = [...new Set(wgslExtensions(source).flatMap((name) => (extensionFeatures[name] && !name.startsWith("chromium_") ? [extensionFeatures[name]] : [])))];
  return validateWgsl(source, { features, entryPoints: [...new Set(entryPoints)] });
}

/** The compiler's messages of one type as `line 3:14: …`, one line each. */
function describeMessages(result: ValidateWgslReturnType, type: "error" | "warning"): string[] {
  return (
    result.messages
      .filter((message) => message.type === type)
      // The first line names the problem; Tint follows some with a list of candidate overloads.
      .map((message) => `line ${message.lineNum}:${message.linePos}: ${message.message.split("\n")[0]}`)
  );
}

/** A failed check as one line per problem: `line 3:14: …` for the compiler, `entry point "main": …` for pipelines. */
export function describeShaderProblems(result: ValidateWgslReturnType): string[] {
  return [
    ...describeMessages(result, "error"),
    ...result.pipelineErrors.map((error) => `entry point "${error.entryPoint}": ${error.message.split("\n")[0]!.replaceAll('""', '"')}`),
  ];
}

/** The compiler's warnings, one line each, as `describeShaderProblems` writes errors. */
export function describeShaderWarnings(result: ValidateWgslReturnType): string[] {
  return describeMessages(result, "warning");
}
