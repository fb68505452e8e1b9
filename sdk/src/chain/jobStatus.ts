/** Job states, in the order of `IJobMarket.JobStatus`. */
export const jobStatuses = [
  "none",
  "open",
  "assigned",
  "submitted",
  "disputed",
  "finalized",
  "cancelled",
  "expired",
  "rejected",
] as const;

export type JobStatus = (typeof jobStatuses)[number];

/** States a job never leaves. */
export const finalJobStatuses: readonly JobStatus[] = ["finalized", "cancelled", "expired", "rejected"];

export function jobStatusName(index: number): JobStatus {
  return jobStatuses[index] ?? "none";
}
