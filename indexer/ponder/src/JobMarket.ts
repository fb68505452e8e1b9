// JobMarket: the job lifecycle, payouts, fees and the per-provider counters the market keeps (completed,
// expired, released, disputes, GPU time, earned points), plus energy and carbon from attestations.
import { ponder } from "ponder:registry";
import { job, paymentToken, providerEarning } from "ponder:schema";
import type { Hex } from "viem";
import { hrthValue } from "../../src/derive/units.ts";
import {
  bumpProviderDay,
  type Db,
  type NetworkDelta,
  recordEvent,
  type Tally,
  updateProvider,
  withOutcome,
  ZERO_ADDRESS,
} from "./shared.ts";

const C = "JobMarket";
const UINT32_MAX = 4_294_967_295n;

type JobRow = typeof job.$inferSelect;
type JobStatus = "open" | "assigned" | "submitted" | "disputed" | "finalized" | "cancelled" | "expired" | "rejected";

const statusCounter = {
  open: "jobsOpen",
  assigned: "jobsAssigned",
  submitted: "jobsSubmitted",
  disputed: "jobsDisputed",
  finalized: "jobsFinalized",
  cancelled: "jobsCancelled",
  expired: "jobsExpired",
  rejected: "jobsRejected",
} as const satisfies Record<JobStatus, keyof NetworkDelta>;

/** The job fields handlers use, read once (Ponder rows are copy-on-write proxies and change in place). */
type JobView = Pick<
  JobRow,
  "id" | "status" | "requester" | "provider" | "targetProvider" | "releases" | "token" | "price" | "deadline" | "claimedAt" | "gpuTimeMs" | "energyMj" | "carbonIntensity"
>;

async function getJob(db: Db, id: bigint): Promise<JobView> {
  const row = await db.find(job, { id });
  // The market emits nothing about a job before JobCreated, so a missing row means the index is corrupt.
  if (!row) throw new Error(`Job ${id} has an event but was never created.`);
  return {
    id: row.id,
    status: row.status,
    requester: row.requester,
    provider: row.provider,
    targetProvider: row.targetProvider,
    releases: row.releases,
    token: row.token,
    price: row.price,
    deadline: row.deadline,
    claimedAt: row.claimedAt,
    gpuTimeMs: row.gpuTimeMs,
    energyMj: row.energyMj,
    carbonIntensity: row.carbonIntensity,
  };
}

/** Moves a job to `status` and keeps the network's per-state counts in step. */
async function setJob(tally: Tally, row: JobView, change: Partial<JobRow> & { status?: JobStatus }): Promise<void> {
  await tally.db.update(job, { id: row.id }).set(change);
  if (change.status && change.status !== row.status) {
    tally.network({ [statusCounter[row.status as JobStatus]]: -1 });
    tally.network({ [statusCounter[change.status]]: 1 });
  }
}

async function getToken(db: Db, address: Hex) {
  const row = await db.find(paymentToken, { address: address.toLowerCase() as Hex });
  if (!row) throw new Error(`Payment token ${address} was never configured.`);
  const { hrthPerUnitWad, volume, fees, payouts } = row;
  return { address: row.address, hrthPerUnitWad, volume, fees, payouts };
}

ponder.on("JobMarket:JobCreated", async ({ event, context }) => {
  const a = event.args;
  const tally = await recordEvent(context.db, event, C, "JobCreated", { jobId: a.jobId, account: a.requester });
  const target = a.provider === ZERO_ADDRESS ? null : (a.provider.toLowerCase() as Hex);
  await context.db.insert(job).values({
    id: a.jobId,
    status: "open",
    requester: a.requester.toLowerCase() as Hex,
    provider: target,
    targetProvider: target,
    releases: 0,
    token: a.token.toLowerCase() as Hex,
    price: a.price,
    deadline: BigInt(a.deadline),
    requiredStake: a.requiredStake,
    maxCarbon: a.maxCarbon,
    specCid: a.specCid,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
    createdTx: event.transaction.hash,
    verified: false,
  });
  const token = await getToken(context.db, a.token);
  await context.db.update(paymentToken, { address: token.address }).set({ volume: token.volume + a.price });
  tally.network({ jobsCreated: 1, jobsOpen: 1 });
  tally.series({ jobsCreated: 1 });
  await tally.commit();
});

ponder.on("JobMarket:JobCancelled", async ({ event, context }) => {
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "JobCancelled", { jobId: event.args.jobId });
  const row = await getJob(context.db, event.args.jobId);
  await setJob(tally, row, { status: "cancelled", cancelledBlock: event.block.number, cancelledAt: t });
  tally.series({ jobsCancelled: 1 });
  await tally.commit();
});

ponder.on("JobMarket:JobClaimed", async ({ event, context }) => {
  const { jobId, provider, collateral } = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "JobClaimed", { jobId, account: provider });
  const row = await getJob(context.db, jobId);
  await setJob(tally, row, {
    status: "assigned",
    provider: provider.toLowerCase() as Hex,
    claimedBlock: event.block.number,
    claimedAt: t,
    collateral,
  });
  await updateProvider(tally, provider, (p) => ({ jobsClaimed: p.jobsClaimed + 1 }));
  await tally.commit();
});

ponder.on("JobMarket:JobReleased", async ({ event, context }) => {
  const { jobId, provider } = event.args;
  const tally = await recordEvent(context.db, event, C, "JobReleased", { jobId, account: provider });
  const row = await getJob(context.db, jobId);
  // Open again: a job aimed at one provider stays reserved for it (the market keeps it as `provider`), any other
  // is anyone's. The penalty (`collateralSlashed`, credited to the requester) reaches the stake, network and daily
  // totals through the staking contract's `Slashed`, emitted just before; the timeline keeps it in this event.
  await setJob(tally, row, {
    status: "open",
    provider: row.targetProvider,
    claimedBlock: null,
    claimedAt: null,
    collateral: null,
    releases: row.releases + 1,
  });
  const p = await updateProvider(tally, provider, (p) => ({ jobsReleased: p.jobsReleased + 1 }));
  await bumpProviderDay(tally, p.address, { jobsReleased: 1 });
  await tally.commit();
});

ponder.on("JobMarket:AttestationSubmitted", async ({ event, context }) => {
  const a = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "AttestationSubmitted", { jobId: a.jobId, account: a.provider });
  const row = await getJob(context.db, a.jobId);
  const claimedAt = row.claimedAt ?? t;
  const latency = t - claimedAt;
  const window = row.deadline - claimedAt;
  const share = window > 0n ? Math.min(1, Number(latency) / Number(window)) : 1;
  const p = await updateProvider(tally, a.provider, (p) => ({
    latencySum: p.latencySum + latency,
    latencyCount: p.latencyCount + 1,
    latencyShareSum: p.latencyShareSum + share,
  }));
  await setJob(tally, row, {
    status: "submitted",
    submittedBlock: event.block.number,
    submittedAt: t,
    resultCid: a.resultCid,
    outputRoot: a.outputRoot,
    gpuTimeMs: a.gpuTimeMs,
    energyMj: a.energyMillijoules,
    energyEstimated: a.energyEstimated,
    device: a.device,
    randomnessBlock: a.randomnessBlock,
    carbonIntensity: p.carbonIntensity,
  });
  tally.network({ attested: 1 });
  tally.series({ attested: 1 });
  await tally.commit();
});

ponder.on("JobMarket:JobFinalized", async ({ event, context }) => {
  const { jobId, provider, providerPayout, protocolFee, verifierFee } = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "JobFinalized", { jobId, account: provider });
  const row = await getJob(context.db, jobId);
  await setJob(tally, row, {
    status: "finalized",
    finalizedBlock: event.block.number,
    finalizedAt: t,
    providerPayout,
    protocolFee,
    verifierFee,
  });
  const token = await getToken(context.db, row.token);
  const fees = protocolFee + verifierFee;
  await context.db
    .update(paymentToken, { address: token.address })
    .set({ fees: token.fees + fees, payouts: token.payouts + providerPayout });
  // Exactly what the market credits: GPU seconds capped at uint32 per job, points = HRTH value of the price.
  const gpuTimeMs = row.gpuTimeMs ?? 0n;
  const gpuSeconds = min(gpuTimeMs / 1000n, UINT32_MAX);
  const points = hrthValue(row.price, token.hrthPerUnitWad);
  const energy = row.energyMj ?? 0n;
  const carbon = energy * BigInt(row.carbonIntensity ?? 0);
  const feesHrth = hrthValue(fees, token.hrthPerUnitWad);
  const p = await updateProvider(tally, provider, (p) => ({
    jobsCompleted: p.jobsCompleted + 1,
    gpuSeconds: p.gpuSeconds + gpuSeconds,
    gpuTimeMs: p.gpuTimeMs + gpuTimeMs,
    energyMj: p.energyMj + energy,
    carbonMjG: p.carbonMjG + carbon,
    earnedPoints: p.earnedPoints + points,
    ...withOutcome(p, "success", t),
  }));
  const earningKey = { provider: p.address, token: token.address };
  const earning = await context.db.find(providerEarning, earningKey);
  if (earning) {
    await context.db
      .update(providerEarning, earningKey)
      .set({ payout: earning.payout + providerPayout, jobs: earning.jobs + 1 });
  } else {
    await context.db.insert(providerEarning).values({ ...earningKey, payout: providerPayout, jobs: 1 });
  }
  await bumpProviderDay(tally, p.address, { jobsCompleted: 1, gpuSeconds, energyMj: energy, carbonMjG: carbon, earnedPoints: points });
  tally.network({ gpuSeconds, gpuTimeMs, feesHrth, energyMj: energy, carbonMjG: carbon });
  tally.series({ jobsFinalized: 1, gpuSeconds, gpuTimeMs, feesHrth, energyMj: energy, carbonMjG: carbon });
  await tally.commit();
});

ponder.on("JobMarket:JobExpired", async ({ event, context }) => {
  const { jobId, refund, collateralSlashed } = event.args;
  const t = event.block.timestamp;
  const row = await getJob(context.db, jobId);
  const wasAssigned = row.status === "assigned";
  const tally = await recordEvent(context.db, event, C, "JobExpired", {
    jobId,
    account: wasAssigned ? (row.provider ?? undefined) : row.requester,
  });
  await setJob(tally, row, { status: "expired", expiredBlock: event.block.number, expiredAt: t, refund, collateralSlashed });
  if (wasAssigned && row.provider) {
    await updateProvider(tally, row.provider, (p) => ({ jobsExpired: p.jobsExpired + 1, ...withOutcome(p, "expiry", t) }));
    await bumpProviderDay(tally, row.provider, { jobsExpired: 1 });
  }
  tally.series({ jobsExpired: 1 });
  await tally.commit();
});

ponder.on("JobMarket:JobDisputed", async ({ event, context }) => {
  const { jobId, challenger } = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "JobDisputed", { jobId, account: challenger });
  const row = await getJob(context.db, jobId);
  await setJob(tally, row, {
    status: "disputed",
    challenger: challenger.toLowerCase() as Hex,
    disputedBlock: event.block.number,
    disputedAt: t,
  });
  if (row.provider) await updateProvider(tally, row.provider, (p) => ({ challenged: p.challenged + 1 }));
  await tally.commit();
});

ponder.on("JobMarket:JobRejected", async ({ event, context }) => {
  const { jobId, provider, refund, slashed } = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "JobRejected", { jobId, account: provider });
  const row = await getJob(context.db, jobId);
  await setJob(tally, row, { status: "rejected", rejectedBlock: event.block.number, rejectedAt: t, refund, slashed });
  const p = await updateProvider(tally, provider, (p) => ({
    disputesLost: p.disputesLost + 1,
    ...withOutcome(p, "disputeLoss", t),
  }));
  await bumpProviderDay(tally, p.address, { disputesLost: 1 });
  tally.series({ jobsRejected: 1 });
  await tally.commit();
});

ponder.on("JobMarket:JobVerified", async ({ event, context }) => {
  const { jobId, verifier } = event.args;
  const tally = await recordEvent(context.db, event, C, "JobVerified", { jobId, account: verifier });
  await context.db.update(job, { id: jobId }).set({ verified: true, verifiedAt: event.block.timestamp });
  await tally.commit();
});

ponder.on("JobMarket:TokenConfigured", async ({ event, context }) => {
  const { token, allowed, hrthPerUnitWad } = event.args;
  const tally = await recordEvent(context.db, event, C, "TokenConfigured");
  // Symbol and decimals are not read here (an RPC call in the indexing path): the API reads them once.
  await context.db
    .insert(paymentToken)
    .values({ address: token.toLowerCase() as Hex, allowed, hrthPerUnitWad, volume: 0n, fees: 0n, payouts: 0n })
    .onConflictDoUpdate({ allowed, hrthPerUnitWad });
  await tally.commit();
});

ponder.on("JobMarket:Withdrawal", async ({ event, context }) => {
  await (await recordEvent(context.db, event, C, "Withdrawal", { account: event.args.account })).commit();
});

for (const name of ["ParametersUpdated", "DisputeCourtSet", "EIP712DomainChanged", "OwnershipTransferStarted", "OwnershipTransferred"] as const) {
  ponder.on(`JobMarket:${name}`, async ({ event, context }) => {
    await (await recordEvent(context.db, event, C, name)).commit();
  });
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
