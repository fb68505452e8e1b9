"use client";
import { useMemo, useState } from "react";
import { MetricChart, num, type ChartRange } from "@/components/charts/MetricChart";
import { PieBreakdown } from "@/components/charts/PieBreakdown";
import { StatCard } from "@/components/StatCard";
import { LoadError, Loading } from "@/components/States";
import { formatGpuTime, formatGrams, formatHrth, formatKwh, formatNumber, formatPercent } from "@/lib/format/format";
import type { ProvidersResponse, StatsResponse } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { energyUnits, gpuTimeUnits } from "@/lib/format/pickUnit";


const ranges = {
  day: { label: "Last 24 hours", interval: "hour", seconds: 23 * 3600 },
  month: { label: "Last 30 days", interval: "day", seconds: 29 * 86_400 },
} as const;

/** The landing page: network totals, and charts over time from the indexer. */
export function NetworkView() {
  const stats = useIndexer<StatsResponse>("/v1/stats");
  const providers = useIndexer<ProvidersResponse>("/v1/providers", { sort: "stake", limit: 100 }, { refreshMs: 15_000 });
  const [rangeKey, setRangeKey] = useState<keyof typeof ranges>("day");
  // Fixed when the range is chosen, so the query keys (and the charts) do not change on every render.
  const range: ChartRange = useMemo(() => {
    const r = ranges[rangeKey];
    return { interval: r.interval, from: Math.floor(Date.now() / 1000) - r.seconds };
  }, [rangeKey]);

  const energyMix = useMemo(() => {
    const bySource = new Map<string, number>();
    for (const p of providers.data?.items ?? []) {
      const source = p.metadata?.energySource ?? "undeclared";
      bySource.set(source, (bySource.get(source) ?? 0) + Number(p.energy.kwh));
    }
    return [...bySource.entries()].map(([name, value]) => ({ name, value }));
  }, [providers.data]);

  const s = stats.data;
  const gpuHours = s ? Number(s.gpuHours) : 0;
  const carbonPerGpuHour = s && gpuHours > 0 ? Number(s.energy.gCO2e) / gpuHours : null;
  const active = s ? s.jobs.open + s.jobs.assigned + s.jobs.submitted + s.jobs.disputed : 0;

  return (
    <>
      <div className="page-head">
        <h1>Network</h1>
        <p className="lede">GPU jobs, stake, rewards and energy across Hearth, as indexed from the chain.</p>
      </div>

      {stats.error && !s ? (
        <LoadError error={stats.error} what="network statistics" />
      ) : !s ? (
        <Loading what="network statistics" />
      ) : (
        <div className="grid stats" data-testid="network-stats">
          <StatCard label="Providers" value={`${s.activeProviders} active`} detail={`${s.providers} registered`} testId="stat-providers" />
          <StatCard label="Total stake" value={formatHrth(s.totalStake, 0)} detail={`${formatHrth(s.stake.locked, 2)} locked by jobs`} />
          <StatCard label="Jobs" value={formatNumber(s.jobs.total)} detail={`${s.jobs.finalized} finalized · ${active} in progress · ${s.jobs.expired} expired`} testId="stat-jobs" />
          <StatCard label="GPU time" value={formatGpuTime(gpuHours)} detail="attested, of finalized jobs" testId="stat-gpu-time" />
          <StatCard label="Fees" value={formatHrth(s.fees.hrthValue, 4)} detail="protocol + verifier fees, valued in HRTH" />
          <StatCard label="Emissions" value={formatHrth(s.emissions, 2)} detail="HRTH minted by reward claims" />
          <StatCard label="Slashes" value={formatNumber(s.slashes)} detail={`${formatHrth(s.slashed, 2)} slashed`} />
          <StatCard
            label="Verification coverage"
            value={formatPercent(s.verification.coverage)}
            detail={`${s.verification.jobsChecked} of ${s.verification.attested} results checked · ${s.verification.sampled} sampled · ${s.verification.challenged} challenged · ${s.verification.fraudFound} fraud found`}
            testId="stat-verification"
          />
          <StatCard label="Energy" value={formatKwh(s.energy.kwh)} detail="attested by providers" />
          <StatCard label="Carbon" value={formatGrams(s.energy.gCO2e)} detail={carbonPerGpuHour === null ? "per GPU-hour: —" : `${formatGrams(carbonPerGpuHour)} per GPU-hour`} />
        </div>
      )}

      <div className="section-head">
        <h2>Over time</h2>
        <div className="segmented" role="group" aria-label="Range">
          {(Object.keys(ranges) as Array<keyof typeof ranges>).map((key) => (
            <button key={key} type="button" className={key === rangeKey ? "active" : ""} aria-pressed={key === rangeKey} onClick={() => setRangeKey(key)}>
              {ranges[key].label}
            </button>
          ))}
        </div>
      </div>
      <div className="grid charts">
        <MetricChart
          testId="chart-jobs"
          title="Jobs"
          range={range}
          metrics={["jobsCreated", "jobsFinalized", "jobsExpired"]}
          series={[
            { key: "created", label: "Created", value: (r) => num(r, "jobsCreated") },
            { key: "finalized", label: "Finalized", value: (r) => num(r, "jobsFinalized") },
            { key: "expired", label: "Expired", value: (r) => num(r, "jobsExpired") },
          ]}
        />
        <MetricChart title="GPU time" units={gpuTimeUnits} range={range} metrics={["gpuHours"]} series={[{ key: "gpuHours", label: "GPU time", value: (r) => num(r, "gpuHours") }]} />
        <MetricChart title="Fees" unit="HRTH" range={range} metrics={["fees"]} series={[{ key: "fees", label: "Fees", value: (r) => num(r, "fees", true) }]} />
        <MetricChart
          title="Total stake"
          unit="HRTH"
          kind="line"
          range={range}
          metrics={["totalStake"]}
          series={[{ key: "stake", label: "Bonded stake", value: (r) => num(r, "totalStake", true) }]}
        />
        <MetricChart title="Emissions" unit="HRTH" range={range} metrics={["emissions"]} series={[{ key: "emissions", label: "Minted", value: (r) => num(r, "emissions", true) }]} />
        <MetricChart title="Slashes" unit="HRTH" range={range} metrics={["slashed"]} series={[{ key: "slashed", label: "Slashed", value: (r) => num(r, "slashed", true) }]} />
        <MetricChart
          title="Verification"
          description="Results attested, and how many were re-checked (sampled or challenged) or found fraudulent."
          range={range}
          metrics={["attested", "sampled", "challenged", "fraudFound"]}
          series={[
            { key: "attested", label: "Attested", value: (r) => num(r, "attested") },
            { key: "checked", label: "Checked", value: (r) => num(r, "sampled") + num(r, "challenged") },
            { key: "fraud", label: "Fraud found", value: (r) => num(r, "fraudFound") },
          ]}
        />
        <MetricChart
          title="Verification coverage"
          description="Share of attested results that were sampled or challenged."
          kind="line"
          unit="%"
          range={range}
          metrics={["verificationCoverage"]}
          series={[{ key: "coverage", label: "Coverage", value: (r) => num(r, "verificationCoverage") * 100 }]}
        />
        <MetricChart title="Energy" units={energyUnits} range={range} metrics={["energyKwh"]} series={[{ key: "kwh", label: "Energy", value: (r) => num(r, "energyKwh") }]} />
        <MetricChart
          title="Carbon per GPU-hour"
          description="Attested energy × the provider's declared carbon intensity, per GPU-hour of finalized jobs."
          unit="g CO₂e/h"
          kind="line"
          range={range}
          metrics={["carbon", "gpuHours"]}
          series={[{ key: "intensity", label: "g CO₂e per GPU-hour", value: (r) => (num(r, "gpuHours") > 0 ? num(r, "carbon") / num(r, "gpuHours") : null) }]}
        />
        <section className="card chart" data-testid="chart-energy-mix">
          <header className="chart-head">
            <h3>Energy mix</h3>
            <p className="muted small">Energy of finalized jobs by each provider&apos;s declared source.</p>
          </header>
          {providers.error && !providers.data ? (
            <LoadError error={providers.error} what="the energy mix" />
          ) : !providers.data ? (
            <Loading what="energy mix" />
          ) : (
            <PieBreakdown data={energyMix} unit="kWh" />
          )}
        </section>
      </div>
    </>
  );
}
