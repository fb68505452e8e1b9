import type { Address } from "viem";
import { rewardsDistributorAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { HearthNoWalletError, writeHearthContract } from "../chain/writeHearthContract.ts";

/** Epochs in which `provider` has rewards to claim now, with the amounts. */
export async function getClaimableRewards(
  context: HearthContext,
  provider: Address,
): Promise<Array<{ epoch: bigint; amount: bigint }>> {
  const { publicClient, deployment } = context;
  const rewards = deployment.contracts.rewards;
  const logs = await publicClient.getContractEvents({
    address: rewards,
    abi: rewardsDistributorAbi,
    eventName: "WorkRecorded",
    args: { provider },
    fromBlock: BigInt(deployment.startBlock),
    strict: true,
  });
  const epochs = [...new Set(logs.map((log) => log.args.epoch))];
  const amounts = await Promise.all(
    epochs.map((epoch) =>
      publicClient.readContract({ address: rewards, abi: rewardsDistributorAbi, functionName: "claimable", args: [epoch, provider] }),
    ),
  );
  return epochs.map((epoch, i) => ({ epoch, amount: amounts[i] ?? 0n })).filter((entry) => entry.amount > 0n);
}

/** Claims every epoch's rewards that can be claimed now; returns the total minted (0n when nothing). */
export async function claimRewards(context: HearthContext): Promise<{ total: bigint; epochs: bigint[] }> {
  if (!context.walletClient) throw new HearthNoWalletError();
  const claimable = await getClaimableRewards(context, context.walletClient.account.address);
  if (claimable.length === 0) return { total: 0n, epochs: [] };
  const epochs = claimable.map((entry) => entry.epoch);
  await writeHearthContract(context, {
    address: context.deployment.contracts.rewards,
    abi: rewardsDistributorAbi,
    functionName: "claim",
    args: [epochs],
  });
  return { total: claimable.reduce((sum, entry) => sum + entry.amount, 0n), epochs };
}
