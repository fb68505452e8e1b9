import { erc20Abi, parseUnits, type Address } from "viem";
import { registerProvider } from "@hearth/sdk/actions/registerProvider";
import { stake } from "@hearth/sdk/actions/stake";
import { createHearthContext, type HearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { writeHearthContract } from "@hearth/sdk/chain/writeHearthContract";
import { testStablecoinAbi } from "@hearth/sdk/generated/abis";
import { devAccount } from "./localChain.ts";

/** Account 0 deployed everything: it holds the HRTH genesis supply and owns tUSD. */
export function deployerContext(rpcUrl: string, deployment: HearthDeployment): HearthContext {
  return createHearthContext({ rpcUrl, deployment, account: devAccount(0) });
}

/** Sends `hrth` HRTH from the genesis holder, then registers and stakes `stakeHrth` with the SDK actions. */
export async function registerAndStakeProvider(
  rpcUrl: string,
  deployment: HearthDeployment,
  index: number,
  options: { hrth: string; stakeHrth: string; carbonIntensity: number; metadataCid?: string | undefined },
): Promise<Address> {
  const deployer = deployerContext(rpcUrl, deployment);
  const account = devAccount(index);
  await writeHearthContract(deployer, {
    address: deployment.contracts.token,
    abi: erc20Abi,
    functionName: "transfer",
    args: [account.address, parseUnits(options.hrth, 18)],
  });
  const context = createHearthContext({ rpcUrl, deployment, account });
  await registerProvider(context, {
    metadataCid: options.metadataCid ?? "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
    carbonIntensity: options.carbonIntensity,
  });
  await stake(context, parseUnits(options.stakeHrth, 18));
  return account.address;
}

/** Mints tUSD (6 decimals) to an account. */
export async function mintUsd(rpcUrl: string, deployment: HearthDeployment, to: Address, amount: bigint): Promise<void> {
  await writeHearthContract(deployerContext(rpcUrl, deployment), {
    address: deployment.contracts.stablecoin!,
    abi: testStablecoinAbi,
    functionName: "mint",
    args: [to, amount],
  });
}

/** Sends HRTH (wei) from the genesis holder. */
export async function transferHrth(rpcUrl: string, deployment: HearthDeployment, to: Address, amount: bigint): Promise<void> {
  await writeHearthContract(deployerContext(rpcUrl, deployment), { address: deployment.contracts.token, abi: erc20Abi, functionName: "transfer", args: [to, amount] });
}
