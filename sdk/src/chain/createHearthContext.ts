import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { IpfsClient } from "../ipfs/IpfsClient.ts";
import type { HearthDeployment } from "./HearthDeployment.ts";

/** What every Hearth action works with: a chain to read, optionally a wallet to write, and IPFS. */
export type HearthContext = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient?: WalletClient<Transport, Chain, Account> | undefined;
  deployment: HearthDeployment;
  ipfs?: IpfsClient | undefined;
};

export type CreateHearthContextParameters = {
  rpcUrl: string;
  deployment: HearthDeployment;
  account?: Account | undefined;
  ipfs?: IpfsClient | undefined;
  /** Polling interval for receipts and watchers, in ms (default 250: local chains are fast). */
  pollingInterval?: number | undefined;
};

/** A viem chain for a Hearth deployment; its RPC URL is the one given, so wallets send where we read. */
export function hearthChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "Hearth devnet" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** Builds the clients for `rpcUrl` and the deployment's chain. */
export function createHearthContext(parameters: CreateHearthContextParameters): HearthContext {
  const chain = hearthChain(parameters.deployment.chainId, parameters.rpcUrl);
  const transport = http(parameters.rpcUrl, { retryCount: 3 });
  const pollingInterval = parameters.pollingInterval ?? 250;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const walletClient = parameters.account
    ? createWalletClient({ chain, transport, account: parameters.account, pollingInterval })
    : undefined;
  return { publicClient, walletClient, deployment: parameters.deployment, ipfs: parameters.ipfs };
}
