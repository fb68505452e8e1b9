import { createPublicClient, createWalletClient, custom, http, type Address, type Chain, type EIP1193Provider, type PublicClient, type Transport } from "viem";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { hearthChain } from "@hearth/sdk/chain/createHearthContext";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";
import { browserIpfs } from "./browserIpfs";

const publicClients = new Map<string, PublicClient<Transport, Chain>>();

/** One read client per network: reads go to the network's RPC URL over HTTP. */
export function publicClientFor(network: NetworkConfig): PublicClient<Transport, Chain> {
  const key = `${network.chainId} ${network.rpcUrl}`;
  let client = publicClients.get(key);
  if (!client) {
    client = createPublicClient({ chain: hearthChain(network.chainId, network.rpcUrl), transport: http(network.rpcUrl), pollingInterval: 1_000 });
    publicClients.set(key, client);
  }
  return client;
}

export function deploymentOf(network: NetworkConfig) {
  return { chainId: network.chainId, startBlock: network.startBlock, contracts: network.contracts };
}

/** A read-only SDK context (no wallet). */
export function readContextFor(network: NetworkConfig): HearthContext {
  return { publicClient: publicClientFor(network), deployment: deploymentOf(network), ipfs: browserIpfs(network.ipfsGatewayUrl) };
}

/**
 * The SDK context for the connected wallet: the SDK's actions simulate and read over HTTP, and the wallet
 * (EIP-1193) signs permits and sends transactions, so every write goes through the user's wallet.
 */
export function walletContextFor(network: NetworkConfig, provider: EIP1193Provider, account: Address): HearthContext {
  const chain = hearthChain(network.chainId, network.rpcUrl);
  const walletClient = createWalletClient({ chain, account, transport: custom(provider), pollingInterval: 1_000 });
  return { ...readContextFor(network), walletClient };
}
