import type { Address } from "viem";

/**
 * What the browser needs to know about the network, served at run time by /api/network (never baked into the
 * build). Dev account keys from devnet.json are never part of it.
 */
export type NetworkConfig = {
  chainId: number;
  /** A name for wallets' "add network" prompt. */
  chainName: string;
  rpcUrl: string;
  startBlock: number;
  contracts: {
    token: Address;
    staking: Address;
    market: Address;
    court: Address;
    rewards: Address;
    stablecoin?: Address | undefined;
  };
  /** The indexer's HTTP API, or null when none is configured. */
  indexerUrl: string | null;
  /** A trustless IPFS gateway (`/ipfs/<cid>?format=car`), or null. */
  ipfsGatewayUrl: string | null;
  /** Whether this app can store files on IPFS (its /api/ipfs route has a pinning service to hand them to). */
  uploads: boolean;
  /** Names of known providers (the devnet's), to label addresses. */
  knownProviders: Array<{ name: string; address: Address }>;
};
