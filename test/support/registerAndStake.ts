import type { Hearth, Wallet } from "./deployHearth.ts";

export interface RegisterAndStakeOptions {
  /** HRTH wei to stake (after `approve`). */
  amount: bigint;
  /** Declared carbon intensity, gCO2/kWh. */
  carbonIntensity?: number;
  /** Opt in as a verifier (sampled re-execution and committees). */
  verifier?: boolean;
  metadataCid?: string;
}

/** Registers `wallet` as a provider, approves and stakes `amount` HRTH, and optionally opts in as a verifier. */
export async function registerAndStake(h: Hearth, wallet: Wallet, options: RegisterAndStakeOptions): Promise<void> {
  const account = wallet.account;
  const cid = options.metadataCid ?? `bafkreiprovider${account.address.slice(2, 10).toLowerCase()}`;
  await h.staking.write.register([cid, options.carbonIntensity ?? 50], { account });
  await h.token.write.approve([h.staking.address, options.amount], { account });
  await h.staking.write.stake([options.amount], { account });
  if (options.verifier === true) await h.staking.write.setVerifier([true], { account });
}
