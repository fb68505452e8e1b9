import { type Address, type Hash, maxUint256, parseEventLogs, parseSignature } from "viem";
import { erc20Abi } from "viem";
import { hearthTokenAbi, jobMarketAbi } from "../generated/abis.ts";
import { assertNetwork } from "../chain/assertNetwork.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";
import { type PaymentToken, resolvePaymentToken } from "../chain/resolvePaymentToken.ts";
import { HearthNoWalletError, writeHearthContract } from "../chain/writeHearthContract.ts";
import { BaseError } from "../errors/BaseError.ts";
import { HearthContractError } from "../errors/HearthContractError.ts";
import { parseJobSpec, type JobSpec } from "../spec/jobSpec.ts";
import { checkSpecInputs } from "./checkSpecInputs.ts";

export type CreateJobParameters = {
  /** The job spec (validated, then stored on IPFS) or the CID of one already there. */
  spec: unknown;
  token: PaymentToken;
  /** Amount in the token's smallest unit. */
  price: bigint;
  /** Unix seconds; default: now + `ttlSeconds`. */
  deadline?: bigint | undefined;
  /** Seconds from now to the deadline when `deadline` is not given (default 600). */
  ttlSeconds?: number | undefined;
  provider?: Address | undefined;
  /** Maximum carbon intensity of the provider, gCO2/kWh (0 or absent: no cap). */
  maxCarbon?: number | undefined;
  requiredStake?: bigint | undefined;
  /** `permit` signs an EIP-2612 permit (one transaction); `approve` sends an approval first. */
  payWith?: "permit" | "approve" | undefined;
  onProgress?: ((stage: "uploaded" | "created", detail: Record<string, unknown>) => void) | undefined;
  /** Called with the spec's CID once stored, to make it durable (e.g. pin it at a pinning service). */
  publish?: ((cid: string) => Promise<void>) | undefined;
};

export type CreateJobReturnType = {
  jobId: bigint;
  specCid: string;
  token: Address;
  hash: Hash;
  gasUsed: bigint;
};

export class HearthInsufficientBalanceError extends BaseError {
  override name = "HearthInsufficientBalanceError";
}

export class HearthMissingIpfsError extends BaseError {
  override name = "HearthMissingIpfsError";
}

/**
 * Creates a paid job: validates the spec, checks its inputs are retrievable, stores the spec on IPFS,
 * escrows the payment with a permit (or approve) and creates the job. Nothing is spent when any step
 * before the creation fails.
 */
export async function createJob(context: HearthContext, parameters: CreateJobParameters): Promise<CreateJobReturnType> {
  const { publicClient, walletClient, deployment } = context;
  if (!walletClient) throw new HearthNoWalletError();
  await assertNetwork(context);
  const token = resolvePaymentToken(deployment, parameters.token);

  let specCid: string;
  if (typeof parameters.spec === "string") {
    specCid = parameters.spec;
  } else {
    const spec: JobSpec = parseJobSpec(parameters.spec);
    if (!context.ipfs) {
      throw new HearthMissingIpfsError("Creating a job from a spec needs an IPFS node to store it.");
    }
    await checkSpecInputs(context.ipfs, spec);
    specCid = await context.ipfs.add(JSON.stringify(spec), { pin: true });
    await parameters.publish?.(specCid);
  }
  parameters.onProgress?.("uploaded", { specCid });

  const now = (await publicClient.getBlock()).timestamp;
  const deadline = parameters.deadline ?? now + BigInt(parameters.ttlSeconds ?? 600);
  const request = {
    specCid,
    token,
    price: parameters.price,
    deadline: Number(deadline),
    requiredStake: parameters.requiredStake ?? 0n,
    provider: parameters.provider ?? "0x0000000000000000000000000000000000000000",
    maxCarbon: parameters.maxCarbon ?? 0,
  } as const;

  const market = deployment.contracts.market;
  const balance = await publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [walletClient.account.address],
  });
  if (balance < parameters.price) {
    throw new HearthInsufficientBalanceError(
      `The payment is ${parameters.price} but ${walletClient.account.address} holds only ${balance} of token ${token}.`,
      { metaMessages: ["Lower --pay, pay with the other token, or fund the account."] },
    );
  }
  let write: Awaited<ReturnType<typeof writeHearthContract>> | undefined;
  if ((parameters.payWith ?? "permit") === "permit") {
    const owner = walletClient.account.address;
    const name = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "name" });
    // Another transaction from the same account can use the permit nonce between signing and inclusion: sign
    // again with the new nonce (the failed permit cost nothing: the call is simulated first).
    for (let attempt = 1; ; attempt++) {
      const nonce = await publicClient.readContract({ address: token, abi: hearthTokenAbi, functionName: "nonces", args: [owner] });
      const permitDeadline = now + 3600n;
      const signature = await walletClient.signTypedData({
        account: walletClient.account,
        domain: { name, version: "1", chainId: deployment.chainId, verifyingContract: token },
        types: permitTypes,
        primaryType: "Permit",
        message: { owner, spender: market, value: parameters.price, nonce, deadline: permitDeadline },
      });
      const { r, s, v, yParity } = parseSignature(signature);
      try {
        write = await writeHearthContract(context, {
          address: market,
          abi: jobMarketAbi,
          functionName: "createJobWithPermit",
          args: [request, permitDeadline, Number(v ?? BigInt(yParity + 27)), r, s],
        });
        break;
      } catch (error) {
        const raced = error instanceof HearthContractError && error.errorName === "ERC20InsufficientAllowance";
        if (!raced || attempt >= 3) throw error;
      }
    }
  } else {
    const allowance = await publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [walletClient.account.address, market],
    });
    if (allowance < parameters.price) {
      await writeHearthContract(context, { address: token, abi: erc20Abi, functionName: "approve", args: [market, maxUint256] });
    }
    write = await writeHearthContract(context, {
      address: market,
      abi: jobMarketAbi,
      functionName: "createJob",
      args: [request],
    });
  }
  if (!write) throw new BaseError("The job was not created.");
  const [created] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobCreated", logs: write.receipt.logs });
  if (!created) throw new BaseError(`Transaction ${write.hash} created no job.`);
  parameters.onProgress?.("created", { jobId: created.args.jobId, hash: write.hash });
  return { jobId: created.args.jobId, specCid, token, hash: write.hash, gasUsed: write.receipt.gasUsed };
}

const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;
