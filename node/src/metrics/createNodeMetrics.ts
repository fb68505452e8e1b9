import type { JobStep } from "../journal/jobSteps.ts";
import { createMetricsRegistry, type Counter, type MetricsRegistry } from "./createMetricsRegistry.ts";

export type NodeMetrics = {
  registry: MetricsRegistry;
  claims: Counter;
  failures: Counter;
  declines: Counter;
  txErrors: Counter;
  txSent: Counter;
  gpuSeconds: Counter;
  energyJoules: Counter;
  rpcErrors: Counter;
};

/** The provider node's series. `jobsByStep` is read from the journal at each scrape. */
export function createNodeMetrics(parameters: { jobsByStep: () => Record<JobStep, number>; inFlight: () => number }): NodeMetrics {
  const registry = createMetricsRegistry();
  registry.gauge("hearth_jobs", "Jobs in the journal by step", () =>
    Object.entries(parameters.jobsByStep()).map(([step, value]) => ({ labels: { step }, value })),
  );
  registry.gauge("hearth_jobs_in_flight", "Jobs being run or uploaded now", () => [{ labels: {}, value: parameters.inFlight() }]);
  return {
    registry,
    claims: registry.counter("hearth_claims_total", "Claim attempts by result (won, lost, reverted)"),
    failures: registry.counter("hearth_job_failures_total", "Jobs recorded failed, by reason code"),
    declines: registry.counter("hearth_job_declines_total", "Jobs declined, by reason"),
    txSent: registry.counter("hearth_transactions_total", "Transactions mined successfully, by kind"),
    txErrors: registry.counter("hearth_transaction_errors_total", "Transactions that failed to send or reverted, by kind"),
    gpuSeconds: registry.counter("hearth_gpu_seconds_total", "GPU time of executed jobs, seconds"),
    energyJoules: registry.counter("hearth_energy_joules_total", "Energy of executed jobs by measurement method, joules"),
    rpcErrors: registry.counter("hearth_rpc_errors_total", "Failed chain polls, by class (retryable, fatal)"),
  };
}
