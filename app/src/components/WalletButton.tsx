"use client";
import { useEffect, useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect } from "wagmi";
import { explainError } from "@/lib/errors/explainError";
import { shortAddress } from "@/lib/format/format";

/** Connect / disconnect an injected wallet (EIP-1193 / EIP-6963). */
export function WalletButton() {
  const { address, isConnected, isConnecting, isReconnecting } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const { mutate: disconnect } = useDisconnect();
  const [hasWallet, setHasWallet] = useState<boolean | null>(null);
  const [menu, setMenu] = useState(false);

  useEffect(() => {
    setHasWallet(typeof window !== "undefined" && (Boolean((window as { ethereum?: unknown }).ethereum) || connectors.length > 1));
  }, [connectors.length]);

  if (isConnected && address) {
    return (
      <div className="wallet">
        <span className="wallet-address mono" data-testid="wallet-address" title={address}>
          {shortAddress(address)}
        </span>
        <button type="button" className="button button-ghost button-small" onClick={() => disconnect()}>
          Disconnect
        </button>
      </div>
    );
  }
  // EIP-6963 wallets announce themselves; the generic injected connector stands for `window.ethereum`.
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const choices = announced.length > 0 ? announced : connectors;
  const error = connect.error ? explainError(connect.error).message : null;
  const start = (index: number) => {
    const connector = choices[index];
    if (connector) connect.mutate({ connector });
    setMenu(false);
  };
  return (
    <div className="wallet">
      {hasWallet === false ? (
        <span className="wallet-note" title="Install MetaMask or another EIP-1193 browser wallet to submit, stake and claim.">
          No browser wallet found
        </span>
      ) : (
        <>
          <button
            type="button"
            className="button button-small"
            data-testid="connect-wallet"
            disabled={connect.isPending || isConnecting || isReconnecting}
            onClick={() => (choices.length > 1 ? setMenu(!menu) : start(0))}
          >
            {connect.isPending ? "Confirm in your wallet…" : "Connect wallet"}
          </button>
          {menu ? (
            <ul className="wallet-menu" role="menu">
              {choices.map((connector, index) => (
                <li key={connector.uid}>
                  <button type="button" role="menuitem" className="button button-ghost" onClick={() => start(index)}>
                    {connector.name}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {error ? <span className="wallet-error" role="alert">{error}</span> : null}
        </>
      )}
    </div>
  );
}
