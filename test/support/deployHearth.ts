import { network } from "hardhat";
import DevnetModule from "../../ignition/modules/Devnet.ts";
import devnetParameters from "../../ignition/parameters/devnet.json" with { type: "json" };

export const HRTH = 10n ** 18n;
export const USD = 10n ** 6n;

/** Connects to a fresh simulated chain and deploys the protocol with the devnet parameters. */
export async function deployHearth(overrides: Record<string, unknown> = {}) {
  const connection = await network.create();
  const { viem, ignition, networkHelpers } = connection;
  const parameters = { Hearth: { ...devnetParameters.Hearth, ...overrides } };
  const deployed = await ignition.deploy(DevnetModule, { parameters });
  const wallets = await viem.getWalletClients();
  const publicClient = await viem.getPublicClient();
  return { connection, viem, networkHelpers, publicClient, wallets, ...deployed };
}
