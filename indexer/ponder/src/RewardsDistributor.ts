// RewardsDistributor: work points per epoch, forfeits and claims. Each epoch's emission is computed with the
// contract's own integer formula from its immutable schedule, read once from the chain.
import { ponder } from "ponder:registry";
import { epoch, reward, rewardsSchedule } from "ponder:schema";
import type { Hex } from "viem";
import { rewardsDistributorAbi } from "@hearth/sdk/generated/abis";
import { emissionForEpoch, type RewardsSchedule } from "../../src/derive/emission.ts";
import { type Db, recordEvent, updateProvider } from "./shared.ts";

const C = "RewardsDistributor";

type Client = { readContract: (args: never) => Promise<unknown> };

async function getSchedule(db: Db, client: Client, address: Hex): Promise<RewardsSchedule> {
  const stored = await db.find(rewardsSchedule, { id: 1 });
  if (stored) return stored;
  const read = (functionName: "genesisTime" | "epochLength" | "initialEmission" | "decayBps") =>
    client.readContract({ abi: rewardsDistributorAbi, address, functionName } as never) as Promise<bigint>;
  const [genesisTime, epochLength, initialEmission, decayBps] = await Promise.all([
    read("genesisTime"),
    read("epochLength"),
    read("initialEmission"),
    read("decayBps"),
  ]);
  const schedule = { genesisTime, epochLength, initialEmission, decayBps };
  await db.insert(rewardsSchedule).values({ id: 1, ...schedule });
  return schedule;
}

async function ensureEpoch(db: Db, client: Client, address: Hex, number: bigint) {
  const row = await db.find(epoch, { epoch: number });
  if (row) return row;
  const schedule = await getSchedule(db, client, address);
  const created = {
    epoch: number,
    points: 0n,
    emission: emissionForEpoch(schedule, number),
    providers: 0,
    claimed: 0n,
    claims: 0,
    forfeits: 0,
  };
  await db.insert(epoch).values(created);
  return created;
}

async function ensureReward(db: Db, number: bigint, provider: Hex) {
  const key = { epoch: number, provider };
  const row = await db.find(reward, key);
  if (row) return { row, created: false };
  const created = { ...key, points: 0n, forfeited: false, claimed: null, claimedAt: null };
  await db.insert(reward).values(created);
  return { row: created, created: true };
}

ponder.on("RewardsDistributor:WorkRecorded", async ({ event, context }) => {
  const { epoch: number, provider, points, epochPoints } = event.args;
  const tally = await recordEvent(context.db, event, C, "WorkRecorded", { account: provider });
  const address = provider.toLowerCase() as Hex;
  const e = await ensureEpoch(context.db, context.client, event.log.address, number);
  const { row, created } = await ensureReward(context.db, number, address);
  await context.db.update(reward, { epoch: number, provider: address }).set({ points: row.points + points });
  await context.db
    .update(epoch, { epoch: number })
    .set({ points: epochPoints, providers: e.providers + (created || row.points === 0n ? 1 : 0) });
  await tally.commit();
});

ponder.on("RewardsDistributor:RewardsForfeited", async ({ event, context }) => {
  const { epoch: number, provider } = event.args;
  const tally = await recordEvent(context.db, event, C, "RewardsForfeited", { account: provider });
  const address = provider.toLowerCase() as Hex;
  const e = await ensureEpoch(context.db, context.client, event.log.address, number);
  await ensureReward(context.db, number, address);
  await context.db.update(reward, { epoch: number, provider: address }).set({ forfeited: true });
  await context.db.update(epoch, { epoch: number }).set({ forfeits: e.forfeits + 1 });
  await tally.commit();
});

ponder.on("RewardsDistributor:RewardsClaimed", async ({ event, context }) => {
  const { epoch: number, provider, amount } = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "RewardsClaimed", { account: provider });
  const address = provider.toLowerCase() as Hex;
  const e = await ensureEpoch(context.db, context.client, event.log.address, number);
  await ensureReward(context.db, number, address);
  await context.db.update(reward, { epoch: number, provider: address }).set({ claimed: amount, claimedAt: t });
  await context.db.update(epoch, { epoch: number }).set({ claimed: e.claimed + amount, claims: e.claims + 1 });
  await updateProvider(tally, provider, (p) => ({ rewardsClaimed: p.rewardsClaimed + amount }));
  tally.network({ emissions: amount });
  tally.series({ emissions: amount });
  await tally.commit();
});

ponder.on("RewardsDistributor:OwnershipTransferred", async ({ event, context }) => {
  await (await recordEvent(context.db, event, C, "OwnershipTransferred")).commit();
});
