import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { parseDeployment } from "../config/readIndexerSettings.ts";
import { freePort } from "./freePort.ts";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

export type TestChain = {
  rpcUrl: string;
  port: number;
  deployment: HearthDeployment;
  /** Sends a raw JSON-RPC request (evm_snapshot, evm_mine, …). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** The node's recent output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

export type StartTestChainParameters = {
  /** Keep the devnet's 1 s blocks and also mine each transaction at once (default true). */
  automine?: boolean | undefined;
  /** Ignition parameters file, relative to the repository (default ignition/parameters/devnet.json). */
  parameters?: string | undefined;
};

/**
 * Starts Hardhat's node (network `devnet`: 1 s interval mining) on a free loopback port and deploys the devnet
 * protocol with Ignition. Requires `npm run build` (artifacts) to have run.
 */
export async function startTestChain(parameters: StartTestChainParameters = {}): Promise<TestChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  const child = spawn(bin("hardhat"), ["node", "--network", "devnet", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}:\n${log}`);
      try {
        await rpc("eth_chainId");
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`hardhat node did not answer on ${rpcUrl} within 60 s:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    // Interval mining alone makes every transaction wait for the next second; automine keeps the 1 s blocks
    // and also mines each transaction at once.
    if (parameters.automine ?? true) await rpc("evm_setAutomine", [true]);
    const deployment = await deploy(rpcUrl, port, parameters.parameters);
    return { rpcUrl, port, deployment, rpc, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function deploy(rpcUrl: string, port: number, parametersFile: string | undefined): Promise<HearthDeployment> {
  const deploymentId = `indexer-test-${port}-${process.pid}`;
  const script = path.join("indexer", "src", "testing", "deployProtocol.ts");
  const env = {
    ...process.env,
    HEARTH_RPC_URL: rpcUrl,
    HEARTH_DEPLOYMENT_ID: deploymentId,
    ...(parametersFile ? { HEARTH_PARAMETERS: parametersFile } : {}),
    FORCE_COLOR: "0",
  };
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin("hardhat"), ["run", "--no-compile", script, "--network", "localhost"], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
        env,
      });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`Deployment failed (${code}):\n${text}`))));
    });
    const line = output.trim().split("\n").reverse().find((candidate) => candidate.startsWith("{"));
    if (!line) throw new Error(`Deployment printed no JSON:\n${output}`);
    return parseDeployment(JSON.parse(line), "deployment");
  } finally {
    rmSync(path.join(repoRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  }
}
