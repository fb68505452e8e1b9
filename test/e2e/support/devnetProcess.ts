import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getFreePort, repoRoot } from "./localChain.ts";

const hearthBin = path.join(repoRoot, "cli", "src", "hearth.ts");

export type DevnetProcess = {
  directory: string;
  networkFile: string;
  info: {
    rpcUrl: string;
    chainId: number;
    contracts: Record<string, `0x${string}`>;
    providers: Array<{ name: string; address: `0x${string}`; apiUrl: string }>;
    accounts: Array<{ name: string; address: `0x${string}`; privateKey: `0x${string}` }>;
    ipfs: { gatewayUrl: string };
  };
  output: () => string;
  stop(): Promise<number | null>;
};

/** Runs `hearth devnet` as a user would, on free ports in a temporary folder, until it writes devnet.json. */
export async function startDevnetProcess(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<DevnetProcess> {
  const directory = mkdtempSync(path.join(tmpdir(), "hearth-devnet-"));
  const [chain, ipfs, provider, indexer, app] = [await getFreePort(), await freePair(), await freeRun(3), await getFreePort(), await getFreePort()];
  // Free ports for everything, so test files running side by side never collide (unless skipped by extraArgs).
  const servicePorts = [
    ...(extraArgs.includes("--no-indexer") ? [] : ["--indexer-port", String(indexer)]),
    ...(extraArgs.includes("--no-app") ? [] : ["--app-port", String(app)]),
  ];
  const child: ChildProcess = spawn(
    process.execPath,
    [hearthBin, "devnet", "--dir", directory, "--port", String(chain), "--ipfs-port", String(ipfs), "--provider-port", String(provider), ...servicePorts, ...extraArgs],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const networkFile = path.join(directory, "devnet.json");
  const started = Date.now();
  while (!existsSync(networkFile) || !output.includes("devnet ready")) {
    if (child.exitCode !== null) throw new Error(`hearth devnet exited (${child.exitCode}):\n${output}`);
    if (Date.now() - started > 300_000) {
      child.kill("SIGINT");
      throw new Error(`hearth devnet was not ready in 300 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    directory,
    networkFile,
    info: JSON.parse(readFileSync(networkFile, "utf8")) as DevnetProcess["info"],
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill("SIGINT");
      }),
  };
}

/** Two consecutive free ports (gateway, then libp2p). */
async function freePair(): Promise<number> {
  return freeRun(2);
}

async function freeRun(count: number): Promise<number> {
  const { createServer } = await import("node:net");
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ok = await Promise.all(
      Array.from({ length: count }, (_, i) => new Promise<boolean>((resolve) => {
        const server = createServer();
        server.once("error", () => resolve(false));
        server.listen(base + i, "127.0.0.1", () => server.close(() => resolve(true)));
      })),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error("no run of free ports found");
}

export type HearthRun = { code: number | null; stdout: string; stderr: string };

/** Runs the `hearth` CLI with arguments, as a script would. */
export function runHearth(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<HearthRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [hearthBin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
