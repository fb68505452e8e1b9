import {
  disputeCourtAbi,
  hearthTokenAbi,
  jobMarketAbi,
  providerStakingAbi,
  rewardsDistributorAbi,
} from "../generated/abis.ts";

/** Every custom error of every Hearth contract, so a revert from any of them decodes wherever it surfaces. */
export const hearthErrorsAbi = [
  ...jobMarketAbi,
  ...providerStakingAbi,
  ...disputeCourtAbi,
  ...rewardsDistributorAbi,
  ...hearthTokenAbi,
].filter((item) => item.type === "error");
