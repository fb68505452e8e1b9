import { parseSignature, type Address, type Hex } from "viem";
import type { Hearth, Wallet } from "./deployHearth.ts";

export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/**
 * Signs an EIP-2612 permit from `owner` letting `spender` take `value` of `token` (HRTH or tUSD), valid for an
 * hour, with the owner's current nonce.
 */
export async function signPermit(
  h: Hearth,
  owner: Wallet,
  token: Address,
  spender: Address,
  value: bigint,
  { deadline }: { deadline?: bigint } = {},
): Promise<SignedPermit> {
  const erc20 = await h.viem.getContractAt("HearthToken", token);
  const [, name, version, chainId, verifyingContract] = await erc20.read.eip712Domain();
  const validUntil = deadline ?? BigInt(await h.networkHelpers.time.latest()) + 3_600n;
  const signature = await owner.signTypedData({
    account: owner.account,
    domain: { name, version, chainId, verifyingContract },
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
    message: {
      owner: owner.account.address,
      spender,
      value,
      nonce: await erc20.read.nonces([owner.account.address]),
      deadline: validUntil,
    },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline: validUntil, v: Number(v ?? BigInt(yParity + 27)), r, s };
}
