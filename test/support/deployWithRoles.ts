import { deployHearth, HRTH, USD, type Hearth, type HearthOverrides, type Wallet } from "./deployHearth.ts";

/** Who does what in a lifecycle test. Every role is its own account, so each balance moves for one reason. */
export interface Roles {
  /** Deployer, owner of the contracts and holder of the genesis supply. */
  deployer: Wallet;
  requester: Wallet;
  providerA: Wallet;
  providerB: Wallet;
  /** Submits and finalizes for others; holds no tokens. */
  relayer: Wallet;
  challenger: Wallet;
  verifiers: readonly [Wallet, Wallet, Wallet];
  treasury: Wallet;
  /** An account with no role, for calls that anyone may make and for unauthorised callers. */
  outsider: Wallet;
}

export type HearthWithRoles = Hearth & { roles: Roles };

/** HRTH handed to each role that needs some (stake, bonds, payments). */
export const FUNDING = 10_000n * HRTH;
/** tUSD minted to the requester. */
export const USD_FUNDING = 10_000n * USD;

/**
 * Deploys the protocol with the devnet parameters (plus `overrides`), a dedicated treasury account, and funds
 * the requester, providers, challenger and verifiers with HRTH and the requester with tUSD. Nobody is registered
 * or staked yet.
 */
export async function deployWithRoles(overrides: HearthOverrides = {}): Promise<HearthWithRoles> {
  const h = await deployHearth((accounts) => ({
    treasury: accounts[9],
    ...(typeof overrides === "function" ? overrides(accounts) : overrides),
  }));
  const at = (i: number): Wallet => {
    const wallet = h.wallets[i];
    if (wallet === undefined) throw new Error(`the simulated chain has no account #${i}`);
    return wallet;
  };
  const roles: Roles = {
    deployer: at(0),
    requester: at(1),
    providerA: at(2),
    providerB: at(3),
    relayer: at(4),
    challenger: at(5),
    verifiers: [at(6), at(7), at(8)],
    treasury: at(9),
    outsider: at(10),
  };
  const deployer = roles.deployer.account;
  for (const wallet of [roles.requester, roles.providerA, roles.providerB, roles.challenger, ...roles.verifiers]) {
    await h.token.write.transfer([wallet.account.address, FUNDING], { account: deployer });
  }
  await h.stablecoin.write.mint([roles.requester.account.address, USD_FUNDING], { account: deployer });
  return { ...h, roles };
}
