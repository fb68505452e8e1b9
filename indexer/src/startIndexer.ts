import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { redactUrl } from "./config/readIndexerSettings.ts";
import { IndexerStartError } from "./errors.ts";

export type StartIndexerParameters = {
  rpcUrl: string;
  deployment: HearthDeployment;
  /** HTTP port of the API. */
  port: number;
  /** The indexer's state: embedded database (`pglite/`), metadata cache, `indexer.log`. */
  directory: string;
  /** Postgres instead of the embedded database. */
  databaseUrl?: string | undefined;
  /** Trustless IPFS gateways for provider metadata (e.g. the devnet's node). */
  ipfsGateways?: readonly string[] | undefined;
  /** Default 127.0.0.1. */
  hostname?: string | undefined;
  /**
   * Database schema. Default: derived from the chain, the deployment and the indexing code, so a new chain or
   * new indexing logic starts a fresh schema (Ponder refuses to resume another build's), and a restart of the
   * same indexer on the same chain resumes where it stopped.
   */
  schema?: string | undefined;
  /** Resolve once caught up with the chain (`ready`, default) or as soon as the server answers (`health`). */
  waitFor?: "ready" | "health" | undefined;
  /** Default 180 s. */
  timeoutMs?: number | undefined;
  logLevel?: "error" | "warn" | "info" | "debug" | "trace" | undefined;
  logFormat?: "pretty" | "json" | undefined;
  /** Extra environment for the Ponder process (e.g. HEARTH_INDEXER_RPC_CONNECTIONS). */
  env?: Record<string, string> | undefined;
};

export type RunningIndexer = {
  url: string;
  schema: string;
  process: ChildProcess;
  /** The last lines the indexer logged. */
  logTail(): string;
  /** Stops the indexer (SIGTERM, then SIGKILL after 15 s); `SIGKILL` simulates a crash. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
};

const ponderRoot = path.resolve(import.meta.dirname, "..", "ponder");
const DEV_CHAIN_IDS = new Set([31337, 1337]);

/**
 * Starts the indexer (`ponder start` on indexer/ponder) as a child process on its embedded database, or on
 * Postgres with `databaseUrl`, and returns once its API answers. Used by the devnet; `stop()` ends it.
 */
export async function startIndexer(parameters: StartIndexerParameters): Promise<RunningIndexer> {
  const hostname = parameters.hostname ?? "127.0.0.1";
  // Ponder does not fall back to another port, and a foreign server on this one could answer /ready for it.
  await assertPortFree(hostname, parameters.port);
  const directory = path.resolve(parameters.directory);
  mkdirSync(directory, { recursive: true });
  const chain = await chainFingerprint(parameters.rpcUrl, parameters.deployment);
  const code = indexingCodeHash();
  const schema = parameters.schema ?? `hearth_${parameters.deployment.chainId}_${chain.slice(0, 12)}_${code.slice(0, 8)}`;
  if (!parameters.databaseUrl) resetEmbeddedDatabaseIfChanged(directory, `${chain}:${code}`);
  else if (DEV_CHAIN_IDS.has(parameters.deployment.chainId)) await forgetEarlierDevChain(parameters.databaseUrl, parameters.deployment.chainId);

  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  Object.assign(env, {
    HEARTH_RPC_URL: parameters.rpcUrl,
    HEARTH_DEPLOYMENT: JSON.stringify(parameters.deployment),
    HEARTH_INDEXER_DIRECTORY: directory,
    HEARTH_IPFS_GATEWAYS: (parameters.ipfsGateways ?? []).join(","),
    DATABASE_SCHEMA: schema,
    PONDER_TELEMETRY_DISABLED: "true",
    PONDER_LOG_LEVEL: parameters.logLevel ?? "info",
    ...(parameters.databaseUrl ? { DATABASE_URL: parameters.databaseUrl } : {}),
    ...parameters.env,
  });
  const ponderBin = findPonderBin();
  const args = [
    ponderBin,
    "start",
    "--root",
    ponderRoot,
    "--port",
    String(parameters.port),
    "--hostname",
    hostname,
    "--schema",
    schema,
    "--log-format",
    parameters.logFormat ?? "pretty",
  ];
  const child = spawn(process.execPath, args, { cwd: ponderRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const logFile = createWriteStream(path.join(directory, "indexer.log"), { flags: "a" });
  let tail = "";
  const onOutput = (chunk: Buffer) => {
    logFile.write(chunk);
    tail = (tail + chunk.toString()).slice(-16_000);
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => logFile.end());

  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${parameters.port}`;
  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = parameters.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const endpoint = `${url}/${parameters.waitFor ?? "ready"}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new IndexerStartError(`The indexer exited (${child.exitCode ?? child.signalCode}) before its API answered.`, {
        details: lastLines(tail, 40),
        metaMessages: [`RPC ${redactUrl(parameters.rpcUrl)}; log: ${path.join(directory, "indexer.log")}.`],
      });
    }
    try {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new IndexerStartError(`The indexer did not answer ${endpoint} within ${Math.round(timeoutMs / 1000)} s.`, {
        details: lastLines(tail, 40),
        metaMessages: [`Is the chain at ${redactUrl(parameters.rpcUrl)} up? Log: ${path.join(directory, "indexer.log")}.`],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, schema, process: child, logTail: () => tail, stop };
}

function assertPortFree(hostname: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (cause) =>
      reject(new IndexerStartError(`Port ${port} on ${hostname} is in use.`, { cause, metaMessages: ["Pick another port for the indexer."] })),
    );
    server.listen(port, hostname, () => server.close(() => resolve()));
  });
}

/** Identifies the chain and deployment: Hardhat reuses chain id and addresses, never the hash of a block. */
async function chainFingerprint(rpcUrl: string, deployment: HearthDeployment): Promise<string> {
  let blockHash = "";
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: [`0x${deployment.startBlock.toString(16)}`, false] }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { result?: { hash?: string } };
    blockHash = body.result?.hash ?? "";
  } catch (cause) {
    throw new IndexerStartError(`Cannot reach the chain at ${redactUrl(rpcUrl)}.`, { cause });
  }
  if (!blockHash) throw new IndexerStartError(`The chain at ${redactUrl(rpcUrl)} has no block ${deployment.startBlock}: wrong chain or deployment?`);
  return createHash("sha256")
    .update(JSON.stringify({ chainId: deployment.chainId, startBlock: deployment.startBlock, contracts: deployment.contracts, blockHash }))
    .digest("hex");
}

/**
 * Ponder's sync store (raw blocks, transactions, logs) is keyed by chain id, and its rows are never replaced: a
 * restarted dev chain reuses the id, so its blocks, logs and transactions would collide with the earlier chain's
 * and events would go missing. The cache is off on dev chains anyway (see readIndexerSettings), so each start
 * removes what the sync store holds for the dev chain's id. Real chains never reuse an id. (Two indexers of one
 * dev chain id must not share a Postgres database.)
 */
async function forgetEarlierDevChain(databaseUrl: string, chainId: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.columns where table_schema = 'ponder_sync' and column_name = 'chain_id'",
    );
    for (const { table_name: table } of tables.rows) {
      await client.query(`delete from ponder_sync."${table.replaceAll('"', "")}" where chain_id = $1`, [chainId]);
    }
  } catch (cause) {
    throw new IndexerStartError("Cannot prepare the Postgres database for a dev chain.", {
      cause,
      metaMessages: ["Is DATABASE_URL right and the server up?"],
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The embedded database belongs to one chain and one version of the indexing code: a restarted devnet (a new
 * chain with the same ids) or new code starts it afresh.
 */
function resetEmbeddedDatabaseIfChanged(directory: string, fingerprint: string): void {
  const marker = path.join(directory, "chain.json");
  let previous: string | undefined;
  try {
    previous = (JSON.parse(readFileSync(marker, "utf8")) as { fingerprint?: string }).fingerprint;
  } catch {
    previous = undefined;
  }
  if (previous !== fingerprint) {
    rmSync(path.join(directory, "pglite"), { recursive: true, force: true });
    writeFileSync(marker, JSON.stringify({ fingerprint }) + "\n");
  }
}

/** A hash of everything that decides the indexed rows: Ponder's config, schema and handlers, and derive/. */
export function indexingCodeHash(): string {
  const hash = createHash("sha256");
  const files = [
    ...listFiles(ponderRoot).filter((file) => !file.includes(`${path.sep}api${path.sep}`) && !file.includes(`${path.sep}.ponder${path.sep}`) && !file.includes(`${path.sep}generated${path.sep}`)),
    ...listFiles(path.join(import.meta.dirname, "derive")),
  ].filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"));
  for (const file of files.sort()) hash.update(file.slice(file.indexOf("indexer"))).update(readFileSync(file));
  return hash.digest("hex");
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Ponder's CLI, from the nearest node_modules (the package exports no path to it). */
function findPonderBin(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new IndexerStartError("Ponder is not installed: run `npm install` in the repository.");
  }
}

function lastLines(text: string, count: number): string {
  return text.split("\n").slice(-count).join("\n");
}
