"use client";
import { useQuery } from "@tanstack/react-query";
import { useNetwork } from "./NetworkContext";

/** A network-wide notice while the indexer is missing or down: pages still load and wallet actions still work. */
export function IndexerBanner() {
  const { indexerUrl } = useNetwork();
  const health = useQuery({
    queryKey: ["indexer-health", indexerUrl],
    queryFn: async () => {
      const response = await fetch(`${indexerUrl}/health`, { signal: AbortSignal.timeout(5_000), cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return true;
    },
    enabled: Boolean(indexerUrl),
    refetchInterval: 10_000,
    retry: 1,
    retryDelay: 500,
  });
  if (!indexerUrl) {
    return (
      <div className="banner banner-warn" role="status" data-testid="indexer-banner">
        No indexer is configured for this network: statistics, providers and job history are unavailable. Wallet actions still work.
      </div>
    );
  }
  if (!health.isError) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="indexer-banner">
      The indexer at <span className="mono">{indexerUrl}</span> is not answering: statistics, providers and job history may be missing or out of date. Wallet
      actions (submit, stake, claim) still work, straight against the chain.
    </div>
  );
}
