import type { Hex } from "viem";
import { jobMarketAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";

export type JobAttestation = {
  provider: Hex;
  resultCid: string;
  outputRoot: Hex;
  gpuTimeMs: bigint;
  energyMillijoules: bigint;
  energyEstimated: boolean;
  device: string;
  blockNumber: bigint;
  transactionHash: Hex;
};

export type JobCreation = { specCid: string; blockNumber: bigint; transactionHash: Hex };


/** The job's creation event (its spec CID lives only there). */
export async function getJobCreation(context: HearthContext, jobId: bigint): Promise<JobCreation | undefined> {
  const logs = await context.publicClient.getContractEvents({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    eventName: "JobCreated",
    args: { jobId },
    fromBlock: BigInt(context.deployment.startBlock),
    strict: true,
  });
  const log = logs[0];
  if (!log) return undefined;
  return { specCid: log.args.specCid, blockNumber: log.blockNumber, transactionHash: log.transactionHash };
}

/** The provider's signed attestation for a job, from its event, or undefined before submission. */
export async function getJobAttestation(context: HearthContext, jobId: bigint): Promise<JobAttestation | undefined> {
  const logs = await context.publicClient.getContractEvents({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    eventName: "AttestationSubmitted",
    args: { jobId },
    fromBlock: BigInt(context.deployment.startBlock),
    strict: true,
  });
  const log = logs[0];
  if (!log) return undefined;
  const a = log.args;
  return {
    provider: a.provider,
    resultCid: a.resultCid,
    outputRoot: a.outputRoot,
    gpuTimeMs: a.gpuTimeMs,
    energyMillijoules: a.energyMillijoules,
    energyEstimated: a.energyEstimated,
    device: a.device,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  };
}
