"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { isAddress } from "viem";
import { AddressLabel } from "@/components/AddressLabel";
import { useNetwork } from "@/components/NetworkContext";
import { Empty, LoadError, Loading } from "@/components/States";
import { StatusBadge } from "@/components/StatusBadge";
import { fetchIndexer } from "@/lib/indexer/fetchIndexer";
import { jobStates, type JobsResponse } from "@/lib/indexer/indexerTypes";
import { formatTime, formatToken } from "@/lib/format/format";
import { useHearthWallet } from "@/lib/wallet/useHearthWallet";

/** All jobs, newest first, filterable by state, provider and requester (kept in the URL). */
export function JobsView() {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const params = useSearchParams();
  const router = useRouter();
  const status = params.get("status") ?? "";
  const provider = params.get("provider") ?? "";
  const requester = params.get("requester") ?? "";
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`/jobs${next.size ? `?${next}` : ""}`);
  };
  const validProvider = provider && isAddress(provider) ? provider : undefined;
  const validRequester = requester && isAddress(requester) ? requester : undefined;
  const query = useInfiniteQuery({
    queryKey: ["jobs", network.indexerUrl, status, validProvider, validRequester],
    queryFn: ({ pageParam, signal }) =>
      fetchIndexer<JobsResponse>(network.indexerUrl, "/v1/jobs", { status, provider: validProvider, requester: validRequester, limit: 25, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5_000,
    retry: 1,
  });
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(status || provider || requester);
  return (
    <>
      <div className="page-head">
        <h1>Jobs</h1>
        <p className="lede">Every job on the network, newest first, with its state and who ran it.</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          State
          <select value={status} onChange={(e) => setFilter("status", e.target.value)} data-testid="filter-status">
            <option value="">any</option>
            {jobStates.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Provider
          <select value={provider.toLowerCase()} onChange={(e) => setFilter("provider", e.target.value)}>
            <option value="">any</option>
            {network.knownProviders.map((p) => (
              <option key={p.address} value={p.address.toLowerCase()}>
                {p.name}
              </option>
            ))}
            {provider && !network.knownProviders.some((p) => p.address.toLowerCase() === provider.toLowerCase()) ? <option value={provider.toLowerCase()}>{provider}</option> : null}
          </select>
        </label>
        <label>
          Requester
          <input value={requester} placeholder="0x… address" onChange={(e) => setFilter("requester", e.target.value.trim())} spellCheck={false} />
        </label>
        {wallet.address ? (
          <button type="button" className="button button-ghost button-small" onClick={() => setFilter("requester", wallet.address ?? "")}>
            My jobs
          </button>
        ) : null}
        {filtered ? (
          <button type="button" className="button button-ghost button-small" onClick={() => router.replace("/jobs")}>
            Clear filters
          </button>
        ) : null}
      </form>
      {(provider && !validProvider) || (requester && !validRequester) ? <p className="field-error">Addresses are 0x followed by 40 hex digits.</p> : null}
      {query.error && rows.length === 0 ? (
        <LoadError error={query.error} what="jobs" />
      ) : query.isLoading ? (
        <Loading what="jobs" />
      ) : rows.length === 0 ? (
        <Empty>
          {filtered ? "No jobs match these filters." : "No jobs yet."} <Link href="/submit">Submit one</Link>.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Requester</th>
                <th>Provider</th>
                <th className="num">Price</th>
                <th>Created</th>
                <th>Deadline</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <tr key={job.id} data-testid="job-row">
                  <td data-label="Job">
                    <Link href={`/jobs/${job.id}`}>#{job.id}</Link>
                  </td>
                  <td data-label="State">
                    <span>
                      <StatusBadge status={job.status} />
                      {job.verification.verified ? <span className="badge badge-ok" title="Re-executed by a sampled verifier">checked</span> : null}
                      {job.releases > 0 ? (
                        <span className="badge badge-warn" title={`Given back by its provider ${job.releases === 1 ? "once" : `${job.releases} times`} before the deadline`}>
                          released
                        </span>
                      ) : null}
                    </span>
                  </td>
                  <td data-label="Requester">
                    <AddressLabel address={job.requester} />
                  </td>
                  <td data-label="Provider">{job.provider ? <AddressLabel address={job.provider} provider /> : job.targetProvider ? <span className="muted">for <AddressLabel address={job.targetProvider} provider /></span> : <span className="muted">unclaimed</span>}</td>
                  <td className="num" data-label="Price">{formatToken(network, job.token, job.price)}</td>
                  <td data-label="Created">{formatTime(job.created.timestamp)}</td>
                  <td data-label="Deadline">{formatTime(job.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage ? (
        <button type="button" className="button button-ghost" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </>
  );
}
