import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fastify, type FastifyInstance } from "fastify";
import { pino, type Logger } from "pino";
import { type Address, erc20Abi, parseUnits } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { bytesToHex } from "viem";
import { registerProvider } from "@hearth/sdk/actions/registerProvider";
import { setVerifier } from "@hearth/sdk/actions/setVerifier";
import { stake } from "@hearth/sdk/actions/stake";
import { createHearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { writeHearthContract } from "@hearth/sdk/chain/writeHearthContract";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { testStablecoinAbi } from "@hearth/sdk/generated/abis";
import { createIpfsNode, type IpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { registerGatewayRoutes } from "@hearth/node/ipfs/registerGatewayRoutes";
import { registerPinningRoutes } from "@hearth/node/ipfs/registerPinningRoutes";
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";
import type { GpuAdapterDescription } from "@hearth/node/runtime/gpuProcessProtocol";
import type { DevnetFaults } from "./parseFaultFlags.ts";
import { type EnergySource, providerMetadata } from "../provider/providerMetadata.ts";
import { humanLogStream } from "@hearth/node/logging/humanLogStream";

export class DevnetError extends BaseError {
  override name = "DevnetError";
}

/** Hardhat's well-known development mnemonic: these keys are public and hold value on no real chain. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export type DevnetOptions = {
  /** Folder for the devnet's state (default `.hearth` in the repository). */
  directory: string;
  repoRoot: string;
  reset: boolean;
  chainPort: number;
  ipfsHttpPort: number;
  ipfsP2pPort: number;
  providerApiPortBase: number;
  providers: number;
  /** Start the indexer on this port (omit: no indexer). */
  indexerPort?: number | undefined;
  /** Start the web app on this port (omit: no app). */
  appPort?: number | undefined;
  logLevel: string;
  /** Tests and demos only (`--fault`, with HEARTH_ALLOW_FAULTS=1): providers told to cheat, by name. */
  faults?: DevnetFaults | undefined;
};

type DevProvider = {
  name: string;
  energySource: EnergySource;
  carbonIntensity: number;
  region: string;
  priceHrth: string;
  priceUsd: string;
  powerWatts: number;
  verify: boolean;
};

/** Three providers with different energy, prices and places; the first also verifies. */
const devProviders: DevProvider[] = [
  { name: "solar-home", energySource: "solar", carbonIntensity: 40, region: "eu-south", priceHrth: "0.2", priceUsd: "0.02", powerWatts: 250, verify: true },
  { name: "lab-night", energySource: "hydro", carbonIntensity: 24, region: "ca-east", priceHrth: "0.5", priceUsd: "0.05", powerWatts: 350, verify: true },
  { name: "grid-dc", energySource: "grid", carbonIntensity: 420, region: "us-central", priceHrth: "0.8", priceUsd: "0.08", powerWatts: 700, verify: true },
];

/** The names `--fault` can use, in the order providers start. */
export const devnetProviderNames: readonly string[] = devProviders.map((p) => p.name);

type Running = { stop(): Promise<void> };

/**
 * Starts the whole local network and returns once it is ready: the chain (Hardhat's EDR, 1 s blocks), the
 * deployment, funded accounts, a shared IPFS node (gateway + pinning API) and the provider nodes. Writes
 * `<directory>/devnet.json`. `stop()` ends everything it started.
 */
export async function startDevnet(options: DevnetOptions): Promise<{ info: Record<string, unknown>; running: Running }> {
  const log = pino({ level: options.logLevel, base: { component: "devnet" } }, humanLogStream());
  const dir = options.directory;
  mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "devnet.lock");
  assertNotRunning(lockFile);
  for (const port of [options.chainPort, options.ipfsHttpPort, options.ipfsP2pPort, options.indexerPort, options.appPort]) {
    if (port !== undefined) await assertPortFree(port);
  }
  for (let i = 0; i < options.providers; i++) await assertPortFree(options.providerApiPortBase + i);
  writeFileSync(lockFile, String(process.pid));

  // The chain is in memory, so each start is a fresh chain: provider journals follow it. --reset also wipes
  // IPFS repositories and anything else kept in the devnet folder.
  rmSync(path.join(dir, "providers"), { recursive: true, force: true });
  rmSync(path.join(dir, "devnet.json"), { force: true });
  if (options.reset) {
    for (const entry of ["ipfs", "client-ipfs", "logs"]) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  const logsDir = path.join(dir, "logs");
  mkdirSync(logsDir, { recursive: true });

  const children: ChildProcess[] = [];
  let ipfs: IpfsNode | undefined;
  let gateway: FastifyInstance | undefined;
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper().catch(() => undefined);
    for (const child of children.reverse()) child.kill("SIGTERM");
    await Promise.all(children.map((child) => waitExit(child, 10_000)));
    await gateway?.close().catch(() => undefined);
    await ipfs?.stop().catch(() => undefined);
    rmSync(lockFile, { force: true });
  };

  // Ctrl-C while starting still stops whatever already started.
  const abort = () => {
    void stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    const hardhat = path.join(options.repoRoot, "node_modules", ".bin", "hardhat");
    const rpcUrl = `http://127.0.0.1:${options.chainPort}`;
    log.info({ rpc_url: rpcUrl }, "starting chain");
    const chain = spawn(hardhat, ["node", "--network", "devnet", "--hostname", "127.0.0.1", "--port", String(options.chainPort)], {
      cwd: options.repoRoot,
      stdio: ["ignore", openSync(path.join(logsDir, "chain.log"), "w"), openSync(path.join(logsDir, "chain.log"), "a")],
    });
    children.push(chain);
    await waitForRpc(rpcUrl, chain, 60_000);

    log.info("deploying the protocol with Ignition");
    // Each devnet keeps its own Ignition journal, so two devnets (or a devnet and a test) never share one.
    const deploymentId = `devnet-${options.chainPort}`;
    rmSync(path.join(options.repoRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true });
    const deployOut = await run(hardhat, ["run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: options.repoRoot,
      env: {
        ...process.env,
        HEARTH_RPC_URL: rpcUrl,
        HEARTH_MODULE: "devnet",
        HEARTH_PARAMETERS: "ignition/parameters/devnet.json",
        HEARTH_DEPLOYMENT_ID: deploymentId,
        HEARTH_DEPLOYMENT_FILE: path.join(dir, "deployment.json"),
      },
    });
    const printed = JSON.parse(deployOut.trim().split("\n").filter((l) => l.startsWith("{")).pop() ?? "{}") as Partial<HearthDeployment>;
    if (!printed.contracts?.market || printed.chainId === undefined) {
      throw new DevnetError("The deployment printed no addresses.", { details: deployOut });
    }
    const deployment: HearthDeployment = { chainId: printed.chainId, startBlock: printed.startBlock ?? 0, contracts: printed.contracts };

    const accounts = [
      "deployer",
      ...devProviders.slice(0, options.providers).map((p) => p.name),
      "requester",
      "requester2",
      "challenger",
      "holder",
    ].map((name, index) => {
      const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
      return { name, address: account.address, privateKey: bytesToHex(account.getHdKey().privateKey!), account };
    });
    const byName = (name: string) => accounts.find((a) => a.name === name)!;

    log.info("funding accounts");
    const deployerCtx = createHearthContext({ rpcUrl, deployment, account: byName("deployer").account });
    for (const account of accounts.slice(1)) {
      const hrth = devProviders.some((p) => p.name === account.name) ? "20000" : "5000";
      await writeHearthContract(deployerCtx, {
        address: deployment.contracts.token,
        abi: erc20Abi,
        functionName: "transfer",
        args: [account.address, parseUnits(hrth, 18)],
      });
      await writeHearthContract(deployerCtx, {
        address: deployment.contracts.stablecoin!,
        abi: testStablecoinAbi,
        functionName: "mint",
        args: [account.address, parseUnits("10000", 6)],
      });
    }

    log.info({ port: options.ipfsHttpPort }, "starting the shared IPFS node");
    ipfs = await createIpfsNode({ directory: path.join(dir, "ipfs"), host: "127.0.0.1", port: options.ipfsP2pPort });
    const app = fastify({ logger: false, bodyLimit: 1 << 20 });
    gateway = app;
    app.addHook("onSend", async (_request, reply) => {
      reply.header("access-control-allow-origin", "*");
    });
    registerGatewayRoutes(app, { blockstore: ipfs.localBlockstore });
    registerPinningRoutes(app, { ipfs, logger: log.child({ component: "pinning" }) });
    await app.listen({ host: "127.0.0.1", port: options.ipfsHttpPort });
    const ipfsInfo = {
      gatewayUrl: `http://127.0.0.1:${options.ipfsHttpPort}`,
      pinningUrl: `http://127.0.0.1:${options.ipfsHttpPort}`,
      multiaddrs: await ipfs.multiaddrs(),
    };

    log.info("detecting the GPU");
    const adapter = await detectAdapter();

    const providers: Array<{
      name: string;
      address: Address;
      apiUrl: string;
      energySource: string;
      carbonIntensity: number;
      price: Record<string, string>;
      faults?: string[];
    }> = [];
    for (const [index, p] of devProviders.slice(0, options.providers).entries()) {
      const account = byName(p.name);
      const apiPort = options.providerApiPortBase + index;
      const apiUrl = `http://127.0.0.1:${apiPort}`;
      const ctx = createHearthContext({ rpcUrl, deployment, account: account.account });
      const metadata = providerMetadata(adapter, {
        name: p.name,
        region: p.region,
        price: { HRTH: p.priceHrth, tUSD: p.priceUsd },
        energySource: p.energySource,
        carbonIntensity: p.carbonIntensity,
        declaredPowerWatts: p.powerWatts,
        endpoint: apiUrl,
      });
      const metadataCid = await ipfs.add(JSON.stringify(metadata), { pin: true });
      await registerProvider(ctx, { metadataCid, carbonIntensity: p.carbonIntensity });
      await stake(ctx, parseUnits("10000", 18));
      if (p.verify) await setVerifier(ctx, true);

      const faults = options.faults?.[p.name];
      if (faults) {
        log.warn(
          { provider: p.name, address: account.address, fault_modes: faults },
          `FAULT INJECTION: ${p.name} will cheat on purpose (${faults.join(", ")}); tests and demos only, it will be slashed`,
        );
      }
      const providerDir = path.join(dir, "providers", p.name);
      mkdirSync(providerDir, { recursive: true });
      const configPath = path.join(providerDir, "config.json");
      writeFileSync(
        configPath,
        JSON.stringify(
          {
            rpcUrl,
            deployment,
            dataDir: providerDir,
            key: { env: "HEARTH_PRIVATE_KEY" },
            ipfs: { host: "127.0.0.1", port: 0, peers: ipfsInfo.multiaddrs, pinningUrl: ipfsInfo.pinningUrl },
            api: { host: "127.0.0.1", port: apiPort },
            pricing: { minPrice: { [deployment.contracts.token]: parseUnits(p.priceHrth, 18).toString(), [deployment.contracts.stablecoin!]: parseUnits(p.priceUsd, 6).toString() } },
            region: p.region,
            energySource: p.energySource,
            carbonIntensity: p.carbonIntensity,
            declaredPowerWatts: p.powerWatts,
            verify: p.verify,
            // Local chain, 1 s blocks: look often, so a job is picked up and submitted within a fraction of a second.
            chain: { pollIntervalMs: 200 },
            ...(faults ? { faults: { modes: faults } } : {}),
          },
          null,
          2,
        ),
      );
      const out = openSync(path.join(logsDir, `${p.name}.log`), "w");
      const child = spawn(process.execPath, [path.join(options.repoRoot, "node", "src", "bin", "providerNode.ts"), configPath], {
        cwd: options.repoRoot,
        // Only a provider told to cheat may: the switch goes to its process alone.
        env: { ...withoutFaultSwitch(process.env), HEARTH_PRIVATE_KEY: account.privateKey, HEARTH_LOG_LEVEL: options.logLevel, ...(faults ? { HEARTH_ALLOW_FAULTS: "1" } : {}) },
        stdio: ["ignore", out, out],
      });
      children.push(child);
      providers.push({
        name: p.name,
        address: account.address,
        apiUrl,
        energySource: p.energySource,
        carbonIntensity: p.carbonIntensity,
        price: metadata.price,
        ...(faults ? { faults } : {}),
      });
    }
    log.info("waiting for provider nodes");
    for (const [index, provider] of providers.entries()) {
      await waitForHttp(`${provider.apiUrl}/health`, 90_000, `provider ${provider.name}`, children[index + 1], path.join(logsDir, `${provider.name}.log`));
    }

    let indexerUrl: string | undefined;
    if (options.indexerPort !== undefined) {
      log.info({ port: options.indexerPort }, "starting the indexer (embedded database)");
      const { startIndexer } = await import("@hearth/indexer/startIndexer");
      const indexer = await startIndexer({
        rpcUrl,
        deployment,
        port: options.indexerPort,
        directory: path.join(dir, "indexer"),
        ipfsGateways: [ipfsInfo.gatewayUrl],
        waitFor: "health",
      });
      stoppers.push(() => indexer.stop());
      indexerUrl = indexer.url;
    }
    let appUrl: string | undefined;
    if (options.appPort !== undefined) {
      log.info({ port: options.appPort }, "starting the web app");
      const { ensureAppBuilt } = await import("@hearth/app/ensureAppBuilt");
      const { startApp } = await import("@hearth/app/startApp");
      await ensureAppBuilt();
      const app = await startApp({
        port: options.appPort,
        networkFile: path.join(dir, "devnet.json"),
        ...(indexerUrl ? { indexerUrl } : {}),
        logFile: path.join(logsDir, "app.log"),
      });
      stoppers.push(() => app.stop());
      appUrl = app.url;
    }

    const info = {
      rpcUrl,
      chainId: deployment.chainId,
      startBlock: deployment.startBlock,
      contracts: deployment.contracts,
      ipfs: ipfsInfo,
      providers,
      accounts: accounts.map(({ name, address, privateKey }) => ({ name, address, privateKey })),
      ...(indexerUrl ? { indexerUrl } : {}),
      ...(appUrl ? { appUrl } : {}),
      gpu: { vendor: adapter.vendor, architecture: adapter.architecture, description: adapter.description, isSoftware: adapter.isSoftware },
      logs: logsDir,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(path.join(dir, "devnet.json"), `${JSON.stringify(info, null, 2)}\n`);
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
    return { info, running: { stop } };
  } catch (error) {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
    await stop();
    throw error;
  }
}

function withoutFaultSwitch(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { HEARTH_ALLOW_FAULTS: _switch, ...rest } = env;
  return rest;
}

async function detectAdapter(): Promise<GpuAdapterDescription> {
  const runtime = await createGpuRuntime();
  try {
    return runtime.adapter;
  } finally {
    await runtime.close();
  }
}

function assertNotRunning(lockFile: string) {
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, "utf8"));
  if (pid && pid !== process.pid && isAlive(pid)) {
    throw new DevnetError(`A devnet is already running here (pid ${pid}).`, {
      metaMessages: ["Use it (its addresses are in .hearth/devnet.json), or stop it with Ctrl-C in its terminal first."],
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new DevnetError(`Port ${port} on 127.0.0.1 is in use.`, { metaMessages: ["Choose other ports: `npm start -- --port <N>` (see --help)."] })),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

async function waitForRpc(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new DevnetError(`The chain exited early (code ${child.exitCode}); see .hearth/logs/chain.log.`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new DevnetError(`The chain did not answer at ${url} in time.`);
}

async function waitForHttp(url: string, timeoutMs: number, what: string, child?: ChildProcess, logFile?: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      const tail = logFile && existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").slice(-8).join("\n") : "";
      throw new DevnetError(`${what} exited (code ${child.exitCode}) before it was ready.`, { metaMessages: tail ? [tail] : [] });
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new DevnetError(`${what} did not become healthy at ${url}; see .hearth/logs.`);
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new DevnetError(`\`${path.basename(command)} ${args.join(" ")}\` failed (exit ${code}).`, { details: `${out}\n${err}` })),
    );
  });
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export type { Logger };
