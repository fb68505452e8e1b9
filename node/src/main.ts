import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DestinationStream, Logger } from "pino";
import { createHearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { IpfsClient } from "@hearth/sdk/ipfs/IpfsClient";
import { createIpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { createKuboClient } from "@hearth/sdk/ipfs/createKuboClient";
import { createApiServer } from "./api/createApiServer.ts";
import { createTransactionSender } from "./chain/createTransactionSender.ts";
import { loadProviderConfig, type ProviderConfig } from "./config/loadProviderConfig.ts";
import { createProviderNode, type ProviderNode } from "./daemon/createProviderNode.ts";
import { createEnergyMeter } from "./energy/createEnergyMeter.ts";
import { createFaultInjector } from "./faults/createFaultInjector.ts";
import { createJobJournal } from "./journal/createJobJournal.ts";
import { loadProviderAccount } from "./keys/loadProviderAccount.ts";
import { createLogger, redactUrlCredentials } from "./logging/createLogger.ts";
import { createNodeMetrics } from "./metrics/createNodeMetrics.ts";
import { createOutputStore } from "./result/createOutputStore.ts";
import { requestRemotePins } from "./result/requestRemotePins.ts";
import { createGpuRuntime } from "./runtime/createGpuRuntime.ts";

export type RunProviderNodeOptions = {
  /** Where secrets and switches are read (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Stop cleanly on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean | undefined;
  logger?: Logger | undefined;
  /** Where the default logger writes (default stdout, JSON lines); `hearth provider start` passes `humanLogStream` at a terminal. */
  logDestination?: DestinationStream | undefined;
};

export type RunningProviderNode = {
  node: ProviderNode;
  config: ProviderConfig;
  apiUrl: string;
  /** Stops the node (jobs in hand finish or are parked), then the API, the GPU runtime, IPFS and the journal. */
  stop(): Promise<void>;
  /** Settles once everything is closed: resolves after a stop, rejects with the error that stopped the node. */
  closed: Promise<void>;
};

/**
 * Runs a provider node from its config file: loads the key (keystore or, for the devnet, the environment),
 * opens the journal, starts IPFS (embedded Helia, or Kubo), the GPU runtime and the API, checks the
 * provider's registration and stake, reconciles unfinished jobs and follows the chain. Used by
 * `hearth provider start` and by `node/src/bin/providerNode.ts`.
 */
export async function runProviderNode(configPath: string, options: RunProviderNodeOptions = {}): Promise<RunningProviderNode> {
  const env = options.env ?? process.env;
  const config = loadProviderConfig(configPath, { env });
  const account = await loadProviderAccount(config.key, env);
  const logger = (options.logger ?? createLogger({ level: (env.HEARTH_LOG_LEVEL as never) ?? config.log.level, destination: options.logDestination })).child({ provider: account.address });
  const log = logger.child({ component: "main" });
  log.info(
    { config: configPath, rpc_url: redactUrlCredentials(config.rpcUrl), chain_id: config.deployment.chainId, data_dir: config.dataDir, key_source: config.key.source },
    "starting provider node",
  );
  if (config.key.source === "env" && config.deployment.chainId !== 31337) {
    log.warn({}, "the key comes from HEARTH_PRIVATE_KEY on a public chain; use an encrypted keystore (key.keystore)");
  }

  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        log.warn({ err: error }, "error while closing");
      }
    }
    closers.length = 0;
  };

  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const journal = createJobJournal({ path: join(config.dataDir, "journal.sqlite") });
    closers.push(() => journal.close());

    const ipfsLogger = logger.child({ component: "ipfs" });
    const ipfs: IpfsClient & { localBlockstore?: unknown } = config.ipfs.kuboRpcUrl
      ? createKuboClient({ url: config.ipfs.kuboRpcUrl, timeoutMs: config.ipfs.fetchTimeoutMs })
      : await createIpfsNode({
          directory: join(config.dataDir, "ipfs"),
          host: config.ipfs.host,
          port: config.ipfs.port,
          announce: config.ipfs.announce,
          peers: config.ipfs.peers,
          timeoutMs: config.ipfs.fetchTimeoutMs,
          logger: ipfsLogger,
        });
    closers.push(() => ipfs.stop());

    const runtime = await createGpuRuntime({
      adapter: config.gpu.adapter,
      memoryBudgetBytes: config.gpu.memoryBudgetBytes,
      logger: logger.child({ component: "gpu-runtime" }),
    });
    closers.push(() => runtime.close());
    if (runtime.adapter.isSoftware) log.warn({ adapter: runtime.adapter.description }, "running on a CPU adapter (SwiftShader): fine for tests, slow for paid work");

    const energy = await createEnergyMeter({ declaredPowerWatts: config.declaredPowerWatts, logger: logger.child({ component: "energy" }) });
    const context = createHearthContext({ rpcUrl: config.rpcUrl, deployment: config.deployment, account, ipfs, pollingInterval: Math.min(config.chain.pollIntervalMs, 1_000) });
    const sender = createTransactionSender({
      client: context.publicClient,
      account,
      chainId: config.deployment.chainId,
      logger: logger.child({ component: "tx-sender" }),
    });
    const faults = createFaultInjector({ faults: config.faults, markerFile: join(config.dataDir, "faults-fired.json"), logger: logger.child({ component: "faults" }) });
    let node: ProviderNode | undefined;
    const metrics = createNodeMetrics({ jobsByStep: () => journal.countByStep(), inFlight: () => node?.inFlight() ?? 0 });
    const pinningUrl = config.ipfs.pinningUrl;
    node = createProviderNode({
      config,
      context: { ...context, walletClient: context.walletClient! },
      sender,
      journal,
      ipfs,
      runtime,
      energy,
      outputs: createOutputStore({ directory: join(config.dataDir, "results") }),
      faults,
      metrics,
      logger,
      remotePin: pinningUrl
        ? async (cids, name) =>
            requestRemotePins({ url: pinningUrl, cids, name, origins: await ipfs.multiaddrs(), accessToken: env.HEARTH_PINNING_TOKEN })
        : undefined,
    });
    const running = node;

    let phase: "starting" | "running" | "stopping" = "starting";
    const api = createApiServer({
      health: () => ({ ok: phase === "running", detail: phase === "starting" ? "starting: checking the chain and reconciling jobs" : "stopping" }),
      status: () => running.status(),
      metrics: metrics.registry,
      blockstore: "localBlockstore" in ipfs ? (ipfs.localBlockstore as never) : undefined,
      logger,
    });
    // Listening before the start lets /health answer 503 while jobs are reconciled.
    const apiUrl = await api.listen(config.api);
    closers.push(() => api.close()); // closed first (closers run in reverse), right after the node
    log.info({ api_url: apiUrl, ipfs_addresses: await ipfs.multiaddrs().catch(() => []) }, "api listening");

    await running.start();
    phase = "running";

    let stopping: Promise<void> | undefined;
    // Once the node is stopping, a promise rejected and never handled (a libp2p stream torn down, a GPU process
    // killed mid-message) must not turn a clean stop into exit code 1: it is logged instead. Before that, Node's
    // default stands (the process exits, and the journal resumes it).
    const onLateRejection = (reason: unknown) => log.warn({ err: reason }, "a promise was rejected while stopping; ignored");
    const stop = () => {
      stopping ??= (async () => {
        phase = "stopping";
        process.on("unhandledRejection", onLateRejection);
        try {
          await running.stop();
          await closeAll();
        } finally {
          // Let the rejections of the last teardown steps (settled on the next turns) still be caught.
          setTimeout(() => process.off("unhandledRejection", onLateRejection), 1_000).unref();
        }
        log.info({}, "provider node closed");
      })();
      return stopping;
    };
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, "signal received; shutting down");
      void stop();
    };
    if (options.handleSignals ?? true) {
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    }
    const closed = new Promise<void>((resolve, reject) => {
      running.done.then(
        () => (stopping ?? stop()).then(resolve, reject),
        (error: unknown) => {
          void stop().finally(() => reject(error));
        },
      );
    }).finally(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    });
    closed.catch(() => {});
    return { node: running, config, apiUrl, stop, closed };
  } catch (error) {
    log.error({ err: error }, "provider node failed to start");
    await closeAll();
    throw error;
  }
}
