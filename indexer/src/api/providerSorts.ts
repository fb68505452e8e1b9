/** Orders of GET /v1/providers. */
export const providerSorts = ["reputation", "stake", "jobs", "earnings", "carbon"] as const;
export type ProviderSort = (typeof providerSorts)[number];

/** Job states as the API names them (`IJobMarket.JobStatus` without None). */
export const jobStatuses = ["open", "assigned", "submitted", "disputed", "finalized", "cancelled", "expired", "rejected"] as const;
