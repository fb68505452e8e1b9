import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isAddress, type Address } from "viem";
import type { NetworkConfig } from "./NetworkConfig";

/** The network file as `hearth devnet` writes it (only the fields the app uses). */
export type NetworkFile = {
  rpcUrl?: string;
  chainId?: number;
  startBlock?: number;
  contracts?: Record<string, string>;
  indexerUrl?: string;
  ipfs?: { gatewayUrl?: string; pinningUrl?: string; multiaddrs?: string[] };
  providers?: Array<{ name?: string; address?: string }>;
};

/** The environment variables read here (a plain record, so tests pass their own). */
export type Environment = Record<string, string | undefined>;

export class NetworkConfigError extends Error {
  override name = "NetworkConfigError";
}

/**
 * Finds the network file: `HEARTH_NETWORK` (a path, or the JSON itself), else `.hearth/devnet.json` in the
 * working folder or a parent. Read on every call, so a restarted devnet is picked up without a rebuild.
 */
export function readNetworkFile(env: Environment = process.env): { file: NetworkFile; directory: string } {
  const explicit = env.HEARTH_NETWORK?.trim();
  if (explicit?.startsWith("{")) return { file: parse(explicit, "HEARTH_NETWORK"), directory: process.cwd() };
  const location = explicit ? path.resolve(/*turbopackIgnore: true*/ explicit) : findUp(path.join(".hearth", "devnet.json"));
  if (!location || !existsSync(location)) {
    throw new NetworkConfigError(
      explicit
        ? `No network file at ${explicit} (HEARTH_NETWORK).`
        : "No network file: start a devnet (`npm start`) or set HEARTH_NETWORK to a network file.",
    );
  }
  return { file: parse(readFileSync(location, "utf8"), location), directory: path.dirname(location) };
}

/** The public part of the network file, checked, with `HEARTH_INDEXER_URL` overriding the indexer. */
export function readNetworkConfig(env: Environment = process.env): NetworkConfig {
  const { file } = readNetworkFile(env);
  const contracts = file.contracts ?? {};
  const address = (name: string): Address => {
    const value = contracts[name];
    if (!value || !isAddress(value)) throw new NetworkConfigError(`The network file has no valid contracts.${name} address.`);
    return value;
  };
  if (!file.rpcUrl || typeof file.chainId !== "number") {
    throw new NetworkConfigError("The network file needs rpcUrl and chainId.");
  }
  const stablecoin = contracts.stablecoin;
  const indexerUrl = env.HEARTH_INDEXER_URL?.trim() || file.indexerUrl || null;
  return {
    chainId: file.chainId,
    chainName: file.chainId === 31337 ? "Hearth devnet" : `Hearth (chain ${file.chainId})`,
    rpcUrl: file.rpcUrl,
    startBlock: file.startBlock ?? 0,
    contracts: {
      token: address("token"),
      staking: address("staking"),
      market: address("market"),
      court: address("court"),
      rewards: address("rewards"),
      ...(stablecoin && isAddress(stablecoin) ? { stablecoin } : {}),
    },
    indexerUrl: indexerUrl ? indexerUrl.replace(/\/+$/, "") : null,
    ipfsGatewayUrl: file.ipfs?.gatewayUrl?.replace(/\/+$/, "") ?? null,
    uploads: Boolean(file.ipfs?.pinningUrl),
    knownProviders: (file.providers ?? []).flatMap((p) =>
      p.name && p.address && isAddress(p.address) ? [{ name: p.name, address: p.address }] : [],
    ),
  };
}

function parse(text: string, where: string): NetworkFile {
  try {
    return JSON.parse(text) as NetworkFile;
  } catch {
    throw new NetworkConfigError(`${where} is not valid JSON.`);
  }
}

function findUp(relative: string): string | undefined {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(/*turbopackIgnore: true*/ dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
