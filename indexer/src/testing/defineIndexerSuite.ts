import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Address } from "viem";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { type RunningIndexer, startIndexer } from "../startIndexer.ts";
import { checkAgainstChain, getJson } from "./checkAgainstChain.ts";
import { createHistoryDriver, type HistoryDriver } from "./createHistoryDriver.ts";
import { freePort } from "./freePort.ts";
import { scriptHistory, type ScriptedHistory } from "./scriptHistory.ts";
import { startPostgres, type TestPostgres } from "./startPostgres.ts";
import { startTestChain, type TestChain } from "./startTestChain.ts";
import { startTestGateway, type TestGateway } from "./startTestGateway.ts";

const HRTH = 10n ** 18n;

/**
 * The indexer's end-to-end suite on Hardhat's chain with the real contracts, on one database backend:
 * a scripted history backfilled and checked against the contracts, live indexing through a reorg, and a crash
 * followed by a restart. The same suite runs on the embedded database and on a real Postgres server.
 */
export function defineIndexerSuite(backend: "pglite" | "postgres"): void {
  describe(`indexer on ${backend}`, () => {
    let chain: TestChain;
    let d: HistoryDriver;
    let history: ScriptedHistory;
    let gateway: TestGateway;
    let postgres: TestPostgres | undefined;
    let indexer: RunningIndexer;
    let directory: string;
    let port: number;
    let api: string;
    const extraProviders: Address[] = [];
    const accounts = () => [...history.providers, ...history.requesters, history.challenger, ...extraProviders];

    const start = async () => {
      indexer = await startIndexer({
        rpcUrl: chain.rpcUrl,
        deployment: chain.deployment,
        port,
        directory,
        databaseUrl: postgres?.url,
        ipfsGateways: [gateway.url],
        env: { HEARTH_INDEXER_POLLING_MS: "250" },
        logLevel: "debug",
      });
      api = indexer.url;
    };

    /** Stops the chain's clock and waits until the indexer has every block. */
    const settle = async () => {
      await chain.rpc("evm_setIntervalMining", [0]);
      const head = Number(await d.publicClient.getBlockNumber({ cacheTime: 0 })); // the head now, not viem's cached one
      await waitFor(async () => (await getJson(`${api}/v1/stats`)).block.number >= head, `the indexer to reach block ${head}`);
    };
    const resume = () => chain.rpc("evm_setIntervalMining", [1000]);

    beforeAll(async () => {
      // Postgres first: without its binaries the suite fails here, with the reason.
      if (backend === "postgres") postgres = await startPostgres();
      chain = await startTestChain({ parameters: "indexer/src/testing/testParameters.json" });
      d = createHistoryDriver({ rpcUrl: chain.rpcUrl, deployment: chain.deployment });
      history = await scriptHistory(d);
      gateway = await startTestGateway(history.metadata);
      directory = mkdtempSync(path.join(tmpdir(), `hearth-indexer-${backend}-`));
      port = await freePort();
      await start();
    }, 240_000);

    afterAll(async () => {
      await indexer?.stop();
      await gateway?.stop();
      await chain?.stop();
      await postgres?.stop();
      if (directory) rmSync(directory, { recursive: true, force: true });
    }, 60_000);

    test("backfills a scripted history that matches the contracts", { timeout: 120_000 }, async () => {
      await settle();
      expect(await checkAgainstChain(d, api, accounts())).toEqual([]);

      const job = (id: bigint) => getJson(`${api}/v1/jobs/${id}`);
      const { market: marketAddress } = d.deployment.contracts;
      const market = (id: bigint) => d.publicClient.readContract({ address: marketAddress, abi: jobMarketAbi, functionName: "getJob", args: [id] });
      const providerStats = (provider: Address) => d.publicClient.readContract({ address: marketAddress, abi: jobMarketAbi, functionName: "providerStats", args: [provider] });
      const { jobs } = history;
      expect((await job(jobs.finalized)).status).toBe("finalized");
      expect((await job(jobs.cancelled)).status).toBe("cancelled");
      expect((await job(jobs.expiredOpen)).status).toBe("expired");
      const expired = await job(jobs.expiredAssigned);
      expect(expired.status).toBe("expired");
      expect(BigInt(expired.expired.collateralSlashed)).toBeGreaterThan(0n);
      const rejected = await job(jobs.rejected);
      expect(rejected.status).toBe("rejected");
      expect(rejected.dispute.outcome).toBe("providerAtFault");
      expect(rejected.votes.every((v: { providerAtFault: boolean }) => v.providerAtFault)).toBe(true);
      const won = await job(jobs.disputeWon);
      expect(won.status).toBe("finalized");
      expect(won.dispute.outcome).toBe("challengerWrong");
      expect(won.verification.verified).toBe(true);
      expect(won.votes.filter((v: { penalty: string | null }) => v.penalty !== null)).toHaveLength(1);
      expect(won.timeline.map((e: { name: string }) => e.name)).toEqual(
        expect.arrayContaining(["JobCreated", "JobClaimed", "AttestationSubmitted", "JobSampled", "VerificationPassed", "JobVerified", "JobDisputed", "DisputeOpened", "CommitteeDrawn", "VoteCommitted", "VoteRevealed", "NonRevealPenalized", "JobFinalized", "DisputeResolved"]),
      );
      // Released by provider 6 (slashed for the time it held the job), then claimed and delivered by provider 5.
      const [, , , , p5, p6] = history.providers;
      const reclaimed = await job(jobs.releasedThenFinalized);
      expect(reclaimed).toMatchObject({ status: "finalized", provider: p5!.toLowerCase(), releases: 1 });
      expect((await market(jobs.releasedThenFinalized)).provider).toBe(p5);
      const events = reclaimed.timeline.map((e: { name: string }) => e.name);
      expect(events.filter((name: string) => name === "JobClaimed")).toHaveLength(2);
      expect(events.indexOf("JobReleased")).toBeGreaterThan(events.indexOf("JobClaimed"));
      const release = reclaimed.timeline.find((e: { name: string }) => e.name === "JobReleased");
      expect(release.account).toBe(p6!.toLowerCase());
      expect(release.args.provider.toLowerCase()).toBe(p6!.toLowerCase());
      expect(BigInt(release.args.collateralSlashed)).toBeGreaterThan(0n);
      const [released, delivered] = await Promise.all([getJson(`${api}/v1/providers/${p6}`), getJson(`${api}/v1/providers/${p5}`)]);
      expect(released.jobs).toMatchObject({ claimed: 2, completed: 0, expired: 0, released: Number((await providerStats(p6!)).released) });
      expect(released.jobs.released).toBe(1);
      expect(BigInt(released.slashed)).toBe(BigInt(release.args.collateralSlashed));
      expect(released.history.daily.reduce((sum: number, day: { jobsReleased: number }) => sum + day.jobsReleased, 0)).toBe(1);
      expect(delivered.jobs).toMatchObject({ claimed: 2, completed: 2, released: Number((await providerStats(p5!)).released) });
      expect(delivered.jobs.released).toBe(0);

      for (const [name, id] of [["open", jobs.open], ["assigned", jobs.assigned], ["submitted", jobs.submitted], ["disputed", jobs.disputed]] as const) {
        expect((await job(id)).status).toBe(name);
      }

      const stats = await getJson(`${api}/v1/stats`);
      expect(stats.verification).toMatchObject({ sampled: 1, passed: 1, challenged: 3, fraudFound: 1, jobsChecked: 3 });
      expect(BigInt(stats.slashed)).toBeGreaterThan(0n);
      expect(Number(stats.energy.joules)).toBeGreaterThan(0);
      const created = await getJson(
        `${api}/v1/stats/timeseries?metric=jobsCreated&interval=hour&from=${stats.block.timestamp - 86_400}&to=${stats.block.timestamp}`,
      );
      expect(created.points.reduce((sum: number, p: { value: number }) => sum + p.value, 0)).toBe(13);
      const stake = await getJson(`${api}/v1/stats/timeseries?metric=totalStake&interval=day`);
      expect(stake.points.at(-1).value).toBe(stats.totalStake);

      // Metadata comes from IPFS by CID, verified.
      const [p1, p2] = history.providers;
      await waitFor(async () => (await getJson(`${api}/v1/providers/${p1}`)).metadataStatus === "ok", "provider metadata");
      expect((await getJson(`${api}/v1/providers/${p1}`)).metadata.name).toBe("provider-1");
      await waitFor(async () => (await getJson(`${api}/v1/providers/${p2}`)).metadata?.name === "provider-2-renamed", "updated metadata");

      // A provider's page: earnings by token, daily history, its latest events first.
      const page = await getJson(`${api}/v1/providers/${p1}`);
      expect(page.earnings).toEqual([{ token: d.deployment.contracts.token.toLowerCase(), payout: expect.stringMatching(/^[1-9]\d*$/), jobs: 1 }]);
      expect(page.history.daily.length).toBeGreaterThan(0);
      expect(page.history.daily.at(-1).bonded).toBe(page.stake.bonded);
      const blocks = page.history.events.map((e: { block: number }) => e.block);
      expect(blocks.length).toBeGreaterThan(3);
      expect(blocks).toEqual([...blocks].sort((a: number, b: number) => b - a));
      expect(page.history.events.every((e: { account: string }) => e.account === p1!.toLowerCase())).toBe(true);
      expect(page.reputation.score).toBeGreaterThan(0);

      // Rewards: one provider left its reward unclaimed.
      const unclaimed = await getJson(`${api}/v1/rewards/${history.unclaimedRewardsOf}`);
      expect(BigInt(unclaimed.claimable)).toBeGreaterThan(0n);
      expect(BigInt(stats.emissions)).toBeGreaterThan(0n);
    });

    test("pages, sorts, validates parameters and answers cross-origin", { timeout: 60_000 }, async () => {
      for (const sort of ["reputation", "stake", "jobs", "earnings", "carbon"]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = (await getJson(
            `${api}/v1/providers?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
          )) as { items: { address: string }[]; nextCursor: string | null };
          seen.push(...page.items.map((p) => p.address));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe((await getJson(`${api}/v1/stats`)).providers);
      }
      const carbon = await getJson(`${api}/v1/providers?sort=carbon&limit=100`);
      const intensities = carbon.items.map((p: { carbonIntensity: number }) => p.carbonIntensity);
      expect(intensities).toEqual([...intensities].sort((a: number, b: number) => a - b));

      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await getJson(`${api}/v1/jobs?limit=5${cursor ? `&cursor=${cursor}` : ""}`)) as { items: { id: string }[]; nextCursor: string | null };
        ids.push(...page.items.map((j) => j.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toEqual(Array.from({ length: 13 }, (_, i) => String(13 - i)));
      const byProvider = await getJson(`${api}/v1/jobs?provider=${history.providers[1]}&status=finalized`);
      expect(byProvider.items.map((j: { id: string }) => j.id).sort()).toEqual([String(history.jobs.finalizedUsd), String(history.jobs.finalizedBatch)].sort());

      const bad = async (pathAndQuery: string, parameter: string) => {
        const response = await fetch(`${api}${pathAndQuery}`);
        expect(response.status, pathAndQuery).toBe(400);
        const body = (await response.json()) as { error: { parameter: string; message: string } };
        expect(body.error.parameter).toBe(parameter);
        expect(body.error.message).toContain(parameter);
      };
      await bad("/v1/providers?sort=height", "sort");
      await bad("/v1/providers?limit=0", "limit");
      await bad("/v1/providers?cursor=nonsense", "cursor");
      await bad("/v1/jobs?status=lost", "status");
      await bad("/v1/jobs?provider=0x12", "provider");
      await bad("/v1/jobs/abc", "id");
      await bad("/v1/providers/0xnothex", "address");
      await bad("/v1/stats/timeseries?metric=height", "metric");
      await bad("/v1/stats/timeseries?metric=fees&interval=week", "interval");
      await bad("/v1/stats/timeseries?metric=fees&from=yesterday", "from");
      await bad("/v1/jobs?colour=red", "colour");
      expect((await fetch(`${api}/v1/jobs/999`)).status).toBe(404);
      expect((await fetch(`${api}/v1/providers/0x000000000000000000000000000000000000dead`)).status).toBe(404);

      const cors = await fetch(`${api}/v1/stats`, { headers: { origin: "http://localhost:3000" } });
      expect(cors.headers.get("access-control-allow-origin")).toBe("*");
      const openapi = await getJson(`${api}/openapi.json`);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/v1/stats", "/v1/stats/timeseries", "/v1/providers", "/v1/providers/{address}", "/v1/jobs", "/v1/jobs/{id}", "/v1/rewards/epochs", "/v1/rewards/{address}"]));
    });

    test("follows the chain live and rolls back exactly what a reorg removes", { timeout: 180_000 }, async () => {
      await resume();
      await d.increaseTime(21); // the last submitted job's challenge window
      const p2 = d.account(2);
      const before = await getJson(`${api}/v1/providers/${p2.address}`);
      // The chain mines a block every second. Paused here, so the reorg's depth is the transactions below
      // (about 10 blocks), not the time history A takes to be indexed: on a loaded machine that passed Ponder's
      // 30-block finality for chain 31337, which Ponder treats as fatal, and history B was never indexed.
      await chain.rpc("evm_setIntervalMining", [0]);
      onTestFinished(() => chain.rpc("evm_setIntervalMining", [1_000]).then(() => undefined));
      const snapshot = await chain.rpc<string>("evm_snapshot");
      const depthStart = await chain.rpc<string>("eth_blockNumber");

      // History A, to be reorged away: a new provider, a new job, a finalization.
      const a = d.account(11);
      await d.fundHrth(a.address, 1_000n * HRTH);
      await d.registerProvider(a, "bafkreiorphanedprovider", 10, 500n * HRTH);
      const requester = d.account(7);
      const jobA = await d.createJob(requester, { token: d.deployment.contracts.token, price: 9n * HRTH });
      await d.finalize(requester, [history.jobs.submitted]);
      await waitFor(async () => {
        const [job, p] = await Promise.all([fetch(`${api}/v1/jobs/${jobA}`), fetch(`${api}/v1/providers/${a.address}`)]);
        return job.status === 200 && p.status === 200 && (await getJson(`${api}/v1/jobs/${history.jobs.submitted}`)).status === "finalized";
      }, "history A to be indexed");

      // A reorg deeper than Ponder's finality would stop the indexer, not test it.
      expect(Number(await chain.rpc<string>("eth_blockNumber")) - Number(depthStart)).toBeLessThan(30);
      await chain.rpc("evm_revert", [snapshot]);
      // History B: the same job id with other terms, another provider, and a longer chain.
      const b = d.account(12);
      await d.fundHrth(b.address, 1_000n * HRTH);
      await d.registerProvider(b, "bafkreireplacementprovider", 20, 300n * HRTH);
      extraProviders.push(b.address);
      const jobB = await d.createJob(d.account(8), { token: d.deployment.contracts.stablecoin!, price: 4_000_000n });
      expect(jobB).toBe(jobA);
      await d.cancel(d.account(8), jobB);
      await d.mine(5);
      await waitFor(async () => (await fetch(`${api}/v1/providers/${b.address}`)).status === 200, "history B to be indexed");
      await settle();
      // Ponder reconciled a reorg (its debug log says so; its reorg metric is never incremented in 0.16).
      expect(readFileSync(path.join(directory, "indexer.log"), "utf8")).toMatch(/Reconciled reorg in local chain/);

      expect((await fetch(`${api}/v1/providers/${a.address}`)).status).toBe(404);
      const replaced = await getJson(`${api}/v1/jobs/${jobB}`);
      expect(replaced).toMatchObject({ status: "cancelled", price: "4000000", requester: d.account(8).address.toLowerCase() });
      expect((await getJson(`${api}/v1/jobs/${history.jobs.submitted}`)).status).toBe("submitted");
      expect((await getJson(`${api}/v1/providers/${p2.address}`)).jobs).toEqual(before.jobs);
      expect(await checkAgainstChain(d, api, [...accounts(), a.address])).toEqual([]);
    });

    test("resumes after a crash without losing or repeating events", { timeout: 240_000 }, async () => {
      await indexer.stop("SIGKILL");
      await resume();
      // History while the indexer is down.
      const requester = d.account(7);
      await d.finalize(requester, [history.jobs.submitted]);
      const job = await d.createJob(requester, { token: d.deployment.contracts.token, price: 5n * HRTH });
      await d.claim(d.account(2), job);
      await d.fundHrth(extraProviders[0]!, 100n * HRTH);
      await start();
      expect(indexer.logTail()).toMatch(/crash recovery/i);
      await settle();
      expect((await getJson(`${api}/v1/jobs/${job}`)).status).toBe("assigned");
      expect(await checkAgainstChain(d, api, accounts())).toEqual([]);
    });
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${lastError ? ` Last error: ${String(lastError)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
