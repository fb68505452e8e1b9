"use client";
import { explainError } from "@/lib/errors/explainError";
import { useHearthWallet } from "@/lib/wallet/useHearthWallet";
import { useState } from "react";
import { useNetwork } from "./NetworkContext";

/** Offers to switch the wallet to the network's chain (adding it to the wallet when it does not know it). */
export function WrongNetworkBanner() {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!wallet.isWrongNetwork) return null;
  const switchNetwork = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await wallet.switchToNetwork();
    } catch (error) {
      setProblem(explainError(error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banner banner-error" role="alert" data-testid="wrong-network">
      Your wallet is on chain {wallet.walletChainId}, but Hearth runs on {network.chainName} (chain {network.chainId}).{" "}
      <button type="button" className="button button-small" onClick={switchNetwork} disabled={busy}>
        {busy ? "Waiting for the wallet…" : `Switch to ${network.chainName}`}
      </button>
      {problem ? <span className="banner-detail"> {problem}</span> : null}
    </div>
  );
}
