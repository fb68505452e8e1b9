import { providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Registers the account as a provider, or updates its metadata if it is registered already. */
export async function registerProvider(
  context: HearthContext,
  parameters: { metadataCid: string; carbonIntensity: number },
): Promise<WriteResult<unknown>> {
  const account = context.walletClient?.account.address;
  const staking = context.deployment.contracts.staking;
  const registered = account
    ? (await context.publicClient.readContract({ address: staking, abi: providerStakingAbi, functionName: "getProvider", args: [account] }))
        .registered
    : false;
  return writeHearthContract(context, {
    address: staking,
    abi: providerStakingAbi,
    functionName: registered ? "updateMetadata" : "register",
    args: [parameters.metadataCid, parameters.carbonIntensity],
  });
}
