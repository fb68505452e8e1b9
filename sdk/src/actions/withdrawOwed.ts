import type { Address } from "viem";
import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { writeHearthContract } from "../chain/writeHearthContract.ts";

/** Withdraws what the market owes the account in `token` (payouts, refunds, fees); 0n when nothing is owed. */
export async function withdrawOwed(context: HearthContext, token: Address): Promise<bigint> {
  const account = context.walletClient?.account.address;
  if (!account) return 0n;
  const owed = await context.publicClient.readContract({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "owed",
    args: [token, account],
  });
  if (owed === 0n) return 0n;
  await writeHearthContract(context, {
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "withdraw",
    args: [token],
  });
  return owed;
}
