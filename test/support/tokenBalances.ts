import type { Address } from "viem";
import type { Hearth } from "./deployHearth.ts";

/** Balances of `token` for each named account, read in one go so that later deltas are exact. */
export async function tokenBalances<const Names extends string>(
  h: Hearth,
  token: Address,
  accounts: Record<Names, Address>,
): Promise<Record<Names, bigint>> {
  const erc20 = await h.viem.getContractAt("HearthToken", token);
  const out = {} as Record<Names, bigint>;
  for (const name of Object.keys(accounts) as Names[]) {
    out[name] = await erc20.read.balanceOf([accounts[name]]);
  }
  return out;
}

/** `after - before` for each named account. */
export function deltas<Names extends string>(
  before: Record<Names, bigint>,
  after: Record<Names, bigint>,
): Record<Names, bigint> {
  const out = {} as Record<Names, bigint>;
  for (const name of Object.keys(before) as Names[]) {
    const a: bigint = after[name];
    const b: bigint = before[name];
    out[name] = a - b;
  }
  return out;
}
