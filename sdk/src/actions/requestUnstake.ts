import { providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Starts unbonding `amount` of free stake; withdraw it with `withdrawStake` after the unbonding period. */
export function requestUnstake(context: HearthContext, amount: bigint): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.staking,
    abi: providerStakingAbi,
    functionName: "requestUnstake",
    args: [amount],
  });
}
