import { providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Withdraws stake whose unbonding period is over. */
export function withdrawStake(context: HearthContext): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.staking,
    abi: providerStakingAbi,
    functionName: "withdraw",
    args: [],
  });
}
