"use client";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { useNetwork } from "@/components/NetworkContext";
import { fetchIndexer, IndexerRequestError, type IndexerQuery } from "./fetchIndexer";

/**
 * Reads one indexer route with react-query. Live pages refresh every few seconds; a down indexer is retried
 * once and then reported (the page shows `IndexerRequestError.kind`), without breaking the rest of the page.
 */
export function useIndexer<T>(
  path: string | null,
  query: IndexerQuery = {},
  options: { refreshMs?: number | false } = {},
): UseQueryResult<T, Error> {
  const { indexerUrl } = useNetwork();
  return useQuery<T, Error>({
    queryKey: ["indexer", indexerUrl, path, query],
    queryFn: ({ signal }) => fetchIndexer<T>(indexerUrl, path ?? "", query, signal),
    enabled: path !== null,
    refetchInterval: options.refreshMs ?? 5_000,
    retry: (failures, error) => error instanceof IndexerRequestError && error.kind === "unreachable" && failures < 1,
    retryDelay: 500,
  });
}
