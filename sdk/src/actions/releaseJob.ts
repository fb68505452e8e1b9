import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/**
 * Sends `releaseJob`: the provider gives back a job it claimed and cannot finish, before the deadline. The job
 * is open again; the provider pays the expiry slash scaled by the share of the time it held the job, and is not
 * jailed.
 */
export function releaseJob(context: HearthContext, jobId: bigint): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "releaseJob",
    args: [jobId],
  });
}
