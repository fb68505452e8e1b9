import type * as schema from "../../ponder/ponder.schema.ts";
import { formatRatio, gramsCo2e, joules, kilowattHours } from "../derive/units.ts";

type SeriesRow = typeof schema.series.$inferSelect;

/** A network time-series metric: counters sum over the bucket, gauges are the value at its end. */
export type MetricDefinition = {
  kind: "counter" | "gauge";
  unit: string;
  description: string;
  value(row: SeriesRow): string | number;
  /** The value of a bucket with no events (counters) — gauges carry the last value forward instead. */
  zero: string | number;
};

const count = (description: string, pick: (row: SeriesRow) => number): MetricDefinition => ({
  kind: "counter",
  unit: "count",
  description,
  value: pick,
  zero: 0,
});

export const metrics = {
  jobsCreated: count("Jobs created.", (r) => r.jobsCreated),
  jobsFinalized: count("Jobs finalized (paid).", (r) => r.jobsFinalized),
  jobsExpired: count("Jobs expired (open or assigned past the deadline).", (r) => r.jobsExpired),
  jobsCancelled: count("Jobs cancelled by their requester.", (r) => r.jobsCancelled),
  jobsRejected: count("Jobs rejected by a dispute (provider at fault).", (r) => r.jobsRejected),
  attested: count("Attestations submitted.", (r) => r.attested),
  sampled: count("Jobs sampled for re-execution.", (r) => r.sampled),
  challenged: count("Jobs challenged (disputes opened).", (r) => r.challenged),
  fraudFound: count("Disputes that found the provider at fault.", (r) => r.fraudFound),
  verificationCoverage: {
    kind: "counter",
    unit: "ratio",
    description: "(sampled + challenged) / attested in the bucket; 0 without attestations.",
    value: (r) => (r.attested === 0 ? "0" : formatRatio(BigInt(r.sampled + r.challenged), BigInt(r.attested), 6)),
    zero: "0",
  },
  gpuSeconds: {
    kind: "counter",
    unit: "s",
    description: "GPU seconds of finalized jobs as the market counts them (whole seconds per job).",
    value: (r) => r.gpuSeconds.toString(),
    zero: "0",
  },
  gpuHours: {
    kind: "counter",
    unit: "h",
    description: "GPU hours of finalized jobs, from their attested GPU time (ms).",
    value: (r) => formatRatio(r.gpuTimeMs, 3_600_000n, 9),
    zero: "0",
  },
  fees: {
    kind: "counter",
    unit: "HRTH wei",
    description: "Protocol and verifier fees of finalized jobs, valued in HRTH at the token's configured rate.",
    value: (r) => r.feesHrth.toString(),
    zero: "0",
  },
  emissions: { kind: "counter", unit: "HRTH wei", description: "HRTH minted by reward claims.", value: (r) => r.emissions.toString(), zero: "0" },
  slashed: { kind: "counter", unit: "HRTH wei", description: "Stake slashed.", value: (r) => r.slashed.toString(), zero: "0" },
  energyJoules: { kind: "counter", unit: "J", description: "Attested energy of finalized jobs.", value: (r) => joules(r.energyMj), zero: "0" },
  energyKwh: { kind: "counter", unit: "kWh", description: "Attested energy of finalized jobs.", value: (r) => kilowattHours(r.energyMj), zero: "0" },
  carbon: {
    kind: "counter",
    unit: "gCO2e",
    description: "Energy of finalized jobs x the provider's declared carbon intensity when it attested.",
    value: (r) => gramsCo2e(r.carbonMjG),
    zero: "0",
  },
  totalStake: { kind: "gauge", unit: "HRTH wei", description: "Bonded stake (locked collateral included).", value: (r) => r.totalStake.toString(), zero: "0" },
  providers: { kind: "gauge", unit: "count", description: "Registered providers.", value: (r) => r.providers, zero: 0 },
} satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof metrics;
export const metricNames = Object.keys(metrics) as MetricName[];
