// Builds the web app when it has never been built or its sources changed since (the devnet and browser tests
// call this, so a fresh checkout works without a separate build step).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const appDir = path.resolve(import.meta.dirname, "..");
const repoRoot = path.resolve(appDir, "..");
const require = createRequire(import.meta.url);

/** What the build depends on: the app's sources and config, the SDK and the example job specs. */
const inputs = [
  path.join(appDir, "src"),
  path.join(appDir, "next.config.ts"),
  path.join(appDir, "package.json"),
  path.join(repoRoot, "sdk", "src"),
  path.join(repoRoot, "examples"),
];

/**
 * Written after a build completes (`next build` writes BUILD_ID early, so an interrupted build would look
 * finished); removed when one starts.
 */
const marker = path.join(appDir, ".next", "hearth-build-complete");

/** Whether there is no complete build, or one older than any input file. */
export function appBuildIsStale(): boolean {
  if (!existsSync(marker) || !existsSync(path.join(appDir, ".next", "BUILD_ID"))) return true;
  const built = statSync(marker).mtimeMs;
  return inputs.some((input) => newestMtime(input) > built);
}

/**
 * Runs `next build` if the build is stale; resolves with whether it built. Output goes to `onOutput`. Callers in
 * several processes (a devnet and a test run) take turns: one builds, the others then find the build fresh.
 */
export async function ensureAppBuilt(options: { force?: boolean; onOutput?: (text: string) => void } = {}): Promise<boolean> {
  if (!options.force && !appBuildIsStale()) return false;
  const release = await takeBuildLock();
  try {
    if (!options.force && !appBuildIsStale()) return false;
    await build(options.onOutput);
    return true;
  } finally {
    release();
  }
}

const lockDir = path.join(appDir, ".build-lock");

async function takeBuildLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSyncSafe(path.join(lockDir, "pid")));
    if (holder && !isAlive(holder)) rmSync(lockDir, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function readFileSyncSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

async function build(onOutput: ((text: string) => void) | undefined): Promise<void> {
  const nextBin = require.resolve("next/dist/bin/next");
  const started = Date.now();
  rmSync(marker, { force: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      onOutput?.(chunk.toString());
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.slice(-4_000)}`))));
  });
  // Dated at the start: a source edited during the build makes the next check rebuild.
  writeFileSync(marker, `${new Date(started).toISOString()}\n`);
  utimesSync(marker, started / 1000, started / 1000);
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

// `node scripts/ensureAppBuilt.ts [--force]` (the package's build script): builds with the lock and the marker.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes("--force");
  const built = await ensureAppBuilt({ force, onOutput: (text) => process.stdout.write(text) });
  if (!built) process.stdout.write("The web app's build is up to date.\n");
}
