import { providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Opts the provider in or out of verification (sampled re-execution and dispute committees). */
export function setVerifier(context: HearthContext, enabled: boolean): Promise<WriteResult<unknown>> {
  return writeHearthContract(context, {
    address: context.deployment.contracts.staking,
    abi: providerStakingAbi,
    functionName: "setVerifier",
    args: [enabled],
  });
}
