import { createConfig, http, type Config } from "wagmi";
import { injected } from "wagmi/connectors";
import { hearthChain } from "@hearth/sdk/chain/createHearthContext";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";

/**
 * wagmi for one Hearth network: its chain (whose RPC URL is the network's, so a wallet asked to add the chain
 * gets the right one), read over HTTP, and injected EIP-1193 wallets — `window.ethereum` and every wallet that
 * announces itself with EIP-6963 (MetaMask, Rabby, …).
 */
export function createWagmiConfig(network: NetworkConfig): Config {
  const chain = { ...hearthChain(network.chainId, network.rpcUrl), name: network.chainName };
  return createConfig({
    chains: [chain],
    connectors: [injected({ shimDisconnect: true })],
    transports: { [chain.id]: http(network.rpcUrl) },
    multiInjectedProviderDiscovery: true,
    ssr: true,
  });
}
