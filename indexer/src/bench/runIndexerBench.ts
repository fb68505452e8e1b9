// `npm run bench:indexer`: writes a history of at least 100,000 contract events to a local Hardhat chain, then
// times the indexer's backfill (events/s) and its API (p50/p99) at that size, on the embedded database and on
// Postgres. Options: --events <n> (default 100000), --database pglite|postgres|both (default both),
// --requests <n> per endpoint (default 1000).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startIndexer } from "../startIndexer.ts";
import { freePort } from "../testing/freePort.ts";
import { startPostgres, type TestPostgres } from "../testing/startPostgres.ts";
import { startTestChain } from "../testing/startTestChain.ts";
import { createRpcBatcher } from "./createRpcBatcher.ts";
import { generateBenchHistory } from "./generateBenchHistory.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    database: { type: "string", default: "both" },
    requests: { type: "string", default: "1000" },
  },
});
const targetEvents = Number(values.events);
const requests = Number(values.requests);
const databases = values.database === "both" ? ["pglite", "postgres"] : [values.database!];
if (!Number.isSafeInteger(targetEvents) || targetEvents <= 0) throw new Error("--events must be a positive integer.");
if (databases.some((db) => db !== "pglite" && db !== "postgres")) throw new Error("--database must be pglite, postgres or both.");

const log = (message: string) => process.stderr.write(`[bench:indexer] ${message}\n`);

log("starting a Hardhat node (network devnet) and deploying with Ignition…");
const chain = await startTestChain({ parameters: "ignition/parameters/devnet.json" });
const rpc = createRpcBatcher(chain.rpcUrl);
const results: Record<string, unknown>[] = [];
try {
  log(`writing at least ${targetEvents} events…`);
  const generationStart = performance.now();
  let lastReport = 0;
  const history = await generateBenchHistory({
    rpc,
    deployment: chain.deployment,
    targetEvents,
    onProgress: (events) => {
      if (events - lastReport >= 10_000) {
        lastReport = events;
        log(`  ${events} events`);
      }
    },
  });
  // Ponder treats the last 30 blocks of a dev chain as unfinalized and indexes them live: mine past them so the
  // whole history is backfill.
  await rpc.call("hardhat_mine", ["0x40"]);
  const head = Number(await rpc.call<string>("eth_blockNumber"));
  const totalEvents = await countEvents(chain.rpcUrl, chain.deployment, head);
  const generationSeconds = (performance.now() - generationStart) / 1000;
  log(`history: ${totalEvents} events (${history.jobs} jobs, ${history.transactions} transactions) in blocks ${chain.deployment.startBlock}..${head}, written in ${generationSeconds.toFixed(1)} s`);

  for (const database of databases) {
    let postgres: TestPostgres | undefined;
    const directory = mkdtempSync(path.join(tmpdir(), `hearth-indexer-bench-${database}-`));
    try {
      if (database === "postgres") postgres = await startPostgres();
      const port = await freePort();
      log(`${database}: starting the indexer (backfill)…`);
      const loadBefore = loadavg()[0]!;
      const spawned = performance.now();
      const indexer = await startIndexer({
        rpcUrl: chain.rpcUrl,
        deployment: chain.deployment,
        port,
        directory,
        databaseUrl: postgres?.url,
        logFormat: "json",
        timeoutMs: 1_800_000,
      });
      const readySeconds = (performance.now() - spawned) / 1000;
      try {
        const lines = readFileSync(path.join(directory, "indexer.log"), "utf8")
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as { time: number; msg: string });
        const started = lines.find((line) => line.msg.startsWith("Started backfill indexing"));
        const completed = lines.find((line) => line.msg.startsWith("Completed backfill indexing"));
        if (!started || !completed) throw new Error("The indexer log has no backfill start or end.");
        const backfillSeconds = (completed.time - started.time) / 1000;
        const stats = (await (await fetch(`${indexer.url}/v1/stats`)).json()) as { events: number; jobs: { total: number } };
        if (stats.events !== totalEvents) throw new Error(`The indexer holds ${stats.events} events, the chain ${totalEvents}.`);

        const provider = history.providers;
        const latency = {
          "/v1/stats": await measure(indexer.url, () => "/v1/stats", requests),
          "/v1/providers/{address}": await measure(indexer.url, (i) => `/v1/providers/${provider[i % provider.length]}`, requests),
          "/v1/jobs/{id}": await measure(indexer.url, (i) => `/v1/jobs/${1 + ((i * 7919) % stats.jobs.total)}`, requests),
          "/v1/providers?sort=reputation": await measure(indexer.url, () => "/v1/providers?sort=reputation&limit=20", requests),
          "/v1/jobs?status=finalized": await measure(indexer.url, () => "/v1/jobs?status=finalized&limit=20", requests),
          "/v1/stats/timeseries (day)": await measure(indexer.url, () => "/v1/stats/timeseries?metric=fees&interval=day", requests),
        };
        const result = {
          database,
          events: totalEvents,
          blocks: head - chain.deployment.startBlock,
          jobs: stats.jobs.total,
          backfillSeconds,
          eventsPerSecond: Math.round(totalEvents / backfillSeconds),
          startToReadySeconds: Number(readySeconds.toFixed(2)),
          // The 1-minute load average before the backfill and after the API run, on `cpus` cores: other work on
          // the machine slows both.
          loadAverage: [Number(loadBefore.toFixed(2)), Number(loadavg()[0]!.toFixed(2))],
          cpus: cpus().length,
          latencyMs: latency,
        };
        results.push(result);
        log(
          `${database}: backfill ${totalEvents} events in ${backfillSeconds.toFixed(3)} s = ${result.eventsPerSecond} events/s (spawn to ready ${readySeconds.toFixed(1)} s; load ${result.loadAverage.join(" -> ")} on ${result.cpus} cores)`,
        );
        for (const [endpoint, figures] of Object.entries(latency)) {
          log(`${database}:   ${endpoint.padEnd(32)} p50 ${figures.p50.toFixed(2)} ms   p99 ${figures.p99.toFixed(2)} ms   (${requests} requests)`);
        }
      } finally {
        await indexer.stop();
      }
    } finally {
      await postgres?.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }
} finally {
  await chain.stop();
}
console.log(JSON.stringify({ bench: "indexer", results }, null, 2));

/** Sequential GETs after a warm-up; latency percentiles by nearest rank, in ms. */
async function measure(base: string, pathFor: (i: number) => string, count: number) {
  for (let i = 0; i < 50; i++) await (await fetch(`${base}${pathFor(i)}`)).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const response = await fetch(`${base}${pathFor(i)}`);
    await response.arrayBuffer();
    samples.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`GET ${pathFor(i)}: ${response.status}`);
  }
  samples.sort((a, b) => a - b);
  const rank = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
  return { p50: rank(50), p99: rank(99), max: samples.at(-1)! };
}

async function countEvents(rpcUrl: string, deployment: { startBlock: number; contracts: Record<string, string | undefined> }, head: number) {
  const batcher = createRpcBatcher(rpcUrl);
  const { token, staking, market, court, rewards } = deployment.contracts;
  let total = 0;
  for (let from = deployment.startBlock; from <= head; from += 200) {
    const logs = await batcher.call<unknown[]>("eth_getLogs", [
      { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(head, from + 199).toString(16)}`, address: [token, staking, market, court, rewards] },
    ]);
    total += logs.length;
  }
  return total;
}
