import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Address } from "viem";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { BaseError } from "@hearth/sdk/errors/BaseError";

export class CliNetworkError extends BaseError {
  override name = "CliNetworkError";
}

/** What `.hearth/devnet.json` holds (and what the CLI needs of any network). */
export type NetworkInfo = HearthDeployment & {
  rpcUrl: string;
  ipfs?: { gatewayUrl: string; pinningUrl: string; multiaddrs: string[] } | undefined;
  providers?: Array<{ name: string; address: Address; apiUrl: string; energySource: string }> | undefined;
  accounts?: Array<{ name: string; address: Address; privateKey: `0x${string}` }> | undefined;
  indexerUrl?: string | undefined;
  appUrl?: string | undefined;
  /** The folder the file is in: client state (the requester's IPFS repo) lives beside it. */
  directory: string;
};

/**
 * Finds the network: `--network FILE` (a devnet.json or a deployment file with an `rpcUrl`), else
 * `HEARTH_NETWORK`, else `.hearth/devnet.json` in this folder or a parent. `--rpc-url` overrides the URL.
 */
export function loadNetwork(options: { network?: string | undefined; rpcUrl?: string | undefined }): NetworkInfo {
  const explicit = options.network ?? process.env.HEARTH_NETWORK;
  const file = explicit ? path.resolve(explicit) : findUp(path.join(".hearth", "devnet.json"));
  if (!file || !existsSync(file)) {
    throw new CliNetworkError(explicit ? `No network file at ${explicit}.` : "No devnet is running here (no .hearth/devnet.json).", {
      metaMessages: ["Start one with `npm start` (or `npx hearth devnet`), or pass --network <file>."],
    });
  }
  let info: NetworkInfo;
  try {
    info = JSON.parse(readFileSync(file, "utf8")) as NetworkInfo;
  } catch (cause) {
    throw new CliNetworkError(`${file} is not valid JSON.`, { cause });
  }
  const rpcUrl = options.rpcUrl ?? process.env.HEARTH_RPC_URL ?? info.rpcUrl;
  if (!rpcUrl || !info.contracts?.market || !info.chainId) {
    throw new CliNetworkError(`${file} does not describe a Hearth network (it needs rpcUrl, chainId and contracts).`);
  }
  return { ...info, rpcUrl, startBlock: info.startBlock ?? 0, directory: path.dirname(file) };
}

function findUp(relative: string): string | undefined {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
