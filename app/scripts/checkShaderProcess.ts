// Compiles one requester's WGSL for the app's /api/shader-check, in its own process: Dawn runs outside the web
// server, so a shader that takes long to compile (or crashes the compiler) costs this process, not the app.
// Reads `{ source, entryPoints }` as JSON on stdin; writes `{ ok, problems, warnings }` as JSON on stdout.
import { text } from "node:stream/consumers";
import { checkShaderSource, describeShaderProblems, describeShaderWarnings } from "@hearth/node/runtime/checkJobShader";

const { source, entryPoints } = JSON.parse(await text(process.stdin)) as { source: string; entryPoints: string[] };
const result = await checkShaderSource(source, entryPoints);
process.stdout.write(JSON.stringify({ ok: result.ok, problems: describeShaderProblems(result), warnings: describeShaderWarnings(result) }));
