import { jobSpecBounds } from "@hearth/sdk/spec/jobSpec";
import { runShaderCheck } from "@/lib/jobs/runShaderCheck";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Entry points one check builds pipelines for; a job spec's dispatches name far fewer. */
const MAX_ENTRY_POINTS = 16;

/** One check at a time: each one is a process with a Dawn device, and a page that types fast must not pile them up. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * POST `{ source, entryPoints }` → `{ ok, problems, warnings }`: compiles a requester's WGSL and builds a compute
 * pipeline per entry point with Dawn's null backend, as a provider does before claiming (`checkShaderSource` from
 * the node package, in a child process: see runShaderCheck), so the Submit page can say what is wrong before
 * anything is signed or paid.
 */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error(400, 'Send JSON: { "source": "<WGSL>", "entryPoints": ["main"] }.');
  }
  const { source, entryPoints } = (body ?? {}) as { source?: unknown; entryPoints?: unknown };
  if (typeof source !== "string" || !source.trim()) return error(400, "`source` must be the shader's WGSL text.");
  if (new TextEncoder().encode(source).byteLength > jobSpecBounds.maxShaderBytes) {
    return error(413, `Shaders up to ${jobSpecBounds.maxShaderBytes.toLocaleString("en-US")} bytes can be checked (the job spec's limit).`);
  }
  if (!Array.isArray(entryPoints) || entryPoints.length === 0 || entryPoints.length > MAX_ENTRY_POINTS || entryPoints.some((name) => typeof name !== "string" || !name.trim())) {
    return error(400, `\`entryPoints\` must list 1 to ${MAX_ENTRY_POINTS} entry point names.`);
  }
  const run = queue.then(() => runShaderCheck(source, entryPoints as string[]));
  queue = run.catch(() => undefined);
  try {
    return Response.json(await run);
  } catch (cause) {
    // Dawn could not be loaded, or the check failed or ran too long: the page says so and lets the requester go on
    // (providers check too).
    const message = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
    return error(503, `The shader compiler is not available on this server: ${message}`);
  }
}

function error(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}
