"use client";
import { useQueries } from "@tanstack/react-query";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useNetwork } from "@/components/NetworkContext";
import { LoadError, Loading } from "@/components/States";
import { fetchIndexer } from "@/lib/indexer/fetchIndexer";
import type { TimeseriesMetric, TimeseriesResponse } from "@/lib/indexer/indexerTypes";
import { formatNumber } from "@/lib/format/format";
import { pickUnit, type UnitLadder } from "@/lib/format/pickUnit";

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });

export type ChartRange = { interval: "hour" | "day"; from: number };

export type ChartSeries = {
  key: string;
  label: string;
  /** The series' value in a bucket from the fetched metrics' raw values (numbers or decimal strings). */
  value: (row: Record<string, string | number>) => number | null;
};

const palette = ["#d9622b", "#2b7bd9", "#3a9d5d", "#8a5cd1", "#c9a227", "#d13f6b"] as const;

/** The chart colour of series `index`. */
export function seriesColor(index: number): string {
  return palette[index % palette.length] ?? "#d9622b";
}

/**
 * A chart of one or more indexer time series over `range`: fetches each metric, joins them by bucket, and draws
 * bars (counters), a line (gauges and ratios) or stacked areas. Its own loading, empty and error states.
 */
export function MetricChart(props: {
  title: string;
  description?: string;
  metrics: TimeseriesMetric[];
  series: ChartSeries[];
  range: ChartRange;
  kind?: "bar" | "line" | "area";
  unit?: string;
  /** Scales the values to a readable unit (see pickUnit); overrides `unit`. */
  units?: UnitLadder;
  testId?: string;
}) {
  const { indexerUrl } = useNetwork();
  const results = useQueries({
    queries: props.metrics.map((metric) => ({
      queryKey: ["timeseries", indexerUrl, metric, props.range.interval, props.range.from],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        fetchIndexer<TimeseriesResponse>(indexerUrl, "/v1/stats/timeseries", { metric, interval: props.range.interval, from: props.range.from }, signal),
      refetchInterval: 10_000,
      retry: 1,
    })),
  });
  const failed = results.find((r) => r.error)?.error;
  const loading = results.some((r) => r.isLoading);
  const joined = join(results.map((r) => r.data).filter((d): d is TimeseriesResponse => Boolean(d)), props.series, props.range.interval);
  const max = Math.max(0, ...joined.flatMap((row) => props.series.map((s) => Math.abs(Number(row[s.key] ?? 0)))));
  const scale = props.units ? pickUnit(props.units, max) : { unit: props.unit, factor: 1 };
  const rows =
    scale.factor === 1
      ? joined
      : joined.map((row) => ({ ...row, ...Object.fromEntries(props.series.map((s) => [s.key, row[s.key] === null ? null : Number(row[s.key]) * scale.factor])) }));
  const empty = rows.length > 0 && rows.every((row) => props.series.every((s) => !row[s.key]));
  const kind = props.kind ?? "bar";
  // Axis labels stay short: compact notation, and small values with two significant digits (0.0065, not 6.5e-3).
  const tick = (value: number) => (value !== 0 && Math.abs(value) < 0.01 ? String(Number(value.toPrecision(2))) : compact.format(value));
  // Grid, axes, tooltip and legend: the same for every kind of chart (Recharts flattens arrays of children).
  const frame = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="#e6e1da" />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />,
    <YAxis key="y" tick={{ fontSize: 11 }} tickFormatter={tick} width={56} />,
    <Tooltip key="tooltip" formatter={(value) => `${formatNumber(Number(value), 6)}${scale.unit ? ` ${scale.unit}` : ""}`} />,
    props.series.length > 1 ? <Legend key="legend" /> : null,
  ];
  return (
    <section className="card chart" data-testid={props.testId}>
      <header className="chart-head">
        <h3>
          {props.title}
          {props.units && scale.unit ? <span className="muted chart-unit"> ({scale.unit})</span> : null}
        </h3>
        {props.description ? <p className="muted small">{props.description}</p> : null}
      </header>
      {failed && rows.length === 0 ? (
        <LoadError error={failed} what={props.title.toLowerCase()} compact />
      ) : loading && rows.length === 0 ? (
        <Loading what="chart" />
      ) : (
        <>
          <div className="chart-body">
            <ResponsiveContainer width="100%" height={200}>
              {kind === "line" ? (
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  {frame}
                  {props.series.map((s, i) => (
                    <Line key={s.key} type="stepAfter" dataKey={s.key} name={s.label} stroke={seriesColor(i)} dot={{ r: 2 }} strokeWidth={2} isAnimationActive={false} />
                  ))}
                </LineChart>
              ) : kind === "area" ? (
                <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  {frame}
                  {props.series.map((s, i) => (
                    <Area key={s.key} type="monotone" dataKey={s.key} name={s.label} stackId="1" stroke={seriesColor(i)} fill={seriesColor(i)} fillOpacity={0.35} isAnimationActive={false} />
                  ))}
                </AreaChart>
              ) : (
                <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  {frame}
                  {props.series.map((s, i) => (
                    <Bar key={s.key} dataKey={s.key} name={s.label} fill={seriesColor(i)} maxBarSize={28} minPointSize={0} isAnimationActive={false} />
                  ))}
                </BarChart>
              )}
            </ResponsiveContainer>
          </div>
          {empty ? <p className="muted small chart-note">Nothing recorded in this range yet.</p> : null}
        </>
      )}
    </section>
  );
}

function join(responses: TimeseriesResponse[], series: ChartSeries[], interval: "hour" | "day") {
  const byStart = new Map<number, Record<string, string | number>>();
  for (const response of responses) {
    for (const point of response.points) {
      const row = byStart.get(point.start) ?? {};
      row[response.metric] = point.value;
      byStart.set(point.start, row);
    }
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, raw]) => {
      const row: Record<string, string | number | null> = { start, label: bucketLabel(start, interval) };
      for (const s of series) row[s.key] = s.value(raw);
      return row;
    });
}

function bucketLabel(start: number, interval: "hour" | "day"): string {
  const date = new Date(start * 1000);
  return interval === "hour"
    ? date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
}

/** A raw metric value as a number (wei-denominated metrics divided by 1e18). */
export function num(raw: Record<string, string | number>, metric: TimeseriesMetric, weiScaled = false): number {
  const value = raw[metric];
  if (value === undefined) return 0;
  if (weiScaled) return Number(BigInt(value)) / 1e18;
  return Number(value);
}
