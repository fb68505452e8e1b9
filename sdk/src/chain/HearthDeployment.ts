import type { Address } from "viem";

/** Addresses of a Hearth deployment on one chain, as written by `scripts/deploy.ts`. */
export type HearthContracts = {
  token: Address;
  staking: Address;
  market: Address;
  court: Address;
  rewards: Address;
  /** The test stablecoin (tUSD), devnet only. */
  stablecoin?: Address | undefined;
};

export type HearthDeployment = {
  chainId: number;
  /** First block to read events from. */
  startBlock: number;
  contracts: HearthContracts;
};
