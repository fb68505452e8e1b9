// Deploys the protocol with Hardhat Ignition to the selected network and writes the addresses where the SDK
// reads them: sdk/deployments/<chainId>.json.
//   npx hardhat run scripts/deploy.ts --network <name>
// HEARTH_MODULE=devnet also deploys the test stablecoin; HEARTH_PARAMETERS names an Ignition parameters file.
// HEARTH_DEPLOYMENT_ID gives Ignition its own journal folder (ignition/deployments/<id>) and HEARTH_DEPLOYMENT_FILE
// another output file, so a test can deploy to its own chain 31337 while the devnet uses the default ones.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import DevnetModule from "../ignition/modules/Devnet.ts";
import HearthModule from "../ignition/modules/Hearth.ts";

const root = path.resolve(import.meta.dirname, "..");
const { ignition, viem } = await network.connect();
const publicClient = await viem.getPublicClient();
const chainId = await publicClient.getChainId();
const startBlock = await publicClient.getBlockNumber();

const parametersFile = process.env.HEARTH_PARAMETERS;
const parameters = parametersFile ? JSON.parse(readFileSync(path.resolve(root, parametersFile), "utf8")) : {};
const devnet = process.env.HEARTH_MODULE === "devnet";
const deploymentId = process.env.HEARTH_DEPLOYMENT_ID;
const deployed = devnet
  ? await ignition.deploy(DevnetModule, { parameters, ...(deploymentId ? { deploymentId } : {}) })
  : await ignition.deploy(HearthModule, { parameters, ...(deploymentId ? { deploymentId } : {}) });

const contracts: Record<string, string> = {
  token: deployed.token.address,
  staking: deployed.staking.address,
  market: deployed.market.address,
  court: deployed.court.address,
  rewards: deployed.rewards.address,
};
if ("stablecoin" in deployed) contracts.stablecoin = (deployed.stablecoin as { address: string }).address;

const deployment = { chainId, startBlock: Number(startBlock), contracts };
const outFile = process.env.HEARTH_DEPLOYMENT_FILE
  ? path.resolve(process.env.HEARTH_DEPLOYMENT_FILE)
  : path.join(root, "sdk", "deployments", `${chainId}.json`);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(deployment, null, 2) + "\n");
console.log(JSON.stringify({ deployment: outFile, ...deployment }));
