"use client";
import { useQueries } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AddressLabel } from "@/components/AddressLabel";
import { seriesColor } from "@/components/charts/MetricChart";
import { useNetwork } from "@/components/NetworkContext";
import { StatCard } from "@/components/StatCard";
import { Empty, LoadError, Loading } from "@/components/States";
import { fetchIndexer } from "@/lib/indexer/fetchIndexer";
import type { EpochsResponse, ProviderRewardsResponse, ProvidersResponse, StatsResponse } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { formatDuration, formatHrth, formatNumber, formatPercent, formatTime } from "@/lib/format/format";
import { emissionsNextYear, estimateApr } from "@/lib/rewards/estimateApr";

/** Recent finished epochs that count for a provider's share of future rewards. */
const SHARE_WINDOW = 10;

/** For token holders: the emission schedule, epochs, each provider's share, and an APR estimate with its assumptions. */
export function RewardsView() {
  const network = useNetwork();
  const epochs = useIndexer<EpochsResponse>("/v1/rewards/epochs", { limit: 50 }, { refreshMs: 10_000 });
  const stats = useIndexer<StatsResponse>("/v1/stats", {}, { refreshMs: 10_000 });
  const providers = useIndexer<ProvidersResponse>("/v1/providers", { sort: "earnings", limit: 50 }, { refreshMs: 15_000 });
  const rewards = useQueries({
    queries: (providers.data?.items ?? []).map((p) => ({
      queryKey: ["rewards", network.indexerUrl, p.address],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchIndexer<ProviderRewardsResponse>(network.indexerUrl, `/v1/rewards/${p.address}`, {}, signal),
      refetchInterval: 15_000,
      retry: 1,
    })),
  });

  const head = (
    <div className="page-head">
      <h1>Rewards</h1>
      <p className="lede">Each epoch mints a decaying emission of HRTH, shared by providers in proportion to the work they finished.</p>
    </div>
  );
  if (epochs.error && !epochs.data) {
    return (
      <>
        {head}
        <LoadError error={epochs.error} what="reward epochs" />
      </>
    );
  }
  if (!epochs.data) {
    return (
      <>
        {head}
        <Loading what="reward epochs" />
      </>
    );
  }
  const schedule = epochs.data.schedule;
  const finished = epochs.data.items.filter((e) => e.over && BigInt(e.points) > 0n).slice(0, SHARE_WINDOW);
  const windowPoints = finished.reduce((sum, e) => sum + BigInt(e.points), 0n);
  const windowEpochs = new Set(finished.map((e) => e.epoch));
  const aprSchedule = schedule?.currentEmission ? { epochLength: schedule.epochLength, decayBps: schedule.decayBps, currentEmission: BigInt(schedule.currentEmission) } : null;
  const yearly = aprSchedule ? emissionsNextYear(aprSchedule) : null;
  const totalStake = stats.data ? BigInt(stats.data.totalStake) : 0n;
  const networkApr = aprSchedule && totalStake > 0n ? estimateApr(aprSchedule, 1, totalStake) : null;
  const chart = [...epochs.data.items]
    .reverse()
    .slice(-30)
    .map((e) => ({ epoch: e.epoch, emission: Number(BigInt(e.emission)) / 1e18, claimed: Number(BigInt(e.claimed)) / 1e18 }));

  return (
    <>
      {head}
      <div className="grid stats" data-testid="rewards-schedule">
        <StatCard label="Current epoch" value={schedule?.currentEpoch ?? "—"} detail={schedule ? `epochs last ${formatDuration(schedule.epochLength)}` : "no schedule indexed"} />
        <StatCard label="Emission this epoch" value={formatHrth(schedule?.currentEmission, 4)} detail={schedule ? `× ${formatNumber(schedule.decayBps / 10_000, 4)} each epoch after` : undefined} />
        <StatCard label="Next year's emissions" value={yearly === null ? "—" : `${formatNumber(yearly, 0)} HRTH`} detail="if the schedule runs as deployed" />
        <StatCard label="Network APR (estimate)" value={networkApr === null ? "—" : formatPercent(networkApr, 2)} detail={`on ${formatHrth(totalStake, 0)} staked`} testId="network-apr" />
      </div>

      <section className="card" data-testid="apr-assumptions">
        <h2>How the APR estimate is made</h2>
        <ul className="small">
          <li>Emissions follow the on-chain schedule: the current epoch&apos;s emission, multiplied by {schedule ? formatNumber(schedule.decayBps / 10_000, 4) : "the decay"} every epoch, summed over the next 365 days.</li>
          <li>A provider keeps its share of work points from the last {SHARE_WINDOW} finished epochs that had work (work points are the HRTH value of fees paid for its finalized jobs).</li>
          <li>Stake stays as it is now; rewards are not restaked (no compounding); HRTH keeps its value.</li>
          <li>Job payments (fees) are not included — only emissions. A slash in an epoch forfeits that epoch&apos;s rewards, which the estimate ignores.</li>
          <li>On a devnet, epochs last seconds, so annualised figures are large: read them as relative, not as a promise.</li>
        </ul>
      </section>

      <h2>Providers&apos; shares</h2>
      {providers.error && !providers.data ? (
        <LoadError error={providers.error} what="providers" />
      ) : !providers.data ? (
        <Loading what="providers" />
      ) : providers.data.items.length === 0 ? (
        <Empty>No providers yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack" data-testid="rewards-table">
            <thead>
              <tr>
                <th>Provider</th>
                <th className="num">Share (last {SHARE_WINDOW} epochs)</th>
                <th className="num">Claimable</th>
                <th className="num">Claimed</th>
                <th className="num">Stake</th>
                <th className="num">APR (estimate)</th>
              </tr>
            </thead>
            <tbody>
              {providers.data.items.map((p, index) => {
                const r = rewards[index]?.data;
                const points = r ? r.epochs.filter((e) => windowEpochs.has(e.epoch)).reduce((sum, e) => sum + BigInt(e.points), 0n) : 0n;
                const share = windowPoints > 0n ? Number((points * 1_000_000n) / windowPoints) / 1_000_000 : 0;
                const apr = aprSchedule ? estimateApr(aprSchedule, share, BigInt(p.stake.bonded)) : null;
                return (
                  <tr key={p.address} data-testid="rewards-row">
                    <td data-label="Provider">
                      <AddressLabel address={p.address} name={p.metadata?.name} provider />
                    </td>
                    <td className="num" data-label="Share">{r ? formatPercent(share, 1) : rewards[index]?.error ? "—" : "…"}</td>
                    <td className="num" data-label="Claimable">{r ? formatHrth(r.claimable, 4) : "…"}</td>
                    <td className="num" data-label="Claimed">{r ? formatHrth(r.claimed, 4) : "…"}</td>
                    <td className="num" data-label="Stake">{formatHrth(p.stake.bonded, 0)}</td>
                    <td className="num" data-label="APR (estimate)">{apr === null ? "—" : formatPercent(apr, 2)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>Epochs</h2>
      {epochs.data.items.length === 0 ? (
        <Empty>No epoch has recorded work yet: rewards start with the first finalized job.</Empty>
      ) : (
        <>
          <section className="card chart">
            <header className="chart-head">
              <h3>Emission and claims per epoch (HRTH)</h3>
            </header>
            <ResponsiveContainer width="100%" height={200}>
              <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e6e1da" />
                <XAxis dataKey="epoch" tick={{ fontSize: 11 }} />
                <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 }).format(v)} />
                <Tooltip />
                <Legend />
                <Bar dataKey="emission" name="Emission" fill={seriesColor(0)} maxBarSize={40} isAnimationActive={false} />
                <Bar dataKey="claimed" name="Claimed" fill={seriesColor(1)} maxBarSize={40} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <div className="table-wrap">
            <table className="table stack" data-testid="epochs-table">
              <thead>
                <tr>
                  <th>Epoch</th>
                  <th>Ends</th>
                  <th className="num">Emission</th>
                  <th className="num">Providers</th>
                  <th className="num">Work points</th>
                  <th className="num">Claimed</th>
                  <th className="num">Forfeits</th>
                </tr>
              </thead>
              <tbody>
                {epochs.data.items.map((e) => (
                  <tr key={e.epoch}>
                    <td data-label="Epoch">
                      {e.epoch} {e.over ? null : <span className="badge badge-info">current</span>}
                    </td>
                    <td data-label="Ends">{formatTime(e.end)}</td>
                    <td className="num" data-label="Emission">{formatHrth(e.emission, 4)}</td>
                    <td className="num" data-label="Providers">{e.providers}</td>
                    <td className="num" data-label="Work points">{formatHrth(e.points, 4)}</td>
                    <td className="num" data-label="Claimed">{formatHrth(e.claimed, 4)}</td>
                    <td className="num" data-label="Forfeits">{e.forfeits}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
