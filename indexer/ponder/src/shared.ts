// Helpers the handlers share: the raw event log, provider and network rows, time-series buckets. Handlers run
// in chain order; during backfill Ponder keeps these rows in memory, so the cost is the number of store calls:
// each handler gathers its network and series changes in a `Tally` and writes them once.
import type { Context } from "ponder:registry";
import { event, network, provider, providerDay, series } from "ponder:schema";
import type { Address, Hex } from "viem";
import { addOutcome, type Outcome } from "../../src/derive/reputation.ts";
import { bucketStart } from "../../src/derive/units.ts";

export type Db = Context["db"];
export type NetworkRow = typeof network.$inferSelect;
export type ProviderRow = typeof provider.$inferSelect;
export type SeriesRow = typeof series.$inferSelect;

/** The parts of Ponder's event object every handler uses. */
export type EventMeta = {
  id: string;
  args: unknown;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: Hex };
};

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

type Numeric<T> = { [K in keyof T as T[K] extends number | bigint ? K : never]: T[K] };
export type NetworkDelta = Partial<Numeric<Omit<NetworkRow, "id" | "minStake">>>;
export type SeriesDelta = Partial<Numeric<Omit<SeriesRow, "interval" | "start" | "totalStake" | "providers">>>;

/** One event's changes to the network totals and time series, written once by `commit`. */
export type Tally = {
  db: Db;
  timestamp: bigint;
  network(delta: NetworkDelta): void;
  series(delta: SeriesDelta): void;
  /** Sets network fields outright (e.g. minStake). */
  set(values: Partial<NetworkRow>): void;
  commit(): Promise<void>;
};

/** Stores one decoded event (every event of every contract goes through here) and opens its tally. */
export async function recordEvent(
  db: Db,
  e: EventMeta,
  contract: string,
  name: string,
  about: { jobId?: bigint | undefined; account?: Address | undefined } = {},
): Promise<Tally> {
  await db.insert(event).values({
    id: e.id,
    contract,
    name,
    blockNumber: e.block.number,
    timestamp: e.block.timestamp,
    transactionHash: e.transaction.hash,
    logIndex: e.log.logIndex,
    jobId: about.jobId ?? null,
    account: about.account ? (about.account.toLowerCase() as Hex) : null,
    args: toJson(e.args),
  });
  return createTally(db, e.block.timestamp);
}

function createTally(db: Db, timestamp: bigint): Tally {
  const networkDelta: Record<string, number | bigint> = { events: 1 };
  const seriesDelta: Record<string, number | bigint> = {};
  const values: Partial<NetworkRow> = {};
  let seriesTouched = false;
  const add = (target: Record<string, number | bigint>, delta: Record<string, number | bigint | undefined>) => {
    for (const key in delta) {
      const value = delta[key];
      if (value === undefined) continue;
      const current = target[key];
      target[key] = current === undefined ? value : (current as bigint) + (value as bigint);
    }
  };
  return {
    db,
    timestamp,
    network: (delta) => add(networkDelta, delta),
    series: (delta) => {
      seriesTouched = true;
      add(seriesDelta, delta);
    },
    set: (next) => Object.assign(values, next),
    async commit() {
      // Only the changed columns are read and written: Ponder's rows are copy-on-write proxies, and each
      // written column is validated.
      const found = await db.find(network, { id: 1 });
      const current = (found ?? emptyNetwork) as Record<string, unknown>;
      const change: Record<string, unknown> = { ...values };
      for (const key in networkDelta) change[key] = (current[key] as bigint) + (networkDelta[key] as bigint);
      const bonded = (change.bonded ?? current.bonded) as bigint;
      const providers = (change.providers ?? current.providers) as number;
      const gaugesMoved = bonded !== current.bonded || providers !== current.providers;
      if (found) await db.update(network, { id: 1 }).set(change);
      else await db.insert(network).values({ ...emptyNetwork, ...change });
      // Gauges follow the network into the buckets when they change.
      if (seriesTouched || gaugesMoved) await bumpSeries(db, timestamp, seriesDelta, bonded, providers);
    },
  };
}

/** Event arguments as JSON: integers become decimal strings. */
export function toJson(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJson(inner)]));
  }
  return value;
}

const emptyNetwork: NetworkRow = {
  id: 1,
  providers: 0,
  jobsCreated: 0,
  jobsOpen: 0,
  jobsAssigned: 0,
  jobsSubmitted: 0,
  jobsDisputed: 0,
  jobsFinalized: 0,
  jobsCancelled: 0,
  jobsExpired: 0,
  jobsRejected: 0,
  gpuSeconds: 0n,
  gpuTimeMs: 0n,
  feesHrth: 0n,
  bonded: 0n,
  locked: 0n,
  unbonding: 0n,
  emissions: 0n,
  slashed: 0n,
  slashes: 0,
  attested: 0,
  sampled: 0,
  verificationsPassed: 0,
  challenged: 0,
  fraudFound: 0,
  jobsChecked: 0,
  energyMj: 0n,
  carbonMjG: 0n,
  hrthSupply: 0n,
  minStake: 0n,
  events: 0,
};

/** Adds counters to the hour and day buckets of `timestamp`; gauges take the network's values. */
async function bumpSeries(
  db: Db,
  timestamp: bigint,
  counters: Record<string, number | bigint>,
  totalStake: bigint,
  providers: number,
): Promise<void> {
  for (const interval of ["hour", "day"] as const) {
    const start = bucketStart(timestamp, interval);
    const current = (await db.find(series, { interval, start })) as Record<string, unknown> | undefined;
    const change: Record<string, unknown> = { totalStake, providers };
    if (current) {
      for (const key in counters) change[key] = (current[key] as bigint) + (counters[key] as bigint);
      await db.update(series, { interval, start }).set(change);
    } else {
      await db.insert(series).values({ ...emptySeries(interval, start), ...counters, ...change });
    }
  }
}

function emptySeries(interval: "hour" | "day", start: bigint): SeriesRow {
  return {
    interval,
    start,
    jobsCreated: 0,
    jobsFinalized: 0,
    jobsExpired: 0,
    jobsCancelled: 0,
    jobsRejected: 0,
    attested: 0,
    gpuSeconds: 0n,
    gpuTimeMs: 0n,
    feesHrth: 0n,
    emissions: 0n,
    slashed: 0n,
    sampled: 0,
    challenged: 0,
    fraudFound: 0,
    energyMj: 0n,
    carbonMjG: 0n,
    totalStake: 0n,
    providers: 0,
  };
}

export function newProvider(address: Address, timestamp: bigint): ProviderRow {
  return {
    address: address.toLowerCase() as Hex,
    registered: false,
    registeredAt: null,
    metadataCid: null,
    carbonIntensity: 0,
    bonded: 0n,
    locked: 0n,
    unbonding: 0n,
    unbondingEnd: 0n,
    jailedUntil: 0n,
    verifier: false,
    openDisputes: 0,
    jobsClaimed: 0,
    jobsCompleted: 0,
    jobsExpired: 0,
    jobsReleased: 0,
    disputesLost: 0,
    disputesWon: 0,
    challenged: 0,
    gpuSeconds: 0n,
    gpuTimeMs: 0n,
    energyMj: 0n,
    carbonMjG: 0n,
    earnedPoints: 0n,
    rewardsClaimed: 0n,
    slashed: 0n,
    slashes: 0,
    latencySum: 0n,
    latencyCount: 0,
    latencyShareSum: 0,
    successWeight: 0,
    expiryWeight: 0,
    disputeLossWeight: 0,
    decayAnchor: timestamp,
    firstActivity: timestamp,
    lastActivity: timestamp,
  };
}

/** What handlers get back from `updateProvider`. */
export type ProviderState = { address: Hex; carbonIntensity: number; bonded: bigint };

/**
 * Applies a change to a provider (created on first sight) and marks its activity. `change` reads the current
 * row and returns only the columns it changes. Stake changes go into the tally, so the network's `bonded`,
 * `locked` and `unbonding` always equal the sum over providers.
 */
export async function updateProvider(
  tally: Tally,
  address: Address,
  change: (row: ProviderRow) => Partial<ProviderRow>,
): Promise<ProviderState> {
  const { db, timestamp } = tally;
  const key = { address: address.toLowerCase() as Hex };
  const found = await db.find(provider, key);
  const current = found ?? newProvider(address, timestamp);
  const set = { ...change(current), lastActivity: timestamp };
  // Read what is needed before writing: the row Ponder handed out is updated in place.
  const before = { bonded: current.bonded, locked: current.locked, unbonding: current.unbonding };
  const state: ProviderState = {
    address: key.address,
    carbonIntensity: set.carbonIntensity ?? current.carbonIntensity,
    bonded: set.bonded ?? before.bonded,
  };
  if (found) await db.update(provider, key).set(set);
  else await db.insert(provider).values({ ...current, ...set });
  const bonded = state.bonded - before.bonded;
  const locked = (set.locked ?? before.locked) - before.locked;
  const unbonding = (set.unbonding ?? before.unbonding) - before.unbonding;
  if (bonded !== 0n || locked !== 0n || unbonding !== 0n) {
    tally.network({ bonded, locked, unbonding });
    if (bonded !== 0n) await bumpProviderDay(tally, key.address, {}, state.bonded);
  }
  return state;
}

/** A provider's outcome for reputation (see derive/reputation.ts). */
export function withOutcome(row: ProviderRow, outcome: Outcome, timestamp: bigint): Partial<ProviderRow> {
  return addOutcome(row, outcome, timestamp);
}

export type ProviderDayDelta = Partial<Numeric<Omit<typeof providerDay.$inferSelect, "provider" | "day" | "bonded">>>;

/** Adds to a provider's bucket for the day; `bonded` sets its end-of-day stake. */
export async function bumpProviderDay(tally: Tally, address: Hex, counters: ProviderDayDelta, bonded?: bigint): Promise<void> {
  const { db } = tally;
  const day = bucketStart(tally.timestamp, "day");
  const key = { provider: address, day };
  const current = (await db.find(providerDay, key)) as Record<string, unknown> | undefined;
  const change: Record<string, unknown> = bonded === undefined ? {} : { bonded };
  if (current) {
    for (const name in counters) change[name] = (current[name] as bigint) + (counters[name as keyof ProviderDayDelta] as bigint);
    await db.update(providerDay, key).set(change);
    return;
  }
  await db.insert(providerDay).values({
    provider: address,
    day,
    jobsCompleted: 0,
    jobsExpired: 0,
    jobsReleased: 0,
    disputesLost: 0,
    gpuSeconds: 0n,
    energyMj: 0n,
    carbonMjG: 0n,
    earnedPoints: 0n,
    slashed: 0n,
    bonded: bonded ?? (await db.find(provider, { address }))?.bonded ?? 0n,
    ...counters,
  });
}
