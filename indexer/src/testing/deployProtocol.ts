// Deploys the devnet protocol with Hardhat Ignition under its own deployment id, so tests running in parallel
// never share ignition/deployments/chain-31337 or overwrite sdk/deployments/31337.json. Prints the deployment
// JSON (chainId, startBlock, contracts) as its last line.
//   HEARTH_RPC_URL=… HEARTH_DEPLOYMENT_ID=… hardhat run --no-compile indexer/src/testing/deployProtocol.ts --network localhost
import { readFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import DevnetModule from "../../../ignition/modules/Devnet.ts";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const deploymentId = process.env.HEARTH_DEPLOYMENT_ID;
if (!deploymentId) throw new Error("HEARTH_DEPLOYMENT_ID is required.");
const parameters = JSON.parse(
  readFileSync(path.resolve(root, process.env.HEARTH_PARAMETERS ?? "ignition/parameters/devnet.json"), "utf8"),
);
const { ignition, viem } = await network.create();
const publicClient = await viem.getPublicClient();
const chainId = await publicClient.getChainId();
const startBlock = Number(await publicClient.getBlockNumber());
const deployed = await ignition.deploy(DevnetModule, { parameters, deploymentId, displayUi: false });
const deployment = {
  chainId,
  startBlock,
  contracts: {
    token: deployed.token.address,
    staking: deployed.staking.address,
    market: deployed.market.address,
    court: deployed.court.address,
    rewards: deployed.rewards.address,
    stablecoin: deployed.stablecoin.address,
  },
};
console.log(JSON.stringify(deployment));
