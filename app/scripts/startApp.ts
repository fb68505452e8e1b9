// Runs the built web app (`next start`) against a network file, for the devnet and the browser tests.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const appDir = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

export type StartAppParameters = {
  port: number;
  /** The network file the app serves (`.hearth/devnet.json`); read on every request, so it may change. */
  networkFile: string;
  /** Default 127.0.0.1. */
  hostname?: string | undefined;
  /** Overrides the network file's indexerUrl. */
  indexerUrl?: string | undefined;
  /** Appends the server's output here (default: kept in memory only, see `logTail`). */
  logFile?: string | undefined;
  /** Default 60 s. */
  timeoutMs?: number | undefined;
};

export type RunningApp = {
  url: string;
  process: ChildProcess;
  logTail(): string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
};

export class AppStartError extends Error {
  override name = "AppStartError";
}

/**
 * Starts `next start` on the built app (build it first: `npm run build -w app`, or `ensureAppBuilt()`), with
 * HEARTH_NETWORK pointing at `networkFile`, and resolves once the server answers.
 */
export async function startApp(parameters: StartAppParameters): Promise<RunningApp> {
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID"))) {
    throw new AppStartError("The web app is not built: run `npm run build -w app` (or `npm run build`) first.");
  }
  const hostname = parameters.hostname ?? "127.0.0.1";
  const nextBin = require.resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(parameters.port), "--hostname", hostname], {
    cwd: appDir,
    env: {
      ...process.env,
      HEARTH_NETWORK: path.resolve(parameters.networkFile),
      ...(parameters.indexerUrl ? { HEARTH_INDEXER_URL: parameters.indexerUrl } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = parameters.logFile ? createWriteStream(parameters.logFile, { flags: "a" }) : undefined;
  let tail = "";
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    tail = (tail + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => log?.end());

  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${parameters.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (parameters.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new AppStartError(`The web app exited (${child.exitCode ?? child.signalCode}) before it answered:\n${tail.slice(-2_000)}`);
    }
    try {
      const response = await fetch(`${url}/api/network`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status < 500 || response.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new AppStartError(`The web app did not answer at ${url} in time:\n${tail.slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, process: child, logTail: () => tail, stop };
}

// `npm start -w app -- [--port 3000] [--network .hearth/devnet.json]`: serves the built app until Ctrl-C.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.HEARTH_APP_PORT ?? "3000" },
      hostname: { type: "string", default: "127.0.0.1" },
      network: { type: "string", default: process.env.HEARTH_NETWORK ?? path.join(appDir, "..", ".hearth", "devnet.json") },
    },
  });
  const app = await startApp({ port: Number(values.port), hostname: values.hostname, networkFile: values.network });
  process.stdout.write(`Hearth web app at ${app.url} (network file ${path.resolve(values.network)})\n`);
  const stop = () => void app.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
