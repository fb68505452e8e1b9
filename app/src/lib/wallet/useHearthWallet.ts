"use client";
import { useCallback } from "react";
import type { Address, EIP1193Provider } from "viem";
import { useConnection, useSwitchChain } from "wagmi";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { useNetwork } from "@/components/NetworkContext";
import { walletContextFor } from "./hearthContextFor";

export class WalletNotConnectedError extends BaseError {
  override name = "WalletNotConnectedError";
  constructor() {
    super("No wallet is connected.", { metaMessages: ["Connect a browser wallet (the button at the top right)."] });
  }
}

export type HearthWallet = {
  address: Address | undefined;
  isConnected: boolean;
  /** Connected, but to another chain than the network's. */
  isWrongNetwork: boolean;
  walletChainId: number | undefined;
  /** Asks the wallet to switch to the network's chain, adding it first when the wallet does not know it. */
  switchToNetwork(): Promise<void>;
  /** The SDK context for the connected wallet, switching networks first when needed. */
  context(): Promise<HearthContext>;
};

export function useHearthWallet(): HearthWallet {
  const network = useNetwork();
  const { address, connector, chainId, isConnected } = useConnection();
  const { mutateAsync: switchChainAsync } = useSwitchChain();
  const isWrongNetwork = isConnected && chainId !== network.chainId;

  const switchToNetwork = useCallback(async () => {
    await switchChainAsync({
      chainId: network.chainId,
      addEthereumChainParameter: {
        chainName: network.chainName,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: [network.rpcUrl],
      },
    });
  }, [switchChainAsync, network]);

  const context = useCallback(async () => {
    if (!isConnected || !address || !connector) throw new WalletNotConnectedError();
    if (isWrongNetwork) await switchToNetwork();
    const provider = (await connector.getProvider()) as EIP1193Provider;
    return walletContextFor(network, provider, address);
  }, [isConnected, address, connector, isWrongNetwork, switchToNetwork, network]);

  return { address, isConnected, isWrongNetwork, walletChainId: chainId, switchToNetwork, context };
}
