import type { Abi, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt, Address } from "viem";
import { BaseError } from "../errors/BaseError.ts";
import { decodeHearthError, HearthTransactionError } from "../errors/HearthContractError.ts";
import type { HearthContext } from "./createHearthContext.ts";

export class HearthNoWalletError extends BaseError {
  override name = "HearthNoWalletError";
  constructor() {
    super("This action sends a transaction and needs an account.", {
      metaMessages: ["Give a key with HEARTH_PRIVATE_KEY, --keystore, or a dev account on the devnet."],
    });
  }
}

export type WriteResult<T> = { hash: Hash; receipt: TransactionReceipt; result: T };

/**
 * Simulates, sends and waits for one contract call; a revert becomes a decoded `HearthContractError`
 * before anything is sent, so a failing call costs nothing.
 */
export async function writeHearthContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  args extends ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
>(
  context: HearthContext,
  call: { address: Address; abi: abi; functionName: functionName; args: args },
): Promise<WriteResult<unknown>> {
  const { publicClient, walletClient } = context;
  if (!walletClient) throw new HearthNoWalletError();
  try {
    const { request, result } = await publicClient.simulateContract({
      ...(call as never as Parameters<typeof publicClient.simulateContract>[0]),
      account: walletClient.account,
    });
    const hash = await walletClient.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      throw new HearthTransactionError("reverted", `Transaction ${hash} reverted on chain.`, {
        metaMessages: ["The chain changed between simulation and inclusion; try again."],
      });
    }
    return { hash, receipt, result };
  } catch (error) {
    throw decodeHearthError(error, { account: walletClient.account.address, rpcUrl: publicClient.transport.url });
  }
}
