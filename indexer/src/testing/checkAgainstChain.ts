import { type Address, erc20Abi, type Hex } from "viem";
import {
  disputeCourtAbi,
  hearthTokenAbi,
  jobMarketAbi,
  providerStakingAbi,
  rewardsDistributorAbi,
} from "@hearth/sdk/generated/abis";
import { jobStatusName } from "@hearth/sdk/chain/jobStatus";
import { formatRatio } from "../derive/units.ts";
import type { HistoryDriver } from "./createHistoryDriver.ts";

type Json = Record<string, any>;

const outcomes = ["none", "providerAtFault", "challengerWrong", "inconclusive"];
const GENESIS_SUPPLY = 1_000_000_000n * 10n ** 18n;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** GETs a JSON document from the indexer, failing on anything but 200. */
export async function getJson(url: string): Promise<Json> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as Json;
}

/**
 * Compares everything the indexer serves with what the contracts say at the indexer's head block (so time-based
 * values agree too): every provider, every job and dispute, every epoch and reward, and the network totals.
 * Returns the differences (empty when all agree).
 */
export async function checkAgainstChain(d: HistoryDriver, apiUrl: string, accounts: Address[]): Promise<string[]> {
  const diffs: string[] = [];
  const expect = (what: string, indexed: unknown, chain: unknown) => {
    if (String(indexed) !== String(chain)) diffs.push(`${what}: indexer ${String(indexed)}, chain ${String(chain)}`);
  };
  const { contracts } = d.deployment;
  const stats = await getJson(`${apiUrl}/v1/stats`);
  const blockNumber = BigInt(stats.block.number);
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    d.publicClient.readContract({ address, abi: abi as never, functionName: functionName as never, args: args as never, blockNumber }) as Promise<T>;

  // Claims per provider, from the chain's logs (the market keeps no such counter; a released job is claimed again).
  const claims = await d.publicClient.getContractEvents({
    address: contracts.market,
    abi: jobMarketAbi,
    eventName: "JobClaimed",
    fromBlock: BigInt(d.deployment.startBlock),
    toBlock: blockNumber,
    strict: true,
  });
  const claimsBy = new Map<string, number>();
  for (const log of claims) claimsBy.set(log.args.provider.toLowerCase(), (claimsBy.get(log.args.provider.toLowerCase()) ?? 0) + 1);

  // Providers.
  let bondedSum = 0n;
  let lockedSum = 0n;
  let unbondingSum = 0n;
  let gpuSum = 0n;
  let registered = 0;
  const providerJsons = new Map<string, Json>();
  for (const address of accounts) {
    const chain = await read<Json>(contracts.staking, providerStakingAbi, "getProvider", [address]);
    const statsOnChain = await read<Json>(contracts.market, jobMarketAbi, "providerStats", [address]);
    if (!chain.registered) continue;
    registered++;
    bondedSum += chain.bonded;
    lockedSum += chain.locked;
    unbondingSum += chain.unbonding;
    gpuSum += statsOnChain.gpuSeconds;
    const p = await getJson(`${apiUrl}/v1/providers/${address}`);
    providerJsons.set(address.toLowerCase(), p);
    const at = `provider ${address}`;
    expect(`${at} bonded`, p.stake.bonded, chain.bonded);
    expect(`${at} locked`, p.stake.locked, chain.locked);
    expect(`${at} unbonding`, p.stake.unbonding, chain.unbonding);
    expect(`${at} free`, p.stake.free, await read(contracts.staking, providerStakingAbi, "freeStake", [address]));
    expect(`${at} unbondingEnd`, p.stake.unbondingEnd ?? 0, chain.unbondingEnd);
    expect(`${at} jailedUntil`, p.jailedUntil ?? 0, chain.jailedUntil);
    expect(`${at} carbonIntensity`, p.carbonIntensity, chain.carbonIntensity);
    expect(`${at} verifier`, p.verifier, chain.verifier);
    expect(`${at} openDisputes`, p.openDisputes, chain.openDisputes);
    expect(`${at} metadataCid`, p.metadataCid, await read(contracts.staking, providerStakingAbi, "metadataCid", [address]));
    expect(`${at} claimed`, p.jobs.claimed, claimsBy.get(address.toLowerCase()) ?? 0);
    expect(`${at} completed`, p.jobs.completed, statsOnChain.completed);
    expect(`${at} expired`, p.jobs.expired, statsOnChain.expired);
    expect(`${at} released`, p.jobs.released, statsOnChain.released);
    expect(`${at} disputesLost`, p.jobs.disputesLost, statsOnChain.disputesLost);
    expect(`${at} disputesWon`, p.jobs.disputesWon, statsOnChain.disputesWon);
    expect(`${at} gpuSeconds`, p.gpuSeconds, statsOnChain.gpuSeconds);
    expect(`${at} earnedPoints`, p.earnedPoints, statsOnChain.earnedPoints);
  }

  // Jobs and disputes.
  const jobCount = await read<bigint>(contracts.market, jobMarketAbi, "jobCount");
  const byStatus: Record<string, number> = {};
  const fees = new Map<string, bigint>();
  const parameters = await read<Json>(contracts.market, jobMarketAbi, "parameters");
  // Attested GPU time (ms) of finalized jobs, from the attestations' events: network and per-provider totals.
  const attestations = await d.publicClient.getContractEvents({
    address: contracts.market,
    abi: jobMarketAbi,
    eventName: "AttestationSubmitted",
    fromBlock: BigInt(d.deployment.startBlock),
    toBlock: blockNumber,
    strict: true,
  });
  const attestedMs = new Map(attestations.map((log) => [log.args.jobId, { ms: log.args.gpuTimeMs, provider: log.args.provider.toLowerCase() }]));
  let gpuTimeMsSum = 0n;
  const gpuTimeMsByProvider = new Map<string, bigint>();
  for (let id = 1n; id <= jobCount; id++) {
    const chain = await read<Json>(contracts.market, jobMarketAbi, "getJob", [id]);
    const status = jobStatusName(Number(chain.status));
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const j = await getJson(`${apiUrl}/v1/jobs/${id}`);
    const at = `job ${id}`;
    expect(`${at} status`, j.status, status);
    expect(`${at} requester`, j.requester, chain.requester.toLowerCase());
    expect(`${at} token`, j.token, chain.token.toLowerCase());
    expect(`${at} price`, j.price, chain.price);
    expect(`${at} deadline`, j.deadline, chain.deadline);
    expect(`${at} maxCarbon`, j.maxCarbon, chain.maxCarbon);
    expect(`${at} verified`, j.verification.verified, chain.verified);
    if (status === "open") {
      // Never claimed, or released: no claim, and the market keeps only a target provider.
      expect(`${at} open claim`, j.claimed, null);
      expect(`${at} open provider`, j.targetProvider ?? ZERO_ADDRESS, chain.provider.toLowerCase());
    }
    if (status !== "open" && status !== "cancelled" && !(status === "expired" && j.claimed === null)) {
      expect(`${at} provider`, j.provider, chain.provider.toLowerCase());
      expect(`${at} claimedAt`, j.claimed?.timestamp, chain.claimedAt);
      expect(`${at} collateral`, j.claimed?.collateral, chain.collateral);
    }
    if (chain.submittedAt > 0) {
      expect(`${at} submittedAt`, j.submitted?.timestamp, chain.submittedAt);
      expect(`${at} randomnessBlock`, j.submitted?.randomnessBlock, chain.randomnessBlock);
      expect(`${at} gpuSeconds`, BigInt(j.attestation.gpuTimeMs) / 1000n, chain.gpuSeconds);
    }
    if (status === "finalized") {
      const fee = (chain.price * BigInt(parameters.protocolFeeBps)) / 10_000n;
      expect(`${at} fees`, BigInt(j.finalized.protocolFee) + BigInt(j.finalized.verifierFee), fee);
      expect(`${at} payout`, j.finalized.providerPayout, chain.price - fee);
      fees.set(j.token, (fees.get(j.token) ?? 0n) + fee);
      const attested = attestedMs.get(id);
      if (attested) {
        gpuTimeMsSum += attested.ms;
        gpuTimeMsByProvider.set(attested.provider, (gpuTimeMsByProvider.get(attested.provider) ?? 0n) + attested.ms);
      }
    }
    expect(`${at} sampledVerifier`, j.verification.sampledVerifier ?? ZERO_ADDRESS, (await read<Hex>(contracts.court, disputeCourtAbi, "sampledVerifier", [id])).toLowerCase());
    const dispute = await read<Json>(contracts.court, disputeCourtAbi, "getDispute", [id]);
    if (dispute.status === 0) {
      expect(`${at} dispute`, j.dispute, null);
      continue;
    }
    expect(`${at} challenger`, j.dispute?.challenger, dispute.challenger.toLowerCase());
    expect(`${at} bond`, j.dispute?.bond, dispute.bond);
    expect(`${at} drawBlock`, j.dispute?.drawBlock, dispute.drawBlock);
    expect(`${at} outcome`, j.dispute?.outcome ?? "none", outcomes[dispute.outcome]);
    if (dispute.outcome !== 0) {
      expect(`${at} faultVotes`, j.dispute?.faultVotes, dispute.faultVotes);
      expect(`${at} correctVotes`, j.dispute?.correctVotes, dispute.correctVotes);
    }
    const committee = await read<Address[]>(contracts.court, disputeCourtAbi, "committee", [id]);
    expect(`${at} committee`, (j.dispute?.committee ?? []).join(","), committee.map((m) => m.toLowerCase()).join(","));
    expect(`${at} votes`, j.votes.filter((v: Json) => v.revealedAt !== null).length, dispute.faultVotes + dispute.correctVotes);
  }

  // Rewards.
  const currentEpoch = await read<bigint>(contracts.rewards, rewardsDistributorAbi, "currentEpoch");
  const epochs = await getJson(`${apiUrl}/v1/rewards/epochs?limit=100`);
  expect("current epoch", epochs.schedule?.currentEpoch, currentEpoch);
  for (const e of epochs.items as Json[]) {
    expect(`epoch ${e.epoch} emission`, e.emission, await read(contracts.rewards, rewardsDistributorAbi, "emissionForEpoch", [BigInt(e.epoch)]));
    expect(`epoch ${e.epoch} points`, e.points, await read(contracts.rewards, rewardsDistributorAbi, "epochPoints", [BigInt(e.epoch)]));
    for (const share of e.split as Json[]) {
      expect(`epoch ${e.epoch} ${share.provider} points`, share.points, await read(contracts.rewards, rewardsDistributorAbi, "providerPoints", [BigInt(e.epoch), share.provider]));
    }
  }
  for (const address of accounts) {
    let claimable = 0n;
    for (let epoch = 0n; epoch <= currentEpoch; epoch++) {
      claimable += await read<bigint>(contracts.rewards, rewardsDistributorAbi, "claimable", [epoch, address]);
    }
    const r = await fetch(`${apiUrl}/v1/rewards/${address}`);
    if (r.status === 404) {
      expect(`rewards ${address} claimable`, 0n, claimable);
      continue;
    }
    const rewards = (await r.json()) as Json;
    expect(`rewards ${address} claimable`, rewards.claimable, claimable);
    for (const item of rewards.epochs as Json[]) {
      const epoch = BigInt(item.epoch);
      const at = `reward ${address} epoch ${epoch}`;
      expect(`${at} points`, item.points, await read(contracts.rewards, rewardsDistributorAbi, "providerPoints", [epoch, address]));
      expect(`${at} claimed`, item.claimed !== null, await read(contracts.rewards, rewardsDistributorAbi, "isClaimed", [epoch, address]));
      expect(`${at} forfeited`, item.forfeited, await read(contracts.rewards, rewardsDistributorAbi, "isForfeited", [epoch, address]));
    }
  }

  // Network totals.
  expect("providers", stats.providers, registered);
  expect("totalStake", stats.totalStake, bondedSum);
  expect("locked", stats.stake.locked, lockedSum);
  expect("unbonding", stats.stake.unbonding, unbondingSum);
  expect(
    "stake held by the staking contract",
    BigInt(stats.stake.bonded) + BigInt(stats.stake.unbonding),
    await read(contracts.token, erc20Abi, "balanceOf", [contracts.staking]),
  );
  expect("minStake", stats.stake.minStake, await read(contracts.staking, providerStakingAbi, "minStake"));
  expect("jobs total", stats.jobs.total, jobCount);
  for (const status of ["open", "assigned", "submitted", "disputed", "finalized", "cancelled", "expired", "rejected"]) {
    expect(`jobs ${status}`, stats.jobs[status], byStatus[status] ?? 0);
  }
  expect("gpuSeconds", stats.gpuSeconds, gpuSum);
  expect("gpuTimeMs", stats.gpuTimeMs, gpuTimeMsSum);
  expect("gpuHours", stats.gpuHours, formatRatio(gpuTimeMsSum, 3_600_000n, 9));
  for (const [address, ms] of gpuTimeMsByProvider) {
    const p = providerJsons.get(address);
    expect(`provider ${address} gpuTimeMs`, p?.gpuTimeMs, ms);
    expect(`provider ${address} gpuHours`, p?.gpuHours, formatRatio(ms, 3_600_000n, 9));
  }
  const supply = await read<bigint>(contracts.token, hearthTokenAbi, "totalSupply");
  expect("hrthSupply", stats.hrthSupply, supply);
  expect("emissions", stats.emissions, supply - GENESIS_SUPPLY);
  for (const token of stats.fees.byToken as Json[]) expect(`fees ${token.symbol}`, token.fees, fees.get(token.token) ?? 0n);

  // Every event, once: the indexer's count against the chain's logs of the five contracts.
  const logs = await d.publicClient.getLogs({
    address: [contracts.token, contracts.staking, contracts.market, contracts.court, contracts.rewards],
    fromBlock: BigInt(d.deployment.startBlock),
    toBlock: blockNumber,
  });
  expect("events", stats.events, logs.length);
  return diffs;
}
