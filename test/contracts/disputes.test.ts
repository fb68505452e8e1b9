import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, type Address } from "viem";
import { blockTimeOf, mineUntilAfter, passChallengeWindow } from "../support/chainTime.ts";
import { createJob, JOB_PRICE } from "../support/createJob.ts";
import { addressOf, HRTH, type Wallet } from "../support/deployHearth.ts";
import { deployWithRoles, type HearthWithRoles } from "../support/deployWithRoles.ts";
import { DisputeStatus, JobStatus, Outcome } from "../support/enums.ts";
import { BPS, mulDivUp } from "../support/protocolMath.ts";
import { registerAndStake } from "../support/registerAndStake.ts";
import { runCommitteeVote, type Ballot } from "../support/runCommitteeVote.ts";
import { submitResult } from "../support/signAttestation.ts";
import { deltas, tokenBalances } from "../support/tokenBalances.ts";

// Devnet parameters plus the module defaults (ignition/modules/Hearth.ts).
const STAKE = 200n * HRTH;
const VERIFIER_STAKE = 150n * HRTH;
const FEE = (JOB_PRICE * 250n) / BPS;
const COLLATERAL = mulDivUp(JOB_PRICE, 15_000n, BPS); // 15 HRTH
const DISPUTE_SLASH_BPS = 1_000n;
const BOND = 10n * HRTH; // max(price * 50%, minBond = 10 HRTH)
const BOUNTY_BPS = 3_000n;
const COMMITTEE_REWARD_BPS = 2_000n;
const PROVIDER_BOND_SHARE_BPS = 5_000n;
const NON_REVEAL_PENALTY = 100n * HRTH;
const VERIFIER_FEE = (JOB_PRICE * 100n) / BPS;

/** Provider A staked, three staked verifiers, and one job of 10 HRTH claimed and submitted by A. */
async function submittedJob(overrides: Record<string, unknown> = {}, { verifiers = 3 } = {}) {
  const h = await deployWithRoles(overrides);
  const { requester, providerA } = h.roles;
  await registerAndStake(h, providerA, { amount: STAKE });
  for (const v of h.roles.verifiers.slice(0, verifiers)) {
    await registerAndStake(h, v, { amount: VERIFIER_STAKE, verifier: true });
  }
  const { jobId } = await createJob(h, requester);
  await h.market.write.claimJob([jobId], { account: providerA.account });
  const { hash: submitHash } = await submitResult(h, jobId, providerA);
  return { h, jobId, submitHash };
}

async function challenge(h: HearthWithRoles, jobId: bigint, challenger: Wallet = h.roles.challenger) {
  const bond = await h.court.read.bondFor([jobId]);
  await h.token.write.approve([h.court.address, bond], { account: challenger.account });
  return h.court.write.challenge([jobId], { account: challenger.account });
}

function accountsOf(h: HearthWithRoles) {
  const { requester, providerA, challenger, treasury, verifiers } = h.roles;
  return {
    requester: addressOf(requester),
    provider: addressOf(providerA),
    challenger: addressOf(challenger),
    treasury: addressOf(treasury),
    v0: addressOf(verifiers[0]),
    v1: addressOf(verifiers[1]),
    v2: addressOf(verifiers[2]),
    market: h.market.address,
    staking: h.staking.address,
    court: h.court.address,
  };
}

type Named = keyof ReturnType<typeof accountsOf>;
const ZERO: Record<Named, bigint> = {
  requester: 0n,
  provider: 0n,
  challenger: 0n,
  treasury: 0n,
  v0: 0n,
  v1: 0n,
  v2: 0n,
  market: 0n,
  staking: 0n,
  court: 0n,
};

/** The name a member has in `accountsOf`. */
function nameOf(h: HearthWithRoles, member: Address): "v0" | "v1" | "v2" {
  const i = h.roles.verifiers.findIndex((v) => addressOf(v) === getAddress(member));
  if (i === 0 || i === 1 || i === 2) return (["v0", "v1", "v2"] as const)[i];
  throw new Error(`${member} is not one of the verifiers`);
}

describe("disputes", () => {
  it("test_challenge_providerAtFault: the committee convicts; slash, bounty, committee split and treasury to the wei", async () => {
    const { h, jobId } = await submittedJob();
    const { providerA, challenger, requester, outsider } = h.roles;
    const A = addressOf(providerA);
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);

    assert.equal(await h.court.read.bondFor([jobId]), BOND);
    const challengeHash = await challenge(h, jobId);
    const challengeBlock = (await h.publicClient.getTransactionReceipt({ hash: challengeHash })).blockNumber;
    await h.viem.assertions.emitWithArgs(challengeHash, h.court, "DisputeOpened", [
      jobId,
      addressOf(challenger),
      BOND,
      challengeBlock + 2n,
      false,
    ]);
    await h.viem.assertions.emitWithArgs(challengeHash, h.market, "JobDisputed", [jobId, addressOf(challenger)]);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Disputed);
    assert.equal((await h.staking.read.getProvider([A])).openDisputes, 1);
    // a disputed job cannot be finalized, even after its window
    await passChallengeWindow(h, jobId);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.finalizeJob([jobId], { account: outsider.account }),
      h.market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Disputed, JobStatus.Submitted],
    );

    const vote = await runCommitteeVote(h, jobId, () => ({ providerAtFault: true }), { caller: outsider });
    assert.equal(vote.members.length, 3); // the three verifiers; the parties are excluded
    assert.deepEqual(new Set(vote.members.map((m) => nameOf(h, m))), new Set(["v0", "v1", "v2"]));
    const resolveHash = vote.resolveHash!;

    const extra = ((STAKE - COLLATERAL) * DISPUTE_SLASH_BPS) / BPS; // 18.5 HRTH of the rest of the stake
    const slashed = COLLATERAL + extra; // 33.5 HRTH
    const bounty = (slashed * BOUNTY_BPS) / BPS;
    const reward = (slashed * COMMITTEE_REWARD_BPS) / BPS;
    const each = reward / 3n;
    const remainder = reward - each * 3n;
    assert.equal(remainder, 1n); // 6.7 HRTH does not split evenly in three: one wei goes to the treasury
    const toTreasury = slashed - bounty - reward + remainder;
    const resolvedAt = await blockTimeOf(h, resolveHash);

    await h.viem.assertions.emitWithArgs(resolveHash, h.court, "DisputeResolved", [
      jobId,
      Outcome.ProviderAtFault,
      3,
      0,
      slashed,
      bounty,
      reward,
      0n,
    ]);
    await h.viem.assertions.emitWithArgs(resolveHash, h.market, "JobRejected", [jobId, A, JOB_PRICE, slashed]);
    await h.viem.assertions.emitWithArgs(resolveHash, h.staking, "Slashed", [
      A,
      slashed,
      COLLATERAL,
      h.court.address,
      resolvedAt + (await h.staking.read.jailPeriod()),
    ]);
    const dispute = await h.court.read.getDispute([jobId]);
    assert.equal(dispute.status, DisputeStatus.Resolved);
    assert.equal(dispute.outcome, Outcome.ProviderAtFault);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Rejected);
    const p = await h.staking.read.getProvider([A]);
    assert.equal(p.bonded, STAKE - slashed);
    assert.equal(p.locked, 0n);
    assert.equal(p.openDisputes, 0);
    assert.ok(p.jailedUntil > resolvedAt);
    const stats = await h.market.read.providerStats([A]);
    assert.equal(stats.disputesLost, 1);
    assert.equal(stats.completed, 0);
    assert.equal(await h.rewards.read.isForfeited([await h.rewards.read.epochAt([resolvedAt]), A]), true);

    // the requester is refunded in full through the market
    assert.equal(await h.market.read.owed([h.token.address, addressOf(requester)]), JOB_PRICE);
    await h.market.write.withdraw([h.token.address], { account: requester.account });
    // (the price was escrowed before `start`: the refund leaves the market now)
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO,
      requester: JOB_PRICE,
      market: -JOB_PRICE,
      challenger: bounty,
      treasury: toTreasury,
      v0: each,
      v1: each,
      v2: each,
      staking: -slashed,
    });
  });

  it("test_challenge_challengerWrong: the committee clears the provider; bond split between provider and committee", async () => {
    const { h, jobId } = await submittedJob();
    const { providerA, treasury, outsider } = h.roles;
    const A = addressOf(providerA);
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    await challenge(h, jobId);
    const vote = await runCommitteeVote(h, jobId, () => ({ providerAtFault: false }), { caller: outsider });
    const resolveHash = vote.resolveHash!;

    const toProvider = (BOND * PROVIDER_BOND_SHARE_BPS) / BPS; // 5 HRTH
    const reward = BOND - toProvider; // 5 HRTH
    const each = reward / 3n;
    const remainder = reward - each * 3n;
    assert.equal(remainder, 2n);
    await h.viem.assertions.emitWithArgs(resolveHash, h.court, "DisputeResolved", [
      jobId,
      Outcome.ChallengerWrong,
      0,
      3,
      0n,
      0n,
      reward,
      toProvider,
    ]);
    await h.viem.assertions.emitWithArgs(resolveHash, h.market, "JobFinalized", [jobId, A, JOB_PRICE - FEE, FEE, 0n]);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Finalized);
    assert.equal((await h.court.read.getDispute([jobId])).outcome, Outcome.ChallengerWrong);
    const p = await h.staking.read.getProvider([A]);
    assert.equal(p.bonded, STAKE);
    assert.equal(p.locked, 0n);
    assert.equal(p.openDisputes, 0);
    assert.equal(p.jailedUntil, 0n);
    const stats = await h.market.read.providerStats([A]);
    assert.equal(stats.completed, 1);
    assert.equal(stats.disputesWon, 1);
    assert.equal(stats.disputesLost, 0);
    assert.equal(stats.earnedPoints, JOB_PRICE);

    // the job was paid as if finalized: pull the credits
    await h.market.write.withdraw([h.token.address], { account: providerA.account });
    await h.market.write.withdraw([h.token.address], { account: treasury.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO,
      requester: 0n, // the price was escrowed before `start`
      provider: toProvider + JOB_PRICE - FEE,
      challenger: -BOND,
      treasury: FEE + remainder,
      v0: each,
      v1: each,
      v2: each,
      market: -JOB_PRICE,
    });
  });

  it("test_resolve_nonRevealPenalised: a member who commits and never reveals is slashed; the majority still decides", async () => {
    const { h, jobId } = await submittedJob();
    const { providerA, outsider } = h.roles;
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    await challenge(h, jobId);
    const ballots: Ballot[] = [{ providerAtFault: true }, { providerAtFault: true }, { providerAtFault: true, reveal: false }];
    // everyone committed, so reveals open at once; but with one reveal missing, resolve waits for the deadline
    const partial = await runCommitteeVote(h, jobId, (_, i) => ballots[i]!, { caller: outsider, resolve: false });
    const { revealDeadline } = await h.court.read.getDispute([jobId]);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.resolve([jobId], { account: outsider.account }),
      h.court,
      "CourtVotingNotOver",
      [jobId, BigInt(revealDeadline)],
    );
    await h.networkHelpers.time.increaseTo(revealDeadline);
    const resolveHash = await h.court.write.resolve([jobId], { account: outsider.account });
    const silent = partial.members[2]!;

    const slashed = COLLATERAL + ((STAKE - COLLATERAL) * DISPUTE_SLASH_BPS) / BPS;
    const bounty = (slashed * BOUNTY_BPS) / BPS;
    const reward = (slashed * COMMITTEE_REWARD_BPS) / BPS;
    const each = reward / 2n; // split between the two who revealed
    await h.viem.assertions.emitWithArgs(resolveHash, h.court, "DisputeResolved", [
      jobId,
      Outcome.ProviderAtFault,
      2,
      0,
      slashed,
      bounty,
      reward,
      0n,
    ]);
    await h.viem.assertions.emitWithArgs(resolveHash, h.court, "NonRevealPenalized", [jobId, silent, NON_REVEAL_PENALTY]);
    const resolvedAt = await blockTimeOf(h, resolveHash);
    const s = await h.staking.read.getProvider([silent]);
    assert.equal(s.bonded, VERIFIER_STAKE - NON_REVEAL_PENALTY);
    assert.ok(s.jailedUntil > resolvedAt);
    assert.equal(s.verifier, false); // a jailed verifier leaves the list
    assert.equal((await h.staking.read.verifiers()).length, 2);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Rejected);
    assert.equal((await h.staking.read.getProvider([addressOf(providerA)])).bonded, STAKE - slashed);

    const expected = { ...ZERO };
    expected.challenger = bounty;
    expected.treasury = slashed - bounty - reward + NON_REVEAL_PENALTY;
    expected.staking = -slashed - NON_REVEAL_PENALTY;
    expected.market = 0n; // the refund is still owed to the requester
    for (const m of partial.members.slice(0, 2)) expected[nameOf(h, m)] = each;
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), expected);
  });

  it("test_resolve_tie: one vote each way keeps the presumption of honesty; the absent member is penalised", async () => {
    const { h, jobId } = await submittedJob();
    const { outsider } = h.roles;
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    await challenge(h, jobId);
    const ballots: Ballot[] = [{ providerAtFault: true }, { providerAtFault: false }, "absent"];
    const vote = await runCommitteeVote(h, jobId, (_, i) => ballots[i]!, { caller: outsider });
    const toProvider = (BOND * PROVIDER_BOND_SHARE_BPS) / BPS;
    const reward = BOND - toProvider;
    await h.viem.assertions.emitWithArgs(vote.resolveHash!, h.court, "DisputeResolved", [
      jobId,
      Outcome.ChallengerWrong,
      1,
      1,
      0n,
      0n,
      reward,
      toProvider,
    ]);
    const expected = { ...ZERO };
    expected.provider = toProvider;
    expected.challenger = -BOND;
    expected.treasury = NON_REVEAL_PENALTY; // from the absent member's stake
    expected.staking = -NON_REVEAL_PENALTY;
    expected[nameOf(h, vote.members[1]!)] = reward; // the only member on the winning side takes it all
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), expected);
  });

  it("test_resolve_inconclusive: nobody reveals; the provider is paid, the bond returned, every member penalised", async () => {
    const { h, jobId } = await submittedJob();
    const { providerA, outsider } = h.roles;
    const A = addressOf(providerA);
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    await challenge(h, jobId);
    const vote = await runCommitteeVote(h, jobId, () => ({ providerAtFault: true, reveal: false }), { caller: outsider });
    const resolveHash = vote.resolveHash!;
    await h.viem.assertions.emitWithArgs(resolveHash, h.court, "DisputeResolved", [
      jobId,
      Outcome.Inconclusive,
      0,
      0,
      0n,
      0n,
      0n,
      0n,
    ]);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Finalized);
    assert.equal((await h.market.read.providerStats([A])).disputesWon, 1);
    assert.equal((await h.staking.read.verifiers()).length, 0);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO,
      treasury: 3n * NON_REVEAL_PENALTY,
      staking: -3n * NON_REVEAL_PENALTY,
    });
    assert.equal(await h.market.read.owed([h.token.address, A]), JOB_PRICE - FEE);
  });

  it("test_drawCommittee_nobodyEligible: with no verifier to draw the dispute ends inconclusive at the draw", async () => {
    const { h, jobId } = await submittedJob({}, { verifiers: 0 });
    const { outsider } = h.roles;
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    await challenge(h, jobId);
    const { drawBlock } = await h.court.read.getDispute([jobId]);
    await h.viem.assertions.revertWithCustomError(
      h.court.write.drawCommittee([jobId], { account: outsider.account }),
      h.court,
      "CourtRandomnessNotReady",
    );
    await mineUntilAfter(h, drawBlock);
    const drawHash = await h.court.write.drawCommittee([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(drawHash, h.court, "DisputeResolved", [
      jobId,
      Outcome.Inconclusive,
      0,
      0,
      0n,
      0n,
      0n,
      0n,
    ]);
    assert.equal((await h.court.read.getDispute([jobId])).status, DisputeStatus.Resolved);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Finalized);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), ZERO);
  });

  it("test_sampledVerification_feeAtFinalize: a sampled job, passed by its drawn verifier, pays the verifier fee", async () => {
    // Every job is sampled, and the single verifier is the only one to draw.
    const { h, jobId, submitHash } = await submittedJob({ samplingRateBps: 10_000 }, { verifiers: 1 });
    const { providerA, treasury, outsider, verifiers } = h.roles;
    const A = addressOf(providerA);
    const V = addressOf(verifiers[0]);
    const job = await h.market.read.getJob([jobId]);
    const submitBlock = (await h.publicClient.getTransactionReceipt({ hash: submitHash })).blockNumber;
    assert.equal(job.randomnessBlock, submitBlock + 2n);
    // the randomness is a block after the attestation: not readable yet
    await h.viem.assertions.revertWithCustomError(h.court.read.previewSample([jobId]), h.court, "CourtRandomnessNotReady");
    await mineUntilAfter(h, job.randomnessBlock);
    assert.deepEqual(await h.court.read.previewSample([jobId]), [true, V]);
    const drawHash = await h.court.write.drawVerifier([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(drawHash, h.court, "JobSampled", [jobId, V]);
    assert.equal(await h.court.read.sampledVerifier([jobId]), V);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.drawVerifier([jobId], { account: outsider.account }),
      h.court,
      "CourtAlreadySampled",
      [jobId, V],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.passVerification([jobId], { account: outsider.account }),
      h.court,
      "CourtNotSampledVerifier",
      [jobId, addressOf(outsider), V],
    );
    const passHash = await h.court.write.passVerification([jobId], { account: verifiers[0].account });
    await h.viem.assertions.emitWithArgs(passHash, h.court, "VerificationPassed", [jobId, V]);
    await h.viem.assertions.emitWithArgs(passHash, h.market, "JobVerified", [jobId, V]);
    assert.equal((await h.market.read.getJob([jobId])).verified, true);
    assert.equal(await h.market.read.verifierOf([jobId]), V);

    await passChallengeWindow(h, jobId);
    const finalizeHash = await h.market.write.finalizeJob([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(finalizeHash, h.market, "JobFinalized", [
      jobId,
      A,
      JOB_PRICE - FEE,
      FEE - VERIFIER_FEE,
      VERIFIER_FEE,
    ]);
    assert.equal(await h.market.read.owed([h.token.address, A]), JOB_PRICE - FEE);
    assert.equal(await h.market.read.owed([h.token.address, V]), VERIFIER_FEE);
    assert.equal(await h.market.read.owed([h.token.address, addressOf(treasury)]), FEE - VERIFIER_FEE);
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    for (const w of [providerA, verifiers[0], treasury]) await h.market.write.withdraw([h.token.address], { account: w.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO,
      provider: JOB_PRICE - FEE,
      v0: VERIFIER_FEE,
      treasury: FEE - VERIFIER_FEE,
      market: -JOB_PRICE,
    });
  });

  it("test_sampledVerification_windowClosed: the verifier must pass the job within the challenge window", async () => {
    const { h, jobId } = await submittedJob({ samplingRateBps: 10_000 }, { verifiers: 1 });
    const { outsider, verifiers } = h.roles;
    const job = await h.market.read.getJob([jobId]);
    await mineUntilAfter(h, job.randomnessBlock);
    await h.court.write.drawVerifier([jobId], { account: outsider.account });
    await passChallengeWindow(h, jobId);
    const windowEnd = await h.market.read.challengeWindowEnd([jobId]);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.passVerification([jobId], { account: verifiers[0].account }),
      h.court,
      "CourtWindowClosed",
      [jobId, windowEnd],
    );
    // unverified, the job still finalizes, without a verifier fee
    const finalizeHash = await h.market.write.finalizeJob([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(finalizeHash, h.market, "JobFinalized", [
      jobId,
      addressOf(h.roles.providerA),
      JOB_PRICE - FEE,
      FEE,
      0n,
    ]);
  });

  it("test_sampledVerification_verifierChallenges: the sampled verifier's challenge is flagged and it sits out the committee", async () => {
    const { h, jobId } = await submittedJob({ samplingRateBps: 10_000 });
    const { outsider } = h.roles;
    await mineUntilAfter(h, (await h.market.read.getJob([jobId])).randomnessBlock);
    await h.court.write.drawVerifier([jobId], { account: outsider.account });
    const sampled = await h.court.read.sampledVerifier([jobId]);
    const verifier = h.roles.verifiers.find((v) => addressOf(v) === sampled)!;
    const challengeHash = await challenge(h, jobId, verifier);
    await h.viem.assertions.emitWithArgs(challengeHash, h.court, "DisputeOpened", [
      jobId,
      sampled,
      BOND,
      (_: bigint) => true,
      true,
    ]);
    const vote = await runCommitteeVote(h, jobId, () => ({ providerAtFault: true }), { caller: outsider });
    assert.equal(vote.members.length, 2);
    assert.ok(!vote.members.includes(sampled));
    assert.equal((await h.court.read.getDispute([jobId])).outcome, Outcome.ProviderAtFault);
  });

  it("test_previewSample_rateZero: with sampling off no job is sampled", async () => {
    const { h, jobId } = await submittedJob({ samplingRateBps: 0 }, { verifiers: 1 });
    await mineUntilAfter(h, (await h.market.read.getJob([jobId])).randomnessBlock);
    assert.deepEqual(await h.court.read.previewSample([jobId]), [false, "0x0000000000000000000000000000000000000000"]);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.drawVerifier([jobId], { account: h.roles.outsider.account }),
      h.court,
      "CourtNotSampled",
      [jobId],
    );
  });

  it("test_previewSample_randomnessExpired: after 256 blocks the sampling randomness is gone", async () => {
    const { h, jobId } = await submittedJob({ samplingRateBps: 10_000 }, { verifiers: 1 });
    const { randomnessBlock } = await h.market.read.getJob([jobId]);
    await h.networkHelpers.mine(300);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.read.previewSample([jobId]),
      h.court,
      "CourtRandomnessExpired",
      [jobId, randomnessBlock],
    );
  });

  it("test_drawCommittee_staleDrawBlock: a draw block older than 256 blocks is rescheduled, then drawn", async () => {
    const { h, jobId } = await submittedJob();
    const { outsider } = h.roles;
    await challenge(h, jobId);
    await h.networkHelpers.mine(300);
    const rescheduleHash = await h.court.write.drawCommittee([jobId], { account: outsider.account });
    const block = (await h.publicClient.getTransactionReceipt({ hash: rescheduleHash })).blockNumber;
    await h.viem.assertions.emitWithArgs(rescheduleHash, h.court, "CommitteeDrawRescheduled", [jobId, block + 2n]);
    const vote = await runCommitteeVote(h, jobId, () => ({ providerAtFault: false }), { caller: outsider });
    assert.equal(vote.members.length, 3);
    assert.equal((await h.court.read.getDispute([jobId])).outcome, Outcome.ChallengerWrong);
  });

  it("test_unbondingStake_slashedAndFrozen: a provider under dispute cannot withdraw unbonding stake, which is slashed too", async () => {
    const { h, jobId } = await submittedJob();
    const { providerA, outsider } = h.roles;
    const A = addressOf(providerA);
    const unbonding = 180n * HRTH; // leaves 5 HRTH free, less than the extra slash
    await h.staking.write.requestUnstake([unbonding], { account: providerA.account });
    await challenge(h, jobId);
    const { unbondingEnd } = await h.staking.read.getProvider([A]);
    // draw and commit, then leave the dispute open past the end of unbonding
    const partial = await runCommitteeVote(h, jobId, () => ({ providerAtFault: true }), { caller: outsider, resolve: false });
    await h.networkHelpers.time.increaseTo(unbondingEnd);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.staking.write.withdraw({ account: providerA.account }),
      h.staking,
      "StakingWithdrawalFrozen",
      [A, 1n],
    );
    assert.equal(partial.members.length, 3);
    const resolveHash = await h.court.write.resolve([jobId], { account: outsider.account });
    // extra slash = 10% of everything else at stake: (bonded - collateral + unbonding)
    const bonded = STAKE - unbonding;
    const extra = ((bonded - COLLATERAL + unbonding) * DISPUTE_SLASH_BPS) / BPS; // 18.5 HRTH
    const fromFree = bonded - COLLATERAL < extra ? bonded - COLLATERAL : extra;
    await h.viem.assertions.emitWithArgs(resolveHash, h.staking, "Slashed", [
      A,
      COLLATERAL + extra,
      COLLATERAL,
      h.court.address,
      (x: bigint) => x > 0n,
    ]);
    const p = await h.staking.read.getProvider([A]);
    assert.equal(p.bonded, bonded - COLLATERAL - fromFree);
    assert.equal(p.unbonding, unbonding - (extra - fromFree));
    // the verdict is in: withdrawal is open again
    await h.staking.write.withdraw({ account: providerA.account });
    assert.equal((await h.staking.read.getProvider([A])).unbonding, 0n);
  });
});
