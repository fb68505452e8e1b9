/** What /api/shader-check says about a shader: `available: false` when the server could not run the compiler. */
export type ShaderCheck =
  | { available: true; ok: boolean; problems: string[]; warnings: string[] }
  | { available: false; reason: string };

/**
 * Compiles WGSL and builds a pipeline per entry point on the app's server (Dawn, as providers do before claiming).
 * A server that cannot check (no compiler, no answer) is reported as unavailable, never as a verdict.
 */
export async function checkShader(source: string, entryPoints: readonly string[], signal?: AbortSignal): Promise<ShaderCheck> {
  let response: Response;
  try {
    response = await fetch("/api/shader-check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source, entryPoints }),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { available: false, reason: "the app's server did not answer" };
  }
  const answer = (await response.json().catch(() => ({}))) as { ok?: boolean; problems?: string[]; warnings?: string[]; error?: { message?: string } };
  if (response.status === 503 || typeof answer.ok !== "boolean") {
    return { available: false, reason: answer.error?.message ?? `HTTP ${response.status}` };
  }
  if (!response.ok) return { available: true, ok: false, problems: [answer.error?.message ?? `HTTP ${response.status}`], warnings: [] };
  return { available: true, ok: answer.ok, problems: answer.problems ?? [], warnings: answer.warnings ?? [] };
}
