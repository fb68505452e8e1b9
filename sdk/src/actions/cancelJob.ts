import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Cancels an open job; the escrow returns to the requester in the same transaction. */
export function cancelJob(context: HearthContext, jobId: bigint): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "cancelJob",
    args: [jobId],
  });
}
