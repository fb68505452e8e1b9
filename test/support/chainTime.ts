import type { Hash } from "viem";
import type { Hearth } from "./deployHearth.ts";

/** Timestamp of the block that mined `hash`. */
export async function blockTimeOf(h: Hearth, hash: Hash): Promise<bigint> {
  const receipt = await h.publicClient.getTransactionReceipt({ hash });
  const block = await h.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return block.timestamp;
}

/** Mines until `block.number > target`, so that `blockhash(target)` is readable from the next call. */
export async function mineUntilAfter(h: Hearth, target: bigint): Promise<void> {
  const current = await h.publicClient.getBlockNumber({ cacheTime: 0 });
  if (current <= target) await h.networkHelpers.mine(Number(target - current + 1n));
}

/** Moves time so that the next block is the first one at or after `timestamp`. */
export async function passTime(h: Hearth, timestamp: bigint): Promise<void> {
  const now = BigInt(await h.networkHelpers.time.latest());
  if (now < timestamp) await h.networkHelpers.time.increaseTo(timestamp);
}

/** Moves past the challenge window of a submitted job, so that the next transaction can finalize it. */
export async function passChallengeWindow(h: Hearth, jobId: bigint): Promise<void> {
  await passTime(h, await h.market.read.challengeWindowEnd([jobId]));
}

/**
 * Moves time to the start of the next reward epoch (one second into it), so that a test has a whole epoch
 * ahead of it. Returns that epoch.
 */
export async function startNextEpoch(h: Hearth): Promise<bigint> {
  const [genesis, length, current] = await Promise.all([
    h.rewards.read.genesisTime(),
    h.rewards.read.epochLength(),
    h.rewards.read.currentEpoch(),
  ]);
  const next = current + 1n;
  await h.networkHelpers.time.increaseTo(genesis + next * length);
  return next;
}
