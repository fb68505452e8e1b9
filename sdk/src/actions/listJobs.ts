import type { Address } from "viem";
import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { getJob, type HearthJob } from "./getJob.ts";

export type ListJobsParameters = {
  /** Only jobs this account created (default: every job). */
  requester?: Address | undefined;
  /** The newest this many (default 20, at most 500). */
  limit?: number | undefined;
};

export type ListedJob = HearthJob & { specCid: string; createdAtBlock: bigint };

/**
 * Jobs from the market's `JobCreated` events (requester is an indexed topic), newest first, each with its state now.
 * Reads the chain only: no indexer needed.
 */
export async function listJobs(context: HearthContext, parameters: ListJobsParameters = {}): Promise<ListedJob[]> {
  const limit = Math.min(Math.max(1, Math.floor(parameters.limit ?? 20)), 500);
  const logs = await context.publicClient.getContractEvents({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    eventName: "JobCreated",
    args: parameters.requester ? { requester: parameters.requester } : {},
    fromBlock: BigInt(context.deployment.startBlock),
    strict: true,
  });
  const newest = logs.sort((a, b) => (a.args.jobId < b.args.jobId ? 1 : -1)).slice(0, limit);
  return Promise.all(
    newest.map(async (log) => ({ ...(await getJob(context, log.args.jobId)), specCid: log.args.specCid, createdAtBlock: log.blockNumber })),
  );
}
