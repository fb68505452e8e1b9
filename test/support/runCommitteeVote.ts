import { isAddressEqual, keccak256, toHex, type Address, type Hash, type Hex } from "viem";
import { mineUntilAfter, passTime } from "./chainTime.ts";
import type { Hearth, Wallet } from "./deployHearth.ts";

/** How one committee member behaves: votes and reveals, commits and never reveals, or does nothing. */
export type Ballot =
  | { providerAtFault: boolean; reveal?: true }
  | { providerAtFault: boolean; reveal: false }
  | "absent";

export interface CommitteeVote {
  /** The committee as drawn, in draw order. */
  members: Address[];
  /** Each member's ballot, in the same order. */
  ballots: Ballot[];
  drawHash: Hash;
  /** Unset when `resolve: false`. */
  resolveHash?: Hash;
}

/** The salt a member commits with: deterministic, so a test can recompute it. */
export function saltFor(jobId: bigint, member: Address): Hex {
  return keccak256(toHex(`salt:${jobId}:${member.toLowerCase()}`));
}

/**
 * Runs a dispute's committee through commit-reveal: waits for the draw block, draws the committee, lets each
 * member commit `commitmentFor(jobId, member, vote, salt)` and reveal as `ballotOf` says, waits out the phases
 * when someone does not commit or reveal, and (unless `resolve: false`) resolves the dispute. `ballotOf` is
 * called with each member and its position in the draw. Draw and resolve are sent by `caller`.
 */
export async function runCommitteeVote(
  h: Hearth,
  jobId: bigint,
  ballotOf: (member: Address, index: number) => Ballot,
  { caller, resolve = true }: { caller: Wallet; resolve?: boolean },
): Promise<CommitteeVote> {
  const dispute = await h.court.read.getDispute([jobId]);
  await mineUntilAfter(h, dispute.drawBlock);
  const drawHash = await h.court.write.drawCommittee([jobId], { account: caller.account });
  const members = [...(await h.court.read.committee([jobId]))];
  const ballots = members.map((m, i) => ballotOf(m, i));
  const walletOf = (member: Address): Wallet => {
    const wallet = h.wallets.find((w) => isAddressEqual(w.account.address, member));
    if (wallet === undefined) throw new Error(`committee member ${member} is not a local account`);
    return wallet;
  };

  for (const [i, member] of members.entries()) {
    const ballot = ballots[i];
    if (ballot === undefined || ballot === "absent") continue;
    const commitment = await h.court.read.commitmentFor([jobId, member, ballot.providerAtFault, saltFor(jobId, member)]);
    await h.court.write.commitVote([jobId, commitment], { account: walletOf(member).account });
  }
  const { commitDeadline, revealDeadline } = await h.court.read.getDispute([jobId]);
  if (ballots.some((b) => b === "absent")) await passTime(h, BigInt(commitDeadline));

  for (const [i, member] of members.entries()) {
    const ballot = ballots[i];
    if (ballot === undefined || ballot === "absent" || ballot.reveal === false) continue;
    await h.court.write.revealVote([jobId, ballot.providerAtFault, saltFor(jobId, member)], {
      account: walletOf(member).account,
    });
  }
  if (!resolve) return { members, ballots, drawHash };
  if (ballots.some((b) => b === "absent" || b.reveal === false)) await passTime(h, BigInt(revealDeadline));
  const resolveHash = await h.court.write.resolve([jobId], { account: caller.account });
  return { members, ballots, drawHash, resolveHash };
}
