import { getAbiItem, getAddress, zeroAddress, type Address, type PublicClient } from "viem";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import type { JobJournal, SeenJob } from "../journal/createJobJournal.ts";

export type JobWatcherClient = Pick<PublicClient, "getBlockNumber" | "getLogs">;

/** The two events the watcher follows, read in one eth_getLogs per range. */
const watchedEvents = [getAbiItem({ abi: jobMarketAbi, name: "JobCreated" }), getAbiItem({ abi: jobMarketAbi, name: "JobReleased" })] as const;

export type JobWatcher = {
  /**
   * Reads JobCreated (and JobReleased) events from the block after the last processed one up to the head (less
   * `confirmations`), in ranges of at most `maxBlockRange`, and journals the jobs this provider may take
   * together with the new cursor. Returns how many jobs were new.
   */
  poll(signal?: AbortSignal | undefined): Promise<{ newJobs: number; head: bigint; lastBlock: bigint }>;
};

export type CreateJobWatcherParameters = {
  client: JobWatcherClient;
  deployment: HearthDeployment;
  journal: Pick<JobJournal, "recordSeen" | "getLastBlock">;
  provider: Address;
  confirmations: number;
  maxBlockRange: number;
  logger?: { info(object: object, message?: string): void; debug(object: object, message?: string): void } | undefined;
};

/**
 * Follows the market's JobCreated events. The first poll backfills from the deployment's start block (or
 * where the journal stopped); jobs named for another provider are skipped, all others are journaled as
 * `seen` in the same transaction that moves the cursor, so a crash never loses or repeats a range.
 */
export function createJobWatcher(parameters: CreateJobWatcherParameters): JobWatcher {
  const { client, deployment, journal, provider, logger } = parameters;
  const range = BigInt(parameters.maxBlockRange);
  const confirmations = BigInt(parameters.confirmations);
  return {
    async poll(signal) {
      const head = await client.getBlockNumber({ cacheTime: 0 });
      const safeHead = head - confirmations;
      let last = journal.getLastBlock() ?? BigInt(deployment.startBlock) - 1n;
      let newJobs = 0;
      const backfilling = safeHead - last > range;
      while (last < safeHead) {
        signal?.throwIfAborted();
        const fromBlock = last + 1n;
        const toBlock = fromBlock + range - 1n < safeHead ? fromBlock + range - 1n : safeHead;
        const logs = await client.getLogs({ address: deployment.contracts.market, events: watchedEvents, fromBlock, toBlock, strict: true });
        const jobs: SeenJob[] = [];
        // A job another provider gave back is open again: one this node declined as lost is decided afresh.
        const reopened: bigint[] = [];
        for (const log of logs) {
          if (log.eventName === "JobReleased") {
            if (getAddress(log.args.provider) !== provider) reopened.push(log.args.jobId);
            continue;
          }
          const args = log.args;
          const target = args.provider === zeroAddress ? undefined : getAddress(args.provider);
          if (target !== undefined && target !== provider) continue;
          jobs.push({
            jobId: args.jobId,
            requester: getAddress(args.requester),
            target,
            token: getAddress(args.token),
            price: args.price,
            deadline: BigInt(args.deadline),
            requiredStake: args.requiredStake,
            maxCarbon: args.maxCarbon,
            specCid: args.specCid,
            createdBlock: log.blockNumber,
          });
        }
        newJobs += journal.recordSeen(jobs, toBlock, reopened);
        if (jobs.length > 0) logger?.info({ from_block: fromBlock, to_block: toBlock, jobs: jobs.length }, "jobs seen");
        else if (backfilling) logger?.debug({ from_block: fromBlock, to_block: toBlock }, "backfilled");
        last = toBlock;
      }
      return { newJobs, head, lastBlock: last };
    },
  };
}
