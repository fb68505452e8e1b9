import type { Account, Address, Hex } from "viem";
import { providerStakingAbi, rewardsDistributorAbi } from "@hearth/sdk/generated/abis";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import type { HistoryDriver } from "./createHistoryDriver.ts";

const HRTH = 10n ** 18n;
const USD = 10n ** 6n;

export type ScriptedHistory = {
  providers: Address[];
  requesters: Address[];
  challenger: Address;
  /** Job ids by the state the script leaves them in. */
  jobs: Record<
    | "finalized"
    | "finalizedUsd"
    | "finalizedBatch"
    | "releasedThenFinalized"
    | "cancelled"
    | "expiredOpen"
    | "expiredAssigned"
    | "rejected"
    | "disputeWon"
    | "open"
    | "assigned"
    | "submitted"
    | "disputed",
    bigint
  >;
  /** Metadata documents by CID, for a test gateway. */
  metadata: Map<string, Uint8Array>;
  /** The provider whose reward stays unclaimed. */
  unclaimedRewardsOf: Address;
};

/** A provider's metadata document, as the CLI writes it. */
export function metadataDocument(name: string, carbonIntensity: number, energySource: string): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      version: 1,
      name,
      gpu: { vendor: "google", architecture: "swiftshader", device: "", description: "SwiftShader", isSoftware: true, maxBufferSize: 268435456, maxStorageBufferBindingSize: 134217728, features: [] },
      backend: "webgpu (dawn, vulkan: swiftshader)",
      region: "eu-south",
      price: { HRTH: "0.2", USD: "0.02" },
      energySource,
      carbonIntensity,
      declaredPowerWatts: 250,
      endpoint: null,
    }),
  );
}

/**
 * A history that exercises every event and every end state: stakes, jobs finalized (HRTH, stablecoin, a
 * batch), cancelled, expired open and assigned, one released by its provider (slashed for the time it held it) and
 * finalized by another, a dispute the provider loses and one the challenger loses
 * (with a member that never reveals), sampling and a passed verification, epochs with claims and a forfeit,
 * unstaking and a withdrawal, a metadata update; then jobs left open, assigned, submitted and disputed.
 * Needs the test parameters (indexer/src/testing/testParameters.json: every job can be sampled).
 */
export async function scriptHistory(d: HistoryDriver): Promise<ScriptedHistory> {
  const { contracts } = d.deployment;
  const p = [1, 2, 3, 4, 5, 6].map((i) => d.account(i)) as unknown as [Account, Account, Account, Account, Account, Account];
  const [p1, p2, p3, p4, p5, p6] = p;
  const requester = d.account(7);
  const requester2 = d.account(8);
  const challenger = d.account(9);
  const relayer = d.account(10);
  const byAddress = new Map<string, Account>(p.map((a) => [a.address.toLowerCase(), a]));
  const member = (address: Address) => byAddress.get(address.toLowerCase())!;
  const metadata = new Map<string, Uint8Array>();

  for (const a of p) await d.fundHrth(a.address, 5_000n * HRTH);
  for (const a of [requester, requester2]) {
    await d.fundHrth(a.address, 10_000n * HRTH);
    await d.fundUsd(a.address, 1_000n * USD);
    await d.approve(a, contracts.token, contracts.market);
    await d.approve(a, contracts.stablecoin!, contracts.market);
  }
  await d.fundHrth(challenger.address, 1_000n * HRTH);

  const carbon = [40, 24, 420, 300, 0, 650];
  const sources = ["solar", "hydro", "grid", "gas", "nuclear", "coal"];
  const stakes = [2_000n, 1_500n, 1_000n, 1_200n, 800n, 500n];
  for (const [i, a] of p.entries()) {
    const document = metadataDocument(`provider-${i + 1}`, carbon[i]!, sources[i]!);
    const cid = await computeCid(document);
    metadata.set(cid, document);
    await d.registerProvider(a, cid, carbon[i]!, stakes[i]! * HRTH);
  }
  for (const a of [p1, p2, p3, p4, p5]) await d.setVerifier(a, true);

  // Jobs that end this round.
  const hrth = contracts.token;
  const usd = contracts.stablecoin!;
  const finalized = await d.createJob(requester, { token: hrth, price: 10n * HRTH });
  const finalizedUsd = await d.createJob(requester2, { token: usd, price: 5n * USD });
  const finalizedBatch = await d.createJob(requester2, { token: hrth, price: 4n * HRTH });
  const cancelled = await d.createJob(requester, { token: hrth, price: 1n * HRTH });
  const expiredOpen = await d.createJob(requester, { token: usd, price: 2n * USD, ttl: 30 });
  const expiredAssigned = await d.createJob(requester, { token: hrth, price: 3n * HRTH, ttl: 30 });
  const rejected = await d.createJob(requester, { token: hrth, price: 20n * HRTH });
  const disputeWon = await d.createJob(requester2, { token: hrth, price: 8n * HRTH, provider: p5.address });
  const releasedThenFinalized = await d.createJob(requester, { token: hrth, price: 5n * HRTH });

  await d.claim(p1, finalized);
  await d.claim(p2, finalizedUsd);
  await d.claim(p2, finalizedBatch);
  await d.claim(p3, expiredAssigned);
  await d.claim(p4, rejected);
  await d.claim(p5, disputeWon);
  await d.claim(p6, releasedThenFinalized);
  await d.cancel(requester, cancelled);

  await d.attest(p1, [{ provider: p1, jobId: finalized, gpuTimeMs: 12_345n, energyMillijoules: 3_600_000n }]);
  await d.attest(relayer, [
    { provider: p2, jobId: finalizedUsd, gpuTimeMs: 2_500n, energyMillijoules: 900_001n },
    { provider: p2, jobId: finalizedBatch, gpuTimeMs: 7_000n, energyMillijoules: 1_800_000n },
  ]);
  await d.attest(p4, [{ provider: p4, jobId: rejected, gpuTimeMs: 5_000n, energyMillijoules: 1_000_000n }]);
  await d.attest(relayer, [{ provider: p5, jobId: disputeWon, gpuTimeMs: 9_000n, energyMillijoules: 2_000_000n }]);

  // Sampling: the randomness block is two blocks after the attestation.
  await d.mine(3);
  const verifier = await d.drawVerifier(relayer, disputeWon);
  await d.passVerification(member(verifier), disputeWon);

  // Two challenges within the window; committees drawn while every verifier is still eligible.
  await d.challenge(challenger, rejected);
  await d.challenge(challenger, disputeWon);
  await d.mine(3);
  const committeeRejected = await d.drawCommittee(relayer, rejected);
  const committeeWon = await d.drawCommittee(relayer, disputeWon);

  // Everyone finds the first result wrong: the provider loses.
  const salts: Hex[] = [];
  for (const address of committeeRejected) salts.push(await d.commitVote(member(address), rejected, true));
  for (const [i, address] of committeeRejected.entries()) await d.revealVote(member(address), rejected, true, salts[i]!);
  await d.resolve(relayer, rejected);

  // The second result is right; the last member never votes and is penalised.
  const voters = committeeWon.slice(0, -1);
  const saltsWon: Hex[] = [];
  for (const address of voters) saltsWon.push(await d.commitVote(member(address), disputeWon, false));
  await d.increaseTime(21);
  for (const [i, address] of voters.entries()) await d.revealVote(member(address), disputeWon, false, saltsWon[i]!);
  await d.increaseTime(21);
  await d.resolve(relayer, disputeWon);

  // Provider 6 gives its job back after holding it a while (a share of its collateral goes to the requester);
  // provider 5 claims it and delivers.
  await d.release(p6, releasedThenFinalized);
  await d.claim(p5, releasedThenFinalized);
  await d.attest(p5, [{ provider: p5, jobId: releasedThenFinalized, gpuTimeMs: 3_000n, energyMillijoules: 600_000n }]);

  // Past the 30 s deadlines and the 20 s challenge window.
  await d.increaseTime(31);
  await d.expire(relayer, expiredOpen);
  await d.expire(relayer, expiredAssigned);
  await d.finalize(relayer, [finalized]);
  await d.finalize(relayer, [finalizedUsd, finalizedBatch]);
  await d.finalize(relayer, [releasedThenFinalized]);

  // Rewards: every epoch with work is claimed once it is over, except provider 5's.
  await d.increaseTime(61);
  for (const a of [p1, p2, p3, p4]) {
    const epochs = await claimableEpochs(d, a.address);
    if (epochs.length > 0) await d.claimRewards(a, epochs);
  }
  await d.withdrawOwed(p1, hrth);

  // Unstaking: provider 3 leaves entirely, provider 6 starts to.
  const p3Free = await freeStake(d, p3.address);
  await d.requestUnstake(p3, p3Free);
  await d.requestUnstake(p6, 100n * HRTH);
  await d.increaseTime(1_201);
  await d.withdrawStake(p3);
  const updated = metadataDocument("provider-2-renamed", 30, "hydro");
  const updatedCid = await computeCid(updated);
  metadata.set(updatedCid, updated);
  await d.updateMetadata(p2, updatedCid, 30);

  // Jobs left in progress.
  const open = await d.createJob(requester, { token: usd, price: 3n * USD });
  const assigned = await d.createJob(requester, { token: hrth, price: 2n * HRTH });
  await d.claim(p6, assigned);
  const submitted = await d.createJob(requester2, { token: hrth, price: 6n * HRTH });
  await d.claim(p2, submitted);
  await d.attest(p2, [{ provider: p2, jobId: submitted, gpuTimeMs: 1_000n, energyMillijoules: 100_000n }]);
  const disputed = await d.createJob(requester2, { token: hrth, price: 7n * HRTH });
  await d.claim(p1, disputed);
  await d.attest(p1, [{ provider: p1, jobId: disputed, gpuTimeMs: 4_000n, energyMillijoules: 400_000n }]);
  await d.challenge(challenger, disputed);

  return {
    providers: p.map((a) => a.address),
    requesters: [requester.address, requester2.address],
    challenger: challenger.address,
    jobs: {
      finalized,
      finalizedUsd,
      finalizedBatch,
      releasedThenFinalized,
      cancelled,
      expiredOpen,
      expiredAssigned,
      rejected,
      disputeWon,
      open,
      assigned,
      submitted,
      disputed,
    },
    metadata,
    unclaimedRewardsOf: p5.address,
  };
}

async function claimableEpochs(d: HistoryDriver, provider: Address): Promise<bigint[]> {
  const current = await d.currentEpoch();
  const epochs: bigint[] = [];
  for (let epoch = 0n; epoch < current; epoch++) {
    const amount = await d.publicClient.readContract({
      address: d.deployment.contracts.rewards,
      abi: rewardsDistributorAbi,
      functionName: "claimable",
      args: [epoch, provider],
    });
    if (amount > 0n) epochs.push(epoch);
  }
  return epochs;
}

async function freeStake(d: HistoryDriver, provider: Address): Promise<bigint> {
  return d.publicClient.readContract({ address: d.deployment.contracts.staking, abi: providerStakingAbi, functionName: "freeStake", args: [provider] });
}
