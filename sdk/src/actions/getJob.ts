import type { Address } from "viem";
import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { type JobStatus, jobStatusName } from "../chain/jobStatus.ts";
import { BaseError } from "../errors/BaseError.ts";

export class HearthJobNotFoundError extends BaseError {
  override name = "HearthJobNotFoundError";
}

export type HearthJob = {
  id: bigint;
  status: JobStatus;
  requester: Address;
  /** The market's provider field: the provider who claimed the job, or, while unclaimed, the one it is reserved for. */
  provider: Address | undefined;
  /** The provider who claimed it (the market resets `claimedAt` when a claim is given back). */
  claimedBy: Address | undefined;
  /** The provider an unclaimed job is reserved for, if the requester named one. */
  reservedFor: Address | undefined;
  token: Address;
  price: bigint;
  deadline: bigint;
  maxCarbon: number;
  requiredStake: bigint;
  collateral: bigint;
  claimedAt: bigint;
  submittedAt: bigint;
  verified: boolean;
  randomnessBlock: bigint;
};

const ZERO = "0x0000000000000000000000000000000000000000";

/** Reads a job from the market. Throws `HearthJobNotFoundError` for an id that was never created. */
export async function getJob(context: HearthContext, jobId: bigint): Promise<HearthJob> {
  const job = await context.publicClient.readContract({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "getJob",
    args: [jobId],
  });
  const status = jobStatusName(job.status);
  if (status === "none") {
    throw new HearthJobNotFoundError(`There is no job ${jobId} on chain ${context.deployment.chainId}.`, {
      metaMessages: ["Check the job id and the network."],
    });
  }
  return {
    id: jobId,
    status,
    requester: job.requester,
    provider: job.provider === ZERO ? undefined : job.provider,
    claimedBy: job.claimedAt !== 0 && job.provider !== ZERO ? job.provider : undefined,
    reservedFor: job.claimedAt === 0 && job.provider !== ZERO ? job.provider : undefined,
    token: job.token,
    price: job.price,
    deadline: BigInt(job.deadline),
    maxCarbon: job.maxCarbon,
    requiredStake: job.requiredStake,
    collateral: job.collateral,
    claimedAt: BigInt(job.claimedAt),
    submittedAt: BigInt(job.submittedAt),
    verified: job.verified,
    randomnessBlock: job.randomnessBlock,
  };
}
