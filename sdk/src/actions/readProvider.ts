import type { Address } from "viem";
import { jobMarketAbi, providerStakingAbi } from "../generated/abis.ts";
import type { HearthContext } from "../chain/createHearthContext.ts";

export type ProviderInfo = {
  address: Address;
  registered: boolean;
  metadataCid: string;
  carbonIntensity: number;
  bonded: bigint;
  locked: bigint;
  free: bigint;
  unbonding: bigint;
  unbondingEnd: bigint;
  jailedUntil: bigint;
  verifier: boolean;
  openDisputes: number;
  stats: { completed: number; expired: number; released: number; disputesLost: number; disputesWon: number; gpuSeconds: bigint; earnedPoints: bigint };
};

/** A provider's stake, standing, metadata CID and on-chain reputation counters. */
export async function readProvider(context: HearthContext, address: Address): Promise<ProviderInfo> {
  const { publicClient, deployment } = context;
  const [p, metadataCid, stats] = await Promise.all([
    publicClient.readContract({ address: deployment.contracts.staking, abi: providerStakingAbi, functionName: "getProvider", args: [address] }),
    publicClient.readContract({ address: deployment.contracts.staking, abi: providerStakingAbi, functionName: "metadataCid", args: [address] }),
    publicClient.readContract({ address: deployment.contracts.market, abi: jobMarketAbi, functionName: "providerStats", args: [address] }),
  ]);
  return {
    address,
    registered: p.registered,
    metadataCid,
    carbonIntensity: p.carbonIntensity,
    bonded: p.bonded,
    locked: p.locked,
    free: p.bonded - p.locked,
    unbonding: p.unbonding,
    unbondingEnd: p.unbondingEnd,
    jailedUntil: p.jailedUntil,
    verifier: p.verifier,
    openDisputes: p.openDisputes,
    stats: {
      completed: stats.completed,
      expired: stats.expired,
      released: stats.released,
      disputesLost: stats.disputesLost,
      disputesWon: stats.disputesWon,
      gpuSeconds: stats.gpuSeconds,
      earnedPoints: stats.earnedPoints,
    },
  };
}
