"use client";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/MetricChart";
import { CidLink } from "@/components/CidLink";
import { useNetwork } from "@/components/NetworkContext";
import { StatCard } from "@/components/StatCard";
import { Empty, LoadError, Loading } from "@/components/States";
import { NodeHealthBadge } from "@/components/NodeHealthBadge";
import { eventLabel } from "@/lib/format/eventLabel";
import { formatDuration, formatGpuTime, formatGrams, formatHrth, formatKwh, formatNumber, formatPercent, formatTime, formatToken } from "@/lib/format/format";
import type { ProviderDetail, Reputation } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });

/** One provider: metadata, stake, jobs, earnings and disputes over time, reputation explained, energy. */
export function ProviderView({ address }: { address: string }) {
  const network = useNetwork();
  const query = useIndexer<ProviderDetail>(`/v1/providers/${address.toLowerCase()}`, {}, { refreshMs: 10_000 });
  if (query.error && !query.data) {
    return (
      <>
        <Header address={address} name={null} />
        <LoadError error={query.error} what="this provider" />
      </>
    );
  }
  if (!query.data) {
    return (
      <>
        <Header address={address} name={null} />
        <Loading what="the provider" />
      </>
    );
  }
  const p = query.data;
  const m = p.metadata;
  const gpuHours = Number(p.gpuHours);
  const daily = p.history.daily.map((d) => ({
    label: new Date(d.day * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short" }),
    bonded: Number(BigInt(d.bonded)) / 1e18,
    completed: d.jobsCompleted,
    expired: d.jobsExpired,
    released: d.jobsReleased,
    disputesLost: d.disputesLost,
    earned: Number(BigInt(d.earnedPoints)) / 1e18,
    slashed: Number(BigInt(d.slashed)) / 1e18,
  }));
  return (
    <>
      <Header address={p.address} name={m?.name ?? null} />
      <div className="badges">
        <span className={`badge ${p.active ? "badge-ok" : "badge-muted"}`}>{p.active ? "active" : "inactive"}</span>
        {p.jailed ? <span className="badge badge-danger">jailed until {formatTime(p.jailedUntil)}</span> : null}
        {p.verifier ? <span className="badge badge-info">verifier</span> : null}
        <NodeHealthBadge endpoint={p.metadata?.endpoint} />
        {p.openDisputes > 0 ? <span className="badge badge-warn">{p.openDisputes} open dispute(s)</span> : null}
      </div>

      <div className="grid two">
        <section className="card" data-testid="provider-metadata">
          <h2>Machine</h2>
          {m ? (
            <dl className="facts">
              <dt>GPU</dt>
              <dd>
                {m.gpu?.description ?? m.gpu?.device ?? "—"} {m.gpu?.isSoftware ? <span className="badge badge-muted">software (SwiftShader)</span> : null}
              </dd>
              <dt>Backend</dt>
              <dd>{m.backend ?? "—"}</dd>
              <dt>Region</dt>
              <dd>{m.region ?? "—"}</dd>
              <dt>Energy source</dt>
              <dd>{m.energySource ?? "—"}</dd>
              <dt>Declared power</dt>
              <dd>{m.declaredPowerWatts ? `${m.declaredPowerWatts} W` : "—"}</dd>
              <dt>Price</dt>
              <dd>{Object.entries(m.price).map(([symbol, amount]) => `${amount} ${symbol}`).join(" · ") || "—"}</dd>
              <dt>Endpoint</dt>
              <dd className="mono">{m.endpoint ?? "—"}</dd>
              <dt>Metadata</dt>
              <dd>
                <CidLink cid={p.metadataCid} />
              </dd>
            </dl>
          ) : (
            <p className="muted">
              Metadata {p.metadataStatus === "pending" ? "is being fetched from IPFS" : "could not be read"} (<CidLink cid={p.metadataCid} />).
            </p>
          )}
        </section>
        <ReputationCard reputation={p.reputation} />
      </div>

      <div className="grid stats">
        <StatCard label="Stake" value={formatHrth(p.stake.bonded, 2)} detail={`${formatHrth(p.stake.locked, 2)} locked by jobs · ${formatHrth(p.stake.free, 2)} free`} />
        <StatCard
          label="Unbonding"
          value={formatHrth(p.stake.unbonding, 2)}
          detail={p.stake.unbondingEnd ? `withdrawable from ${formatTime(p.stake.unbondingEnd)}` : "nothing unbonding"}
        />
        <StatCard label="Jobs" value={`${p.jobs.completed} completed`} detail={`${p.jobs.claimed} claimed · ${p.jobs.released} released · ${p.jobs.expired} expired`} />
        <StatCard label="Disputes" value={`${p.jobs.disputesLost} lost · ${p.jobs.disputesWon} won`} detail={`${p.jobs.challenged} challenged · ${p.slashes} slash(es), ${formatHrth(p.slashed, 2)}`} />
        <StatCard
          label="Earnings"
          value={p.earnings.length ? p.earnings.map((e) => formatToken(network, e.token, e.payout)).join(" + ") : "—"}
          detail={`${formatHrth(p.earnedPoints, 4)} of work points · ${formatHrth(p.rewardsClaimed, 2)} rewards claimed`}
        />
        <StatCard label="GPU time" value={formatGpuTime(gpuHours)} detail={`first seen ${formatTime(p.firstActivity)}`} />
      </div>

      <section className="card" data-testid="provider-energy">
        <h2>Energy and carbon</h2>
        <div className="grid stats">
          <StatCard label="Energy" value={formatKwh(p.energy.kwh)} detail="attested for finalized jobs" />
          <StatCard label="Carbon" value={formatGrams(p.energy.gCO2e)} detail={`at ${p.carbonIntensity} gCO₂/kWh declared`} />
          <StatCard label="Per GPU-hour" value={gpuHours > 0 ? formatGrams(Number(p.energy.gCO2e) / gpuHours) : "—"} detail={gpuHours > 0 ? `${formatKwh(Number(p.energy.kwh) / gpuHours)} per GPU-hour` : "no finalized jobs yet"} />
        </div>
      </section>

      <h2>History (daily)</h2>
      {daily.length === 0 ? (
        <Empty>No activity in the last 90 days.</Empty>
      ) : (
        <div className="grid charts">
          <HistoryChart title="Stake" data={daily} lines={[{ key: "bonded", label: "Bonded HRTH" }]} kind="line" />
          <HistoryChart title="Jobs" data={daily} lines={[{ key: "completed", label: "Completed" }, { key: "released", label: "Released" }, { key: "expired", label: "Expired" }]} />
          <HistoryChart title="Earnings (work points, HRTH)" data={daily} lines={[{ key: "earned", label: "Earned" }]} />
          <HistoryChart title="Disputes and slashes" data={daily} lines={[{ key: "disputesLost", label: "Disputes lost" }, { key: "slashed", label: "Slashed HRTH" }]} />
        </div>
      )}

      <h2>Recent events</h2>
      {p.history.events.length === 0 ? (
        <Empty>No events yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>Job</th>
                <th className="num">Block</th>
              </tr>
            </thead>
            <tbody>
              {p.history.events.map((e) => (
                <tr key={`${e.transactionHash}-${e.logIndex}`}>
                  <td>{formatTime(e.timestamp)}</td>
                  <td title={`${e.contract}.${e.name}`}>{eventLabel(e.name)}</td>
                  <td>{e.jobId ? <Link href={`/jobs/${e.jobId}`}>#{e.jobId}</Link> : "—"}</td>
                  <td className="num">{e.block}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Header({ address, name }: { address: string; name: string | null }) {
  return (
    <div className="page-head">
      <p className="crumbs">
        <Link href="/providers">Providers</Link> /
      </p>
      <h1>{name ?? "Provider"}</h1>
      <p className="mono lede break">{address}</p>
    </div>
  );
}

/** The score and its parts, with the formula in words and this provider's numbers. */
function ReputationCard({ reputation: r }: { reputation: Reputation }) {
  return (
    <section className="card" data-testid="reputation">
      <h2>
        Reputation <span className="score">{formatNumber(r.score, 1)}</span>
        <span className="muted small"> / 100</span>
      </h2>
      <table className="table compact">
        <tbody>
          <tr>
            <th>Reliability</th>
            <td className="num">{formatNumber(r.reliability, 3)}</td>
            <td className="small">
              The lower end of a 95% confidence interval on the success rate ({r.successRate === null ? "no outcomes yet" : formatPercent(r.successRate)}) over{" "}
              {formatNumber(r.weighted.effectiveJobs, 1)} recency-weighted jobs: a lost dispute counts as 5 failures, and outcomes halve in weight every 30 days.
              Few jobs keep it low, however perfect.
            </td>
          </tr>
          <tr>
            <th>Timeliness</th>
            <td className="num">{formatNumber(r.timeliness, 3)}</td>
            <td className="small">
              1 − 0.25 × the share of each job&apos;s time (claim to deadline) used before delivering
              {r.meanLatencyShare === null ? "" : ` (${formatPercent(r.meanLatencyShare)} on average, ${formatDuration(r.meanLatencySeconds)})`}.
            </td>
          </tr>
          <tr>
            <th>Stake</th>
            <td className="num">{formatNumber(r.stake, 3)}</td>
            <td className="small">0.75, rising to 1 as the bonded stake reaches 10× the minimum stake: more at risk, more trust.</td>
          </tr>
        </tbody>
      </table>
      <p className="small muted">
        Score = 100 × reliability × timeliness × stake = 100 × {formatNumber(r.reliability, 3)} × {formatNumber(r.timeliness, 3)} × {formatNumber(r.stake, 3)} ={" "}
        {formatNumber(r.score, 1)}. Recent outcomes: {formatNumber(r.weighted.completed, 1)} completed, {formatNumber(r.weighted.expired, 1)} expired,{" "}
        {formatNumber(r.weighted.disputesLost, 1)} disputes lost. Jobs given back before the deadline are not in the score: the provider pays part of
        its collateral to the requester instead.
      </p>
    </section>
  );
}

function HistoryChart({ title, data, lines, kind = "bar" }: { title: string; data: Array<Record<string, string | number>>; lines: Array<{ key: string; label: string }>; kind?: "bar" | "line" }) {
  return (
    <section className="card chart">
      <header className="chart-head">
        <h3>{title}</h3>
      </header>
      <ResponsiveContainer width="100%" height={180}>
        {kind === "line" ? (
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e6e1da" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => compact.format(v)} />
            <Tooltip />
            {lines.map((l, i) => (
              <Line key={l.key} dataKey={l.key} name={l.label} stroke={seriesColor(i)} strokeWidth={2} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e6e1da" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => compact.format(v)} />
            <Tooltip />
            {lines.length > 1 ? <Legend /> : null}
            {lines.map((l, i) => (
              <Bar key={l.key} dataKey={l.key} name={l.label} fill={seriesColor(i)} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </section>
  );
}
