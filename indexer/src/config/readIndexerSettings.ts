import { readFileSync } from "node:fs";
import path from "node:path";
import { type Address, isAddress } from "viem";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { IndexerConfigError } from "../errors.ts";

/** What the Ponder config and the API need, read from the environment (see indexer/README.md). */
export type IndexerSettings = {
  deployment: HearthDeployment;
  /** RPC endpoints; a loopback endpoint is listed `rpcConnections` times (see below). */
  rpcUrls: string[];
  pollingIntervalMs: number;
  /** Ponder's RPC cache is keyed by chain id only: off for dev chains, whose ids repeat across restarts. */
  rpcCache: boolean;
  database: { kind: "pglite"; directory: string } | { kind: "postgres"; connectionString: string };
  /** Trustless IPFS gateways for provider metadata; none: metadata is not fetched. */
  ipfsGateways: string[];
  /** Where fetched metadata is cached by CID. */
  metadataDirectory: string;
};

export type IndexerEnv = Record<string, string | undefined>;

const DEV_CHAIN_IDS = new Set([31337, 1337]);

/**
 * Reads the indexer's settings:
 * - `HEARTH_RPC_URL` (required; several separated by commas),
 * - `HEARTH_DEPLOYMENT` (the deployment JSON written by scripts/deploy.ts) or `HEARTH_DEPLOYMENT_FILE` (its path),
 * - `DATABASE_URL` (Postgres; otherwise embedded PGlite in `HEARTH_INDEXER_DIRECTORY`, default `.hearth/indexer`),
 * - `HEARTH_IPFS_GATEWAYS` (comma-separated trustless gateways for provider metadata),
 * - `HEARTH_INDEXER_RPC_CONNECTIONS` (Ponder rate-limits each RPC URL, starting at 20 requests/s; a local node
 *   answers far faster, so a loopback URL is listed this many times; default 32),
 * - `HEARTH_INDEXER_POLLING_MS` (default 1000), `HEARTH_INDEXER_RPC_CACHE` (`on`/`off`; default off on dev chains).
 */
export function readIndexerSettings(env: IndexerEnv, cwd = process.cwd()): IndexerSettings {
  const deployment = readDeployment(env, cwd);
  const rpc = (env.HEARTH_RPC_URL ?? "").split(",").map((url) => url.trim()).filter(Boolean);
  if (rpc.length === 0) {
    throw new IndexerConfigError("HEARTH_RPC_URL is not set.", {
      metaMessages: ["Set it to the chain's JSON-RPC URL, e.g. HEARTH_RPC_URL=http://127.0.0.1:8545."],
    });
  }
  for (const url of rpc) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new IndexerConfigError(`HEARTH_RPC_URL has an invalid URL: ${redactUrl(url)}.`);
    }
    if (protocol !== "http:" && protocol !== "https:") {
      throw new IndexerConfigError(`HEARTH_RPC_URL must be http(s), got ${protocol} in ${redactUrl(url)}.`);
    }
  }
  const connections = positiveInteger(env, "HEARTH_INDEXER_RPC_CONNECTIONS", 32);
  const rpcUrls = rpc.flatMap((url) => (isLoopback(url) ? Array.from({ length: connections }, () => url) : [url]));
  const pollingIntervalMs = positiveInteger(env, "HEARTH_INDEXER_POLLING_MS", 1000);
  const cacheSetting = env.HEARTH_INDEXER_RPC_CACHE;
  if (cacheSetting !== undefined && cacheSetting !== "on" && cacheSetting !== "off") {
    throw new IndexerConfigError(`HEARTH_INDEXER_RPC_CACHE must be "on" or "off", got "${cacheSetting}".`);
  }
  const rpcCache = cacheSetting === undefined ? !DEV_CHAIN_IDS.has(deployment.chainId) : cacheSetting === "on";
  const directory = path.resolve(cwd, env.HEARTH_INDEXER_DIRECTORY ?? ".hearth/indexer");
  const databaseUrl = env.DATABASE_URL?.trim();
  const database = databaseUrl
    ? ({ kind: "postgres", connectionString: databaseUrl } as const)
    : ({ kind: "pglite", directory: path.join(directory, "pglite") } as const);
  const ipfsGateways = (env.HEARTH_IPFS_GATEWAYS ?? "").split(",").map((url) => url.trim()).filter(Boolean);
  const metadataDirectory = path.join(directory, "metadata");
  return { deployment, rpcUrls, pollingIntervalMs, rpcCache, database, ipfsGateways, metadataDirectory };
}

function readDeployment(env: IndexerEnv, cwd: string): HearthDeployment {
  let text = env.HEARTH_DEPLOYMENT;
  let source = "HEARTH_DEPLOYMENT";
  if (!text && env.HEARTH_DEPLOYMENT_FILE) {
    source = env.HEARTH_DEPLOYMENT_FILE;
    try {
      text = readFileSync(path.resolve(cwd, env.HEARTH_DEPLOYMENT_FILE), "utf8");
    } catch (cause) {
      throw new IndexerConfigError(`Cannot read the deployment file ${env.HEARTH_DEPLOYMENT_FILE}.`, { cause });
    }
  }
  if (!text) {
    throw new IndexerConfigError("No deployment: set HEARTH_DEPLOYMENT (JSON) or HEARTH_DEPLOYMENT_FILE.", {
      metaMessages: ["scripts/deploy.ts writes it to sdk/deployments/<chainId>.json."],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new IndexerConfigError(`${source} is not JSON.`, { cause });
  }
  return parseDeployment(value, source);
}

/** Checks a deployment object (chainId, startBlock, contracts) and returns it typed. */
export function parseDeployment(value: unknown, source = "deployment"): HearthDeployment {
  const object = value as { chainId?: unknown; startBlock?: unknown; contracts?: Record<string, unknown> } | null;
  if (typeof object !== "object" || object === null) throw new IndexerConfigError(`${source} is not an object.`);
  if (!Number.isSafeInteger(object.chainId) || (object.chainId as number) <= 0) {
    throw new IndexerConfigError(`${source}.chainId must be a positive integer.`);
  }
  if (!Number.isSafeInteger(object.startBlock) || (object.startBlock as number) < 0) {
    throw new IndexerConfigError(`${source}.startBlock must be a block number.`);
  }
  const contracts = object.contracts ?? {};
  const address = (name: string): Address => {
    const value = contracts[name];
    if (typeof value !== "string" || !isAddress(value)) {
      throw new IndexerConfigError(`${source}.contracts.${name} must be an address.`);
    }
    return value;
  };
  const stablecoin = contracts.stablecoin;
  return {
    chainId: object.chainId as number,
    startBlock: object.startBlock as number,
    contracts: {
      token: address("token"),
      staking: address("staking"),
      market: address("market"),
      court: address("court"),
      rewards: address("rewards"),
      ...(typeof stablecoin === "string" && isAddress(stablecoin) ? { stablecoin } : {}),
    },
  };
}

function positiveInteger(env: IndexerEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new IndexerConfigError(`${name} must be a positive integer, got "${text}".`);
  }
  return value;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}

/** An RPC URL without credentials (user, password, or an API key in the path or query), for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.length > 1 ? "/…" : ""}`;
  } catch {
    return "<invalid URL>";
  }
}
