import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

export type ShaderCheckResult = { ok: boolean; problems: string[]; warnings: string[] };

/** Longest a check may take before its process is killed and the shader reported as not checked. */
const TIMEOUT_MS = 10_000;

/**
 * Compiles `source` and builds its entry points in a child process (`@hearth/app/checkShaderProcess`, on the same
 * Node as the server): Dawn never runs inside the web server. Rejects when the process fails or runs too long.
 */
export function runShaderCheck(source: string, entryPoints: readonly string[]): Promise<ShaderCheckResult> {
  // Resolved at run time from the server's folder (inside the workspace), not by the bundler.
  const script = createRequire(path.join(process.cwd(), "package.json")).resolve("@hearth/app/checkShaderProcess");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", script], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the check took over ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        try {
          return resolve(JSON.parse(stdout) as ShaderCheckResult);
        } catch {
          // falls through to the failure below
        }
      }
      const why = stderr.trim().split("\n").at(-1) || `exited with ${signal ?? code}`;
      reject(new Error(`the compiler process failed: ${why}`));
    });
    child.stdin.end(JSON.stringify({ source, entryPoints }));
  });
}
