import { describe, expect, test } from "vitest";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { createJobJournal } from "../journal/createJobJournal.ts";
import { createJobWatcher, type JobWatcherClient } from "./createJobWatcher.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const zero = "0x0000000000000000000000000000000000000000" as const;
const deployment: HearthDeployment = {
  chainId: 31337,
  startBlock: 10,
  contracts: {
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
  },
};

/** A chain double with JobCreated (and JobReleased) events at given blocks; records the ranges asked for. */
function chain(events: { block: bigint; jobId: bigint; provider: `0x${string}`; released?: boolean }[]) {
  let head = 0n;
  const ranges: [bigint, bigint][] = [];
  const client = {
    async getBlockNumber() {
      return head;
    },
    async getLogs({ events: wanted, fromBlock, toBlock }: { events: readonly { name: string }[]; fromBlock: bigint; toBlock: bigint }) {
      expect(wanted.map((event) => event.name)).toEqual(["JobCreated", "JobReleased"]); // one request for both
      ranges.push([fromBlock, toBlock]);
      return events
        .filter((event) => event.block >= fromBlock && event.block <= toBlock)
        .map((event) =>
          event.released
            ? { blockNumber: event.block, eventName: "JobReleased", args: { jobId: event.jobId, provider: event.provider, collateralSlashed: 0n } }
            : {
                blockNumber: event.block,
                eventName: "JobCreated",
                args: {
                  jobId: event.jobId,
                  requester: other,
                  provider: event.provider,
                  token: deployment.contracts.token,
                  price: 5n,
                  deadline: 2_000_000_000,
                  requiredStake: 0n,
                  maxCarbon: 0,
                  specCid: "bafkspec",
                },
              },
        );
    },
  };
  return { client: client as unknown as JobWatcherClient, ranges, setHead: (value: bigint) => (head = value) };
}

describe("createJobWatcher", () => {
  test("backfills from the start block in bounded ranges, skipping jobs meant for others", async () => {
    const fake = chain([
      { block: 10n, jobId: 1n, provider: zero },
      { block: 14n, jobId: 2n, provider: other },
      { block: 25n, jobId: 3n, provider: me },
    ]);
    const journal = createJobJournal({ path: ":memory:" });
    const watcher = createJobWatcher({ client: fake.client, deployment, journal, provider: me, confirmations: 0, maxBlockRange: 10 });
    fake.setHead(30n);
    expect(await watcher.poll()).toEqual({ newJobs: 2, head: 30n, lastBlock: 30n });
    expect(fake.ranges).toEqual([[10n, 19n], [20n, 29n], [30n, 30n]]);
    expect(journal.list().map((job) => [job.jobId, job.target])).toEqual([[1n, undefined], [3n, me]]);
    expect(journal.getLastBlock()).toBe(30n);
  });

  test("resumes after the journaled block and stays behind by `confirmations`", async () => {
    const fake = chain([{ block: 40n, jobId: 4n, provider: zero }]);
    const journal = createJobJournal({ path: ":memory:" });
    journal.recordSeen([], 35n);
    const watcher = createJobWatcher({ client: fake.client, deployment, journal, provider: me, confirmations: 3, maxBlockRange: 100 });
    fake.setHead(42n);
    // the job at block 40 is not 3 blocks deep yet
    expect((await watcher.poll()).newJobs).toBe(0);
    expect(fake.ranges).toEqual([[36n, 39n]]);
    fake.setHead(43n);
    expect((await watcher.poll()).newJobs).toBe(1);
    expect(fake.ranges.at(-1)).toEqual([40n, 40n]);
    expect(journal.list().map((job) => job.jobId)).toEqual([4n]);
    fake.setHead(43n);
    await watcher.poll(); // nothing new: no call
    expect(fake.ranges).toHaveLength(2);
  });

  test("a job another provider released is decided afresh if this node had declined it; its own releases are not", async () => {
    const fake = chain([
      { block: 10n, jobId: 1n, provider: zero },
      { block: 10n, jobId: 2n, provider: zero },
      { block: 12n, jobId: 1n, provider: other, released: true },
      { block: 12n, jobId: 2n, provider: me, released: true },
    ]);
    const journal = createJobJournal({ path: ":memory:" });
    const watcher = createJobWatcher({ client: fake.client, deployment, journal, provider: me, confirmations: 0, maxBlockRange: 100 });
    fake.setHead(11n);
    await watcher.poll();
    journal.transition(1n, "declined", { reason: "lost: claimed by another provider" });
    journal.transition(2n, "declined", { reason: "price-too-low" });
    fake.setHead(12n);
    expect((await watcher.poll()).newJobs).toBe(0);
    expect(journal.get(1n)).toMatchObject({ step: "seen", reason: undefined });
    expect(journal.history(1n).map((entry) => entry.step)).toEqual(["seen", "declined", "seen"]);
    expect(journal.get(2n)!.step).toBe("declined"); // released by this node's own address: nothing to reconsider
  });
});
