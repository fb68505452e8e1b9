import { erc20Abi } from "viem";
import { disputeCourtAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { HearthNoWalletError, writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Opens a dispute on a submitted job within its window, approving and posting the HRTH bond. */
export async function challengeJob(context: HearthContext, jobId: bigint): Promise<WriteResult<unknown> & { bond: bigint }> {
  const { publicClient, walletClient, deployment } = context;
  if (!walletClient) throw new HearthNoWalletError();
  const court = deployment.contracts.court;
  const bond = await publicClient.readContract({ address: court, abi: disputeCourtAbi, functionName: "bondFor", args: [jobId] });
  const allowance = await publicClient.readContract({
    address: deployment.contracts.token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [walletClient.account.address, court],
  });
  if (allowance < bond) {
    await writeHearthContract(context, { address: deployment.contracts.token, abi: erc20Abi, functionName: "approve", args: [court, bond] });
  }
  const result = await writeHearthContract(context, { address: court, abi: disputeCourtAbi, functionName: "challenge", args: [jobId] });
  return { ...result, bond };
}
