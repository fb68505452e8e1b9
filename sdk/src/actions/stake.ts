import { parseSignature } from "viem";
import { hearthTokenAbi, providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { HearthNoWalletError, writeHearthContract, type WriteResult } from "../chain/writeHearthContract.ts";

/** Stakes `amount` HRTH with an EIP-2612 permit: one transaction, no separate approval. */
export async function stake(context: HearthContext, amount: bigint): Promise<WriteResult<unknown>> {
  const { publicClient, walletClient, deployment } = context;
  if (!walletClient) throw new HearthNoWalletError();
  const token = deployment.contracts.token;
  const owner = walletClient.account.address;
  const nonce = await publicClient.readContract({ address: token, abi: hearthTokenAbi, functionName: "nonces", args: [owner] });
  const deadline = (await publicClient.getBlock()).timestamp + 3600n;
  const signature = await walletClient.signTypedData({
    account: walletClient.account,
    domain: { name: "Hearth", version: "1", chainId: deployment.chainId, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender: deployment.contracts.staking, value: amount, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return writeHearthContract(context, {
    address: deployment.contracts.staking,
    abi: providerStakingAbi,
    functionName: "stakeWithPermit",
    args: [amount, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
  });
}
