import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Hex } from "viem";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import type { ProviderConfigInput } from "@hearth/node/config/providerConfigSchema";
import { repoRoot } from "./localChain.ts";

const bin = path.join(repoRoot, "node", "src", "bin", "providerNode.ts");

export type ProviderProcessOptions = {
  directory: string;
  rpcUrl: string;
  deployment: HearthDeployment;
  privateKey: Hex;
  apiPort: number;
  ipfsPort: number;
  peers: string[];
  faults?: ProviderConfigInput["faults"] | undefined;
  extra?: Partial<ProviderConfigInput> | undefined;
};

export type ProviderProcess = {
  configPath: string;
  apiUrl: string;
  /** Every line the node logged, across restarts. */
  logs: string[];
  current: ChildProcess | undefined;
  starts: number;
  /** Starts the node; resolves when its /health answers 200. */
  start(): Promise<void>;
  /** Resolves with how the current process ended. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
};

/** A provider node run the way the devnet runs it: `node node/src/bin/providerNode.ts <config>`. */
export function providerProcess(options: ProviderProcessOptions): ProviderProcess {
  mkdirSync(options.directory, { recursive: true });
  const configPath = path.join(options.directory, "config.json");
  const config: ProviderConfigInput = {
    rpcUrl: options.rpcUrl,
    deployment: options.deployment,
    key: { env: "HEARTH_PRIVATE_KEY" },
    dataDir: path.join(options.directory, "data"),
    ipfs: { host: "127.0.0.1", port: options.ipfsPort, peers: options.peers, fetchTimeoutMs: 15_000 },
    api: { host: "127.0.0.1", port: options.apiPort },
    pricing: { minPrice: { USD: "1000", HRTH: "1000000000000000" } },
    region: "test-local",
    energySource: "solar",
    carbonIntensity: 40,
    declaredPowerWatts: 150,
    chain: { pollIntervalMs: 500 },
    jobs: { shutdownGraceMs: 5_000 },
    gpu: { adapter: "swiftshader" },
    ...(options.faults ? { faults: options.faults } : {}),
    ...options.extra,
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;
  const logs: string[] = [];
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });

  const handle: ProviderProcess = {
    configPath,
    apiUrl,
    logs,
    current: undefined,
    starts: 0,
    async start() {
      const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, configPath], {
        cwd: repoRoot,
        env: {
          ...process.env,
          HEARTH_PRIVATE_KEY: options.privateKey,
          HEARTH_ALLOW_FAULTS: options.faults ? "1" : "",
          HEARTH_LOG_LEVEL: "debug",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      handle.current = child;
      handle.starts++;
      const collect = (chunk: Buffer) => {
        logs.push(...chunk.toString().split("\n").filter(Boolean));
        appendFileSync(path.join(options.directory, "node.log"), chunk);
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
      const started = Date.now();
      for (;;) {
        if (child.signalCode === "SIGKILL") return; // killed while starting (a crash point); the caller looks at exited()
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`provider node exited while starting (${child.signalCode ?? child.exitCode}):\n${logs.slice(-40).join("\n")}`);
        }
        try {
          const response = await fetch(`${apiUrl}/health`);
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() - started > 180_000) throw new Error(`provider node at ${apiUrl} not healthy:\n${logs.slice(-30).join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    exited: () => exit,
    kill(signal) {
      handle.current?.kill(signal);
    },
  };
  return handle;
}
