import { Hono } from "hono";
import type { Context } from "hono";
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from "ponder";
import type { ReadonlyDrizzle } from "ponder";
import type { Hex } from "viem";
import type * as ponderSchema from "../../ponder/ponder.schema.ts";
import { emissionForEpoch, epochAt, rewardShare } from "../derive/emission.ts";
import { bucketStart, DAY, formatRatio, HOUR, type Interval } from "../derive/units.ts";
import type { MetadataStore } from "../metadata/createMetadataStore.ts";
import { ApiError, invalidParameter, notFound } from "./apiErrors.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { openApiDocument } from "./openApiDocument.ts";
import { jobStatuses, type ProviderSort, providerSorts } from "./providerSorts.ts";
import { expectOnly, parseAddress, parseEnum, parseJobId, parseLimit, parseTime, type Query } from "./params.ts";
import { energyJson, gpuHours, jobJson, providerJson, providerReputation, type ProviderRow } from "./serialize.ts";
import { metricNames, metrics } from "./timeseriesMetrics.ts";

export type Schema = typeof ponderSchema;
export type Db = ReadonlyDrizzle<Schema>;

export type Head = { blockNumber: bigint; timestamp: bigint; checkpoint: string };

export type CreateApiAppParameters = {
  db: Db;
  /** The tables as Ponder bound them (`ponder:schema`): they carry the database schema name. */
  schema: Schema;
  metadata: MetadataStore;
  /** The last indexed block; default: Ponder's checkpoint table. */
  readHead?: (() => Promise<Head>) | undefined;
  /** A payment token's symbol and decimals (read from the chain once; not part of indexing). */
  tokenInfo?: ((address: Hex) => Promise<TokenInfo>) | undefined;
  /** How long the head and network totals are reused, ms (default 250; 0 = never). */
  cacheMs?: number | undefined;
  /** Where unexpected errors go; default one JSON line on stderr (pino's format, which Ponder's log shares). */
  logError?: ((entry: { msg: string; component: string; path: string; error: string }) => void) | undefined;
};

export type TokenInfo = { symbol: string | null; decimals: number | null };

const MAX_POINTS = 5000;
const PROVIDER_HISTORY_DAYS = 90;
const PROVIDER_RECENT_EVENTS = 50;
const TIMELINE_LIMIT = 500;

/**
 * The indexer's HTTP API (`/v1/...` and `/openapi.json`), built over Ponder's read-only database handle.
 * Ponder serves it next to its own /health, /ready, /status and /metrics and adds CORS for every origin.
 */
export function createApiApp(parameters: CreateApiAppParameters): Hono {
  const { db, schema, metadata, readHead, tokenInfo, cacheMs = 250 } = parameters;
  const logError =
    parameters.logError ??
    ((entry) => process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), ...entry })}\n`));
  // Every endpoint needs the head and the network row: both are kept for `cacheMs` (the API may lag the
  // indexer by that much), which saves two queries per request under load.
  const head = cached(readHead ?? (() => readPonderHead(db)), cacheMs);
  const tokenInfos = new Map<Hex, Promise<TokenInfo>>();
  const token = (address: Hex): Promise<TokenInfo> => {
    let info = tokenInfos.get(address);
    if (!info) {
      info = (tokenInfo ? tokenInfo(address) : Promise.resolve({ symbol: null, decimals: null })).catch(() => {
        tokenInfos.delete(address); // try again on the next request
        return { symbol: null, decimals: null };
      });
      tokenInfos.set(address, info);
    }
    return info;
  };
  const app = new Hono();

  // Time spent in the handler (queries and JSON), for clients and benchmarks to tell it from the network.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    c.res.headers.set("server-timing", `app;dur=${(performance.now() - started).toFixed(2)}`);
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status);
    logError({ msg: "API request failed", component: "api", path: c.req.path, error: error.stack ?? String(error) });
    return c.json({ error: { code: "INTERNAL", message: "Internal error; see the indexer's log." } }, 500);
  });

  app.get("/openapi.json", (c) => c.json(openApiDocument));

  const networkRow = cached(async () => {
    const [row] = await db.select().from(schema.network).where(eq(schema.network.id, 1));
    return row;
  }, cacheMs);

  // ---- stats

  app.get("/v1/stats", async (c) => {
    expectOnly(query(c), []);
    const [now, net, tokens] = await Promise.all([head(), networkRow(), db.select().from(schema.paymentToken).orderBy(asc(schema.paymentToken.address))]);
    const minStake = net?.minStake ?? 0n;
    const [active] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(schema.provider)
      .where(
        and(
          eq(schema.provider.registered, true),
          gte(schema.provider.bonded, minStake),
          lte(schema.provider.jailedUntil, now.timestamp),
        ),
      );
    const n = net ?? emptyNetwork();
    const infos = await Promise.all(tokens.map((t) => token(t.address)));
    return c.json({
      block: { number: Number(now.blockNumber), timestamp: Number(now.timestamp) },
      providers: n.providers,
      activeProviders: active?.count ?? 0,
      totalStake: n.bonded.toString(),
      stake: { bonded: n.bonded.toString(), locked: n.locked.toString(), unbonding: n.unbonding.toString(), minStake: n.minStake.toString() },
      jobs: {
        total: n.jobsCreated,
        open: n.jobsOpen,
        assigned: n.jobsAssigned,
        submitted: n.jobsSubmitted,
        disputed: n.jobsDisputed,
        finalized: n.jobsFinalized,
        cancelled: n.jobsCancelled,
        expired: n.jobsExpired,
        rejected: n.jobsRejected,
      },
      gpuSeconds: n.gpuSeconds.toString(),
      gpuTimeMs: n.gpuTimeMs.toString(),
      gpuHours: gpuHours(n.gpuTimeMs),
      fees: {
        hrthValue: n.feesHrth.toString(),
        byToken: tokens.map((t, i) => ({
          token: t.address,
          symbol: infos[i]!.symbol,
          decimals: infos[i]!.decimals,
          allowed: t.allowed,
          fees: t.fees.toString(),
          volume: t.volume.toString(),
          payouts: t.payouts.toString(),
        })),
      },
      emissions: n.emissions.toString(),
      hrthSupply: n.hrthSupply.toString(),
      slashed: n.slashed.toString(),
      slashes: n.slashes,
      verification: {
        attested: n.attested,
        sampled: n.sampled,
        passed: n.verificationsPassed,
        challenged: n.challenged,
        fraudFound: n.fraudFound,
        jobsChecked: n.jobsChecked,
        coverage: n.attested === 0 ? "0" : formatRatio(BigInt(n.jobsChecked), BigInt(n.attested), 6),
      },
      energy: energyJson(n.energyMj, n.carbonMjG),
      events: n.events,
    });
  });

  app.get("/v1/stats/timeseries", async (c) => {
    const q = query(c);
    expectOnly(q, ["metric", "interval", "from", "to"]);
    if (q.metric === undefined) throw invalidParameter("metric", `is required: one of ${metricNames.join(", ")}.`);
    const metric = parseEnum("metric", q.metric, metricNames, "jobsCreated");
    const interval = parseEnum<Interval>("interval", q.interval, ["hour", "day"], "hour");
    const size = interval === "hour" ? HOUR : DAY;
    const now = await head();
    const to = bucketStart(parseTime("to", q.to) ?? now.timestamp, interval);
    const from = bucketStart(parseTime("from", q.from) ?? to - size * (interval === "hour" ? 167n : 89n), interval);
    if (from > to) throw invalidParameter("from", "must not be after `to`.");
    if ((to - from) / size + 1n > BigInt(MAX_POINTS)) throw invalidParameter("from", `the range covers more than ${MAX_POINTS} ${interval}s.`);
    const definition = metrics[metric];
    const table = schema.series;
    const rows = await db
      .select()
      .from(table)
      .where(and(eq(table.interval, interval), gte(table.start, from), lte(table.start, to)))
      .orderBy(asc(table.start));
    let carried: string | number = definition.zero;
    if (definition.kind === "gauge") {
      const [before] = await db
        .select()
        .from(table)
        .where(and(eq(table.interval, interval), lt(table.start, from)))
        .orderBy(desc(table.start))
        .limit(1);
      if (before) carried = definition.value(before);
    }
    const points: Array<{ start: number; value: string | number }> = [];
    let index = 0;
    for (let start = from; start <= to; start += size) {
      const row = rows[index]?.start === start ? rows[index++] : undefined;
      const value = row ? definition.value(row) : definition.kind === "gauge" ? carried : definition.zero;
      if (definition.kind === "gauge") carried = value;
      points.push({ start: Number(start), value });
    }
    return c.json({
      metric,
      interval,
      kind: definition.kind,
      unit: definition.unit,
      description: definition.description,
      from: Number(from),
      to: Number(to),
      points,
    });
  });

  // ---- providers

  type Ranked = { row: ProviderRow; key: (string | number)[] };
  let rankingCache: { checkpoint: string; sort: ProviderSort; ranked: Ranked[] } | undefined;

  async function rankProviders(sort: ProviderSort, now: Head, minStake: bigint): Promise<Ranked[]> {
    if (rankingCache?.checkpoint === now.checkpoint && rankingCache.sort === sort) return rankingCache.ranked;
    const rows = await db.select().from(schema.provider).where(eq(schema.provider.registered, true));
    // Every sort key is numeric, descending (carbon is negated: greenest first), then by address ascending.
    const key = (row: ProviderRow): number | string => {
      switch (sort) {
        case "reputation":
          return providerReputation(row, now.timestamp, minStake).score;
        case "stake":
          return amountKey(row.bonded);
        case "jobs":
          return row.jobsCompleted;
        case "earnings":
          return amountKey(row.earnedPoints);
        case "carbon":
          return -row.carbonIntensity;
      }
    };
    const ranked = rows
      .map((row) => ({ row, key: [key(row), row.address] as (string | number)[] }))
      .sort((a, b) => compareKeys(a.key, b.key));
    rankingCache = { checkpoint: now.checkpoint, sort, ranked };
    return ranked;
  }

  app.get("/v1/providers", async (c) => {
    const q = query(c);
    expectOnly(q, ["sort", "limit", "cursor"]);
    const sort = parseEnum("sort", q.sort, providerSorts, "reputation");
    const limit = parseLimit(q.limit);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 2);
    const [now, net] = await Promise.all([head(), networkRow()]);
    const minStake = net?.minStake ?? 0n;
    const ranked = await rankProviders(sort, now, minStake);
    const start = after === undefined ? 0 : ranked.findIndex((entry) => compareKeys(entry.key, after) > 0);
    const page = start < 0 ? [] : ranked.slice(start, start + limit);
    const last = page.at(-1);
    const more = start >= 0 && start + limit < ranked.length;
    return c.json({
      sort,
      items: page.map(({ row }) => providerJson(row, now.timestamp, minStake, row.metadataCid ? metadata.peek(row.metadataCid) : { status: "disabled" })),
      nextCursor: more && last ? encodeCursor(last.key) : null,
    });
  });

  app.get("/v1/providers/:address", async (c) => {
    expectOnly(query(c), []);
    const address = parseAddress("address", c.req.param("address"));
    const [now, net, [row]] = await Promise.all([
      head(),
      networkRow(),
      db.select().from(schema.provider).where(eq(schema.provider.address, address)),
    ]);
    if (!row) throw notFound(`No provider ${address} is indexed.`);
    const minStake = net?.minStake ?? 0n;
    const since = bucketStart(now.timestamp, "day") - BigInt(PROVIDER_HISTORY_DAYS - 1) * DAY;
    // Earnings, daily history and recent events in one statement (each statement costs about a millisecond on
    // the embedded database); amounts travel as text so none loses precision in JSON.
    const [lists, meta] = await Promise.all([
      firstRow<{ earnings: EarningJson[]; days: DayJson[]; events: EventRowJson[] }>(
        db,
        sql`select
          (select coalesce(json_agg(t order by t.token), '[]'::json) from (${earningsSql(schema, address)}) t) as earnings,
          (select coalesce(json_agg(t order by t.day), '[]'::json) from (${daysSql(schema, address, since)}) t) as days,
          (select coalesce(json_agg(t order by t.id desc), '[]'::json) from (${eventsSql(schema, sql`${schema.event.account} = ${address}`, "desc", PROVIDER_RECENT_EVENTS)}) t) as events`,
      ),
      row.metadataCid ? metadata.get(row.metadataCid, 1500) : Promise.resolve({ status: "disabled" } as const),
    ]);
    return c.json({
      ...providerJson(row, now.timestamp, minStake, meta),
      earnings: lists.earnings,
      history: {
        daily: lists.days.map(({ energyMj, carbonMjG, ...day }) => ({
          ...day,
          day: Number(day.day),
          energy: energyJson(BigInt(energyMj), BigInt(carbonMjG)),
        })),
        events: lists.events.map(eventRowJson),
      },
    });
  });

  // ---- jobs

  app.get("/v1/jobs", async (c) => {
    const q = query(c);
    expectOnly(q, ["status", "provider", "requester", "limit", "cursor"]);
    const status = q.status === undefined ? undefined : parseEnum("status", q.status, jobStatuses, "open");
    const provider = q.provider === undefined ? undefined : parseAddress("provider", q.provider);
    const requester = q.requester === undefined ? undefined : parseAddress("requester", q.requester);
    const limit = parseLimit(q.limit);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 1)[0];
    if (after !== undefined && (typeof after !== "string" || !/^\d+$/.test(after))) throw invalidParameter("cursor", "is not a cursor returned by this API.");
    const t = schema.job;
    const rows = await db
      .select()
      .from(t)
      .where(
        and(
          status ? eq(t.status, status) : undefined,
          provider ? eq(t.provider, provider) : undefined,
          requester ? eq(t.requester, requester) : undefined,
          after !== undefined ? lt(t.id, BigInt(after)) : undefined,
        ),
      )
      .orderBy(desc(t.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      items: page.map(jobJson),
      nextCursor: rows.length > limit && last ? encodeCursor([last.id.toString()]) : null,
    });
  });

  app.get("/v1/jobs/:id", async (c) => {
    expectOnly(query(c), []);
    const id = parseJobId("id", c.req.param("id"));
    const [[row], lists] = await Promise.all([
      db.select().from(schema.job).where(eq(schema.job.id, id)),
      firstRow<{ timeline: EventRowJson[]; votes: VoteJson[] }>(
        db,
        sql`select
          (select coalesce(json_agg(t order by t.id), '[]'::json) from (${eventsSql(schema, sql`${schema.event.jobId} = ${id.toString()}::numeric`, "asc", TIMELINE_LIMIT)}) t) as timeline,
          (select coalesce(json_agg(t order by t.member), '[]'::json) from (${votesSql(schema, id)}) t) as votes`,
      ),
    ]);
    if (!row) throw notFound(`No job ${id} is indexed.`);
    return c.json({ ...jobJson(row), votes: lists.votes, timeline: lists.timeline.map(eventRowJson) });
  });

  // ---- rewards

  async function schedule() {
    const [row] = await db.select().from(schema.rewardsSchedule).where(eq(schema.rewardsSchedule.id, 1));
    return row;
  }

  app.get("/v1/rewards/epochs", async (c) => {
    const q = query(c);
    expectOnly(q, ["limit", "cursor"]);
    const limit = parseLimit(q.limit);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 1)[0];
    if (after !== undefined && (typeof after !== "string" || !/^\d+$/.test(after))) throw invalidParameter("cursor", "is not a cursor returned by this API.");
    const [now, plan] = await Promise.all([head(), schedule()]);
    const t = schema.epoch;
    const rows = await db
      .select()
      .from(t)
      .where(after !== undefined ? lt(t.epoch, BigInt(after)) : undefined)
      .orderBy(desc(t.epoch))
      .limit(limit + 1);
    const current = plan ? epochAt(plan, now.timestamp) : null;
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // How each epoch's emission splits among its providers.
    const shares = page.length
      ? await db
          .select()
          .from(schema.reward)
          .where(inArray(schema.reward.epoch, page.map((e) => e.epoch)))
          .orderBy(desc(schema.reward.points), asc(schema.reward.provider))
      : [];
    const split = new Map<bigint, typeof shares>();
    for (const share of shares) split.set(share.epoch, [...(split.get(share.epoch) ?? []), share]);
    return c.json({
      schedule: plan
        ? {
            genesisTime: Number(plan.genesisTime),
            epochLength: Number(plan.epochLength),
            initialEmission: plan.initialEmission.toString(),
            decayBps: Number(plan.decayBps),
            currentEpoch: current === null ? null : current.toString(),
            currentEmission: current === null ? null : emissionForEpoch(plan, current).toString(),
          }
        : null,
      items: page.map((e) => ({
        epoch: e.epoch.toString(),
        start: plan ? Number(plan.genesisTime + e.epoch * plan.epochLength) : null,
        end: plan ? Number(plan.genesisTime + (e.epoch + 1n) * plan.epochLength) : null,
        over: current !== null && e.epoch < current,
        emission: e.emission.toString(),
        points: e.points.toString(),
        providers: e.providers,
        claimed: e.claimed.toString(),
        claims: e.claims,
        forfeits: e.forfeits,
        unclaimed: (e.points === 0n ? 0n : e.emission - e.claimed).toString(),
        split: (split.get(e.epoch) ?? []).map((share) => ({
          provider: share.provider,
          points: share.points.toString(),
          share: rewardShare(e.emission, share.points, e.points).toString(),
          forfeited: share.forfeited,
          claimed: share.claimed === null ? null : share.claimed.toString(),
        })),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.epoch.toString()]) : null,
    });
  });

  app.get("/v1/rewards/:address", async (c) => {
    expectOnly(query(c), []);
    const address = parseAddress("address", c.req.param("address"));
    const [now, plan, shares] = await Promise.all([
      head(),
      schedule(),
      db.select().from(schema.reward).where(eq(schema.reward.provider, address)).orderBy(desc(schema.reward.epoch)),
    ]);
    const [known] = await db.select({ address: schema.provider.address }).from(schema.provider).where(eq(schema.provider.address, address));
    if (!known && shares.length === 0) throw notFound(`No provider ${address} is indexed.`);
    const epochs = shares.length
      ? await db.select().from(schema.epoch).where(inArray(schema.epoch.epoch, shares.map((s) => s.epoch)))
      : [];
    const byEpoch = new Map(epochs.map((e) => [e.epoch, e]));
    const current = plan ? epochAt(plan, now.timestamp) : 0n;
    let claimable = 0n;
    let claimed = 0n;
    const items = shares.map((s) => {
      const e = byEpoch.get(s.epoch);
      const share = e ? rewardShare(e.emission, s.points, e.points) : 0n;
      const over = s.epoch < current;
      const status =
        s.claimed !== null ? "claimed" : s.forfeited ? "forfeited" : !over ? "accruing" : share > 0n ? "claimable" : "none";
      if (status === "claimable") claimable += share;
      if (s.claimed !== null) claimed += s.claimed;
      return {
        epoch: s.epoch.toString(),
        points: s.points.toString(),
        epochPoints: e ? e.points.toString() : "0",
        share: share.toString(),
        status,
        forfeited: s.forfeited,
        claimed: s.claimed === null ? null : s.claimed.toString(),
        claimedAt: s.claimedAt === null ? null : Number(s.claimedAt),
      };
    });
    return c.json({
      provider: address,
      currentEpoch: plan ? current.toString() : null,
      claimable: claimable.toString(),
      claimed: claimed.toString(),
      epochs: items,
    });
  });

  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `No route ${c.req.method} ${c.req.path}; see /openapi.json.` } }, 404));

  return app;
}

type SQL = ReturnType<typeof sql>;
type EarningJson = { token: string; payout: string; jobs: number };
type DayJson = {
  day: string;
  jobsCompleted: number;
  jobsExpired: number;
  jobsReleased: number;
  disputesLost: number;
  gpuSeconds: string;
  energyMj: string;
  carbonMjG: string;
  earnedPoints: string;
  slashed: string;
  bonded: string;
};
type EventRowJson = {
  id: string;
  contract: string;
  name: string;
  block: string;
  timestamp: string;
  transactionHash: string;
  logIndex: number;
  jobId: string | null;
  account: string | null;
  args: unknown;
};
type VoteJson = { member: string; committedAt: number | null; revealedAt: number | null; providerAtFault: boolean | null; penalty: string | null };

function earningsSql(schema: Schema, address: string): SQL {
  const t = schema.providerEarning;
  return sql`select ${t.token} as "token", ${t.payout}::text as "payout", ${t.jobs} as "jobs" from ${t} where ${t.provider} = ${address}`;
}

function daysSql(schema: Schema, address: string, since: bigint): SQL {
  const t = schema.providerDay;
  return sql`select ${t.day}::text as "day", ${t.jobsCompleted} as "jobsCompleted", ${t.jobsExpired} as "jobsExpired",
    ${t.jobsReleased} as "jobsReleased", ${t.disputesLost} as "disputesLost", ${t.gpuSeconds}::text as "gpuSeconds",
    ${t.energyMj}::text as "energyMj", ${t.carbonMjG}::text as "carbonMjG", ${t.earnedPoints}::text as "earnedPoints",
    ${t.slashed}::text as "slashed", ${t.bonded}::text as "bonded"
    from ${t} where ${t.provider} = ${address} and ${t.day} >= ${since.toString()}::numeric`;
}

function eventsSql(schema: Schema, where: SQL, order: "asc" | "desc", limit: number): SQL {
  const t = schema.event;
  return sql`select ${t.id} as "id", ${t.contract} as "contract", ${t.name} as "name", ${t.blockNumber}::text as "block",
    ${t.timestamp}::text as "timestamp", ${t.transactionHash} as "transactionHash", ${t.logIndex} as "logIndex",
    ${t.jobId}::text as "jobId", ${t.account} as "account", ${t.args} as "args"
    from ${t} where ${where} order by ${t.id} ${order === "asc" ? sql`asc` : sql`desc`} limit ${limit}`;
}

function votesSql(schema: Schema, jobId: bigint): SQL {
  const t = schema.vote;
  return sql`select ${t.member} as "member", ${t.committedAt}::float8 as "committedAt", ${t.revealedAt}::float8 as "revealedAt",
    ${t.providerAtFault} as "providerAtFault", ${t.penalty}::text as "penalty"
    from ${t} where ${t.jobId} = ${jobId.toString()}::numeric`;
}

function eventRowJson({ id: _id, block, timestamp, ...event }: EventRowJson) {
  return { ...event, block: Number(block), timestamp: Number(timestamp) };
}

async function firstRow<T>(db: Db, query: SQL): Promise<T> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows[0]!;
}

/** `load`'s result, reused for `ttlMs`; concurrent callers share one load. */
function cached<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let value: Promise<T> | undefined;
  let at = 0;
  return () => {
    const now = Date.now();
    if (!value || now - at >= ttlMs) {
      at = now;
      value = load().catch((error: unknown) => {
        value = undefined;
        throw error;
      });
    }
    return value;
  };
}

function query(c: Context): Query {
  return c.req.query() as Query;
}

/**
 * Orders by the first key descending (a number, or an amount as a zero-padded decimal string), then by the
 * second (the address) ascending.
 */
function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const [a0, a1] = a;
  const [b0, b1] = b;
  if (a0 !== b0) return (typeof a0 === "number" && typeof b0 === "number" ? a0 > b0 : String(a0) > String(b0)) ? -1 : 1;
  return String(a1) < String(b1) ? -1 : String(a1) > String(b1) ? 1 : 0;
}

/** An amount as a fixed-width decimal string, so amounts compare as strings. */
function amountKey(value: bigint): string {
  return value.toString().padStart(78, "0");
}

async function readPonderHead(db: Db): Promise<Head> {
  const result = (await db.execute(sql.raw("select latest_checkpoint from _ponder_checkpoint limit 1"))) as unknown as {
    rows: Array<{ latest_checkpoint: string }>;
  };
  const checkpoint = result.rows[0]?.latest_checkpoint ?? "0".repeat(75);
  // Checkpoint layout (ponder/utils/checkpoint.ts): 10 digits timestamp, 16 chain id, 16 block number, ...
  return { timestamp: BigInt(checkpoint.slice(0, 10)), blockNumber: BigInt(checkpoint.slice(26, 42)), checkpoint };
}

function emptyNetwork(): typeof ponderSchema.network.$inferSelect {
  return {
    id: 1, providers: 0, jobsCreated: 0, jobsOpen: 0, jobsAssigned: 0, jobsSubmitted: 0, jobsDisputed: 0, jobsFinalized: 0,
    jobsCancelled: 0, jobsExpired: 0, jobsRejected: 0, gpuSeconds: 0n, gpuTimeMs: 0n, feesHrth: 0n, bonded: 0n, locked: 0n,
    unbonding: 0n, emissions: 0n, slashed: 0n, slashes: 0, attested: 0, sampled: 0, verificationsPassed: 0, challenged: 0,
    fraudFound: 0, jobsChecked: 0, energyMj: 0n, carbonMjG: 0n, hrthSupply: 0n, minStake: 0n, events: 0,
  };
}
