// Ponder configuration: the five Hearth contracts of one deployment, read from the environment (see
// indexer/src/config/readIndexerSettings.ts and indexer/README.md). Contract addresses and start blocks are
// part of Ponder's build id, so a new deployment never resumes an old one's tables.
import { createConfig } from "ponder";
import {
  disputeCourtAbi,
  hearthTokenAbi,
  jobMarketAbi,
  providerStakingAbi,
  rewardsDistributorAbi,
} from "@hearth/sdk/generated/abis";
import { readIndexerSettings } from "../src/config/readIndexerSettings.ts";

const settings = readIndexerSettings(process.env);
const { contracts, startBlock } = settings.deployment;

export default createConfig({
  database:
    settings.database.kind === "postgres"
      ? { kind: "postgres", connectionString: settings.database.connectionString }
      : { kind: "pglite", directory: settings.database.directory },
  chains: {
    hearth: {
      id: settings.deployment.chainId,
      rpc: settings.rpcUrls,
      pollingInterval: settings.pollingIntervalMs,
      disableCache: !settings.rpcCache,
    },
  },
  contracts: {
    HearthToken: { chain: "hearth", abi: hearthTokenAbi, address: contracts.token, startBlock },
    ProviderStaking: { chain: "hearth", abi: providerStakingAbi, address: contracts.staking, startBlock },
    JobMarket: { chain: "hearth", abi: jobMarketAbi, address: contracts.market, startBlock },
    DisputeCourt: { chain: "hearth", abi: disputeCourtAbi, address: contracts.court, startBlock },
    RewardsDistributor: { chain: "hearth", abi: rewardsDistributorAbi, address: contracts.rewards, startBlock },
  },
});
