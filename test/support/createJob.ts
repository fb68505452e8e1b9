import { zeroAddress, type Address, type Hash } from "viem";
import { HRTH, type Hearth, type Wallet } from "./deployHearth.ts";

/** The fields of `IJobMarket.JobRequest`. */
export interface JobRequest {
  specCid: string;
  token: Address;
  price: bigint;
  /** Unix seconds (a uint40, so viem types it as a number). */
  deadline: number;
  requiredStake: bigint;
  provider: Address;
  maxCarbon: number;
}

/** Default price of a test job: 10 HRTH. */
export const JOB_PRICE = 10n * HRTH;
/** Default time from now to a test job's deadline. */
export const JOB_DURATION = 3_600;

/** A request for a 10 HRTH job due in an hour, open to any provider, with `overrides` applied. */
export async function jobRequest(h: Hearth, overrides: Partial<JobRequest> = {}): Promise<JobRequest> {
  const now = await h.networkHelpers.time.latest();
  return {
    specCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    token: h.token.address,
    price: JOB_PRICE,
    deadline: now + JOB_DURATION,
    requiredStake: 0n,
    provider: zeroAddress,
    maxCarbon: 0,
    ...overrides,
  };
}

export interface CreatedJob {
  jobId: bigint;
  hash: Hash;
  request: JobRequest;
}

/**
 * Approves the escrow and creates a job from `requester`. Pass `approve: false` when the allowance is already
 * in place. Returns the new job's id.
 */
export async function createJob(
  h: Hearth,
  requester: Wallet,
  overrides: Partial<JobRequest> = {},
  { approve = true }: { approve?: boolean } = {},
): Promise<CreatedJob> {
  const request = await jobRequest(h, overrides);
  const account = requester.account;
  if (approve) {
    const erc20 = await h.viem.getContractAt("HearthToken", request.token);
    await erc20.write.approve([h.market.address, request.price], { account });
  }
  const hash = await h.market.write.createJob([request], { account });
  return { jobId: await h.market.read.jobCount(), hash, request };
}
