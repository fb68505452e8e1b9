import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Sends `expireJob` for a job; anyone may call it once its time has come. */
export function expireJob(context: HearthContext, jobId: bigint): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "expireJob",
    args: [jobId],
  });
}
