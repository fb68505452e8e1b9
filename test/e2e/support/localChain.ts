import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import { freePort } from "@hearth/indexer/testing/freePort";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const hardhatCli = path.join(repoRoot, "node_modules", "hardhat", "dist", "src", "cli.js");

/** Hardhat's default accounts (funded with ETH on its simulated chains). */
export function devAccount(index: number): HDAccount {
  return mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: index });
}

/** A port that was free a moment ago on 127.0.0.1 (the indexer's test helper, under the name these tests use). */
export const getFreePort = freePort;

export type LocalChain = { rpcUrl: string; process: ChildProcess; stop(): Promise<void> };

/** `hardhat node --network devnet` (1 s interval mining) on a free port, ready when it answers eth_chainId. */
export async function startLocalChain(): Promise<LocalChain> {
  const port = await getFreePort();
  const child = spawn(process.execPath, [hardhatCli, "node", "--network", "devnet", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited (${child.exitCode}): ${stderr}`);
    try {
      await client.getChainId();
      break;
    } catch {
      if (Date.now() - started > 60_000) throw new Error(`hardhat node did not answer on ${rpcUrl}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    rpcUrl,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Deploys the devnet module (protocol + tUSD) with scripts/deploy.ts and returns the deployment from its last
 * output line. Ignition keeps a journal per deployment id; this one gets its own id (and output file), so it
 * never mixes with the devnet's chain-31337 journal or another test's.
 */
export async function deployHearth(rpcUrl: string, workDir: string): Promise<HearthDeployment> {
  const deploymentId = `test-${process.pid}-${Date.now()}`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCli, "run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        HEARTH_RPC_URL: rpcUrl,
        HEARTH_MODULE: "devnet",
        HEARTH_PARAMETERS: "ignition/parameters/devnet.json",
        HEARTH_DEPLOYMENT_ID: deploymentId,
        HEARTH_DEPLOYMENT_FILE: path.join(workDir, "deployment.json"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`deploy failed (${code}): ${stderr}`))));
  }).finally(() => rmSync(path.join(repoRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true }));
  const last = output.trim().split("\n").filter((line) => line.startsWith("{")).at(-1);
  if (!last) throw new Error(`deploy printed no deployment: ${output.slice(-1000)}`);
  const { chainId, startBlock, contracts } = JSON.parse(last) as HearthDeployment;
  return { chainId, startBlock, contracts };
}
