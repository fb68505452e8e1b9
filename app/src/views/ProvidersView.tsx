"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AddressLabel } from "@/components/AddressLabel";
import { NodeHealthBadge } from "@/components/NodeHealthBadge";
import { useNetwork } from "@/components/NetworkContext";
import { Empty, LoadError, Loading } from "@/components/States";
import { fetchIndexer } from "@/lib/indexer/fetchIndexer";
import type { Provider, ProviderSort, ProvidersResponse } from "@/lib/indexer/indexerTypes";
import { formatHrth, formatNumber } from "@/lib/format/format";

const sorts: Array<{ key: ProviderSort; label: string; hint: string }> = [
  { key: "reputation", label: "Reputation", hint: "highest score first" },
  { key: "stake", label: "Stake", hint: "most HRTH bonded first" },
  { key: "jobs", label: "Jobs", hint: "most jobs completed first" },
  { key: "earnings", label: "Earnings", hint: "most work points (HRTH value of fees paid) first" },
  { key: "carbon", label: "Carbon", hint: "lowest carbon intensity first" },
];

/** The provider leaderboard, sorted by the indexer; pages of 25 with "load more". */
export function ProvidersView() {
  const { indexerUrl } = useNetwork();
  const [sort, setSort] = useState<ProviderSort>("reputation");
  const query = useInfiniteQuery({
    queryKey: ["providers", indexerUrl, sort],
    queryFn: ({ pageParam, signal }) =>
      fetchIndexer<ProvidersResponse>(indexerUrl, "/v1/providers", { sort, limit: 25, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
    retry: 1,
  });
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Providers</h1>
        <p className="lede">Who runs the GPUs: hardware, place, energy, price, and how reliably they deliver.</p>
      </div>
      <div className="toolbar">
        <span className="muted small">Sort by</span>
        <div className="segmented" role="group" aria-label="Sort providers">
          {sorts.map((s) => (
            <button key={s.key} type="button" title={s.hint} className={s.key === sort ? "active" : ""} aria-pressed={s.key === sort} onClick={() => setSort(s.key)} data-testid={`sort-${s.key}`}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      {query.error && rows.length === 0 ? (
        <LoadError error={query.error} what="providers" />
      ) : query.isLoading ? (
        <Loading what="providers" />
      ) : rows.length === 0 ? (
        <Empty>No providers have registered yet. GPU owners register and stake on the Stake page.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack" data-testid="providers-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Provider</th>
                <th>GPU</th>
                <th>Region</th>
                <th>Energy</th>
                <th className="num">Price</th>
                <th className="num">Reputation</th>
                <th className="num">Stake</th>
                <th className="num">Jobs</th>
                <th className="num">Earnings</th>
                <th className="num">Carbon</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p, index) => (
                <ProviderRow key={p.address} provider={p} rank={index + 1} />
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

function ProviderRow({ provider: p, rank }: { provider: Provider; rank: number }) {
  const m = p.metadata;
  const gpu = m?.gpu?.description ?? m?.gpu?.device ?? null;
  return (
    <tr data-testid="provider-row">
      <td className="muted" data-label="#">{rank}</td>
      <td data-label="Provider">
        <span>
          <AddressLabel address={p.address} name={m?.name} provider />
        </span>
        <div className="cell-badges">
          {!p.active ? <span className="badge badge-muted">{p.jailed ? "jailed" : "inactive"}</span> : null}
          <NodeHealthBadge endpoint={m?.endpoint} />
        </div>
      </td>
      <td data-label="GPU">
        <span>
          {gpu ?? <span className="muted">—</span>}
          {m?.gpu?.isSoftware ? <span className="badge badge-muted" title="No GPU: runs on SwiftShader (CPU)">software</span> : null}
        </span>
      </td>
      <td data-label="Region">{m?.region ?? <span className="muted">—</span>}</td>
      <td data-label="Energy">{m?.energySource ?? <span className="muted">—</span>}</td>
      <td className="num" data-label="Price">
        <span>
          {m && Object.keys(m.price).length > 0
            ? Object.entries(m.price).map(([symbol, amount]) => (
                <div key={symbol}>
                  {amount} {symbol}
                </div>
              ))
            : "—"}
        </span>
      </td>
      <td className="num" data-label="Reputation">
        <strong>{formatNumber(p.reputation.score, 1)}</strong>
      </td>
      <td className="num" data-label="Stake">{formatHrth(p.stake.bonded, 0)}</td>
      <td className="num" data-label="Jobs" title={`${p.jobs.claimed} claimed · ${p.jobs.completed} completed · ${p.jobs.released} released · ${p.jobs.expired} expired`}>
        {formatNumber(p.jobs.completed)}
        {p.jobs.released > 0 ? <div className="muted small">{p.jobs.released} released</div> : null}
      </td>
      <td className="num" data-label="Earnings">{formatHrth(p.earnedPoints, 4)}</td>
      <td className="num" data-label="Carbon">{p.carbonIntensity} g/kWh</td>
    </tr>
  );
}
