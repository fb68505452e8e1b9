import type { Address } from "viem";
import { getJob, HearthJobNotFoundError, type HearthJob } from "@hearth/sdk/actions/getJob";
import { getJobAttestation } from "@hearth/sdk/actions/getJobEvents";
import { readProvider, type ProviderInfo } from "@hearth/sdk/actions/readProvider";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { jobMarketAbi, providerStakingAbi, rewardsDistributorAbi } from "@hearth/sdk/generated/abis";

/** The chain reads the provider node makes, behind one narrow interface (tests pass a double). */
export type ProviderChain = {
  /** The job, or undefined when the chain has no such job (a reorg removed it). */
  getJob(jobId: bigint): Promise<HearthJob | undefined>;
  /** staking.isEligible for this provider. */
  isEligible(requiredStake: bigint, maxCarbon: number): Promise<boolean>;
  /** The latest block's timestamp, seconds: the clock deadlines and windows are measured by. */
  now(): Promise<bigint>;
  challengeWindow(): Promise<bigint>;
  protocolFeeBps(): Promise<number>;
  /** What JobFinalized credited the provider, or undefined when not finalized. */
  finalizedPayout(jobId: bigint): Promise<bigint | undefined>;
  /** Whether the chain holds an attestation for the job. */
  hasAttestation(jobId: bigint): Promise<boolean>;
  owed(token: Address): Promise<bigint>;
  readProvider(): Promise<ProviderInfo>;
  minStake(): Promise<bigint>;
  currentEpoch(): Promise<bigint>;
};

export function createProviderChain(context: HearthContext, provider: Address): ProviderChain {
  const { publicClient, deployment } = context;
  const market = deployment.contracts.market;
  return {
    async getJob(jobId) {
      try {
        return await getJob(context, jobId);
      } catch (error) {
        if (error instanceof HearthJobNotFoundError) return undefined;
        throw error;
      }
    },
    isEligible(requiredStake, maxCarbon) {
      return publicClient.readContract({
        address: deployment.contracts.staking,
        abi: providerStakingAbi,
        functionName: "isEligible",
        args: [provider, requiredStake, maxCarbon],
      });
    },
    async now() {
      return (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
    },
    async challengeWindow() {
      return BigInt(await publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "challengeWindow" }));
    },
    async protocolFeeBps() {
      const parameters = await publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "parameters" });
      return parameters.protocolFeeBps;
    },
    async finalizedPayout(jobId) {
      const logs = await publicClient.getContractEvents({
        address: market,
        abi: jobMarketAbi,
        eventName: "JobFinalized",
        args: { jobId },
        fromBlock: BigInt(deployment.startBlock),
        strict: true,
      });
      return logs[0]?.args.providerPayout;
    },
    async hasAttestation(jobId) {
      return (await getJobAttestation(context, jobId)) !== undefined;
    },
    owed(token) {
      return publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "owed", args: [token, provider] });
    },
    readProvider() {
      return readProvider(context, provider);
    },
    minStake() {
      return publicClient.readContract({ address: deployment.contracts.staking, abi: providerStakingAbi, functionName: "minStake" });
    },
    currentEpoch() {
      return publicClient.readContract({ address: deployment.contracts.rewards, abi: rewardsDistributorAbi, functionName: "currentEpoch" });
    },
  };
}
