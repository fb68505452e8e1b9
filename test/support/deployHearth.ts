import { network } from "hardhat";
import { getAddress, type Address } from "viem";
import DevnetModule from "../../ignition/modules/Devnet.ts";
import devnetParameters from "../../ignition/parameters/devnet.json" with { type: "json" };

export const HRTH = 10n ** 18n;
export const USD = 10n ** 6n;

/**
 * Ignition parameters for the `Hearth` module on top of the devnet ones, or a function of the chain's
 * accounts that returns them (to name one of those accounts, e.g. as `treasury`, before deploying).
 */
export type HearthOverrides = Record<string, unknown> | ((accounts: readonly Address[]) => Record<string, unknown>);

/**
 * Connects to a fresh simulated chain and deploys the protocol with the devnet parameters (short windows and
 * epochs, a committee of 3), or with the module's production-like defaults when `base` is `"defaults"`.
 */
export async function deployHearth(overrides: HearthOverrides = {}, { base = "devnet" }: { base?: "devnet" | "defaults" } = {}) {
  const connection = await network.create();
  const { viem, ignition, networkHelpers } = connection;
  const wallets = await viem.getWalletClients();
  const resolved = typeof overrides === "function" ? overrides(wallets.map((w) => w.account.address)) : overrides;
  const parameters = { Hearth: { ...(base === "devnet" ? devnetParameters.Hearth : {}), ...resolved } };
  const deployed = await ignition.deploy(DevnetModule, { parameters });
  const publicClient = await viem.getPublicClient();
  return { connection, viem, networkHelpers, publicClient, wallets, ...deployed };
}

export type Hearth = Awaited<ReturnType<typeof deployHearth>>;
export type Wallet = Hearth["wallets"][number];

/** A wallet's address, checksummed as viem decodes addresses from the chain (the accounts come lowercased). */
export function addressOf(wallet: Wallet): Address {
  return getAddress(wallet.account.address);
}
