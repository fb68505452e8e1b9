import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringToHex, zeroAddress, zeroHash } from "viem";
import { mineUntilAfter, passChallengeWindow, passTime } from "../support/chainTime.ts";
import { createJob, jobRequest, JOB_PRICE } from "../support/createJob.ts";
import { addressOf, HRTH } from "../support/deployHearth.ts";
import { deployWithRoles, type HearthWithRoles } from "../support/deployWithRoles.ts";
import { DisputeStatus, JobStatus } from "../support/enums.ts";
import { registerAndStake } from "../support/registerAndStake.ts";
import { saltFor } from "../support/runCommitteeVote.ts";
import { makeAttestation, signAttestation, submitResult } from "../support/signAttestation.ts";

const STAKE = 200n * HRTH;
const name32 = (name: string) => stringToHex(name, { size: 32 });

/** Captures a decoded error argument while matching anything, to check relations between arguments after. */
function capture<T>(into: T[]) {
  return (value: T) => {
    into.push(value);
    return true;
  };
}

async function withProvider() {
  const h = await deployWithRoles();
  await registerAndStake(h, h.roles.providerA, { amount: STAKE });
  return h;
}

/** A submitted job with its dispute opened by the challenger, and three staked verifiers. */
async function disputedJob(h: HearthWithRoles) {
  const { requester, providerA, challenger } = h.roles;
  for (const v of h.roles.verifiers) await registerAndStake(h, v, { amount: STAKE, verifier: true });
  const { jobId } = await createJob(h, requester);
  await h.market.write.claimJob([jobId], { account: providerA.account });
  await submitResult(h, jobId, providerA);
  await h.token.write.approve([h.court.address, await h.court.read.bondFor([jobId])], { account: challenger.account });
  await h.court.write.challenge([jobId], { account: challenger.account });
  return jobId;
}

describe("custom errors", () => {
  it("test_createJob_badRequest: each field of a request is checked, with the values that explain the refusal", async () => {
    const h = await withProvider();
    const { requester, outsider } = h.roles;
    const { viem, market } = h;
    const as = { account: requester.account };
    await h.token.write.approve([market.address, 10n ** 30n], as);

    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h, { token: addressOf(outsider) })], as),
      market,
      "JobMarketTokenNotAllowed",
      [addressOf(outsider)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h, { price: 0n })], as),
      market,
      "JobMarketInvalidPrice",
      [0n],
    );
    const now = await h.networkHelpers.time.latest();
    const earliest: bigint[] = [];
    const latest: bigint[] = [];
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h, { deadline: now + 5 })], as),
      market,
      "JobMarketInvalidDeadline",
      [BigInt(now + 5), capture(earliest), capture(latest)],
    );
    assert.ok(earliest[0]! > BigInt(now + 5));
    assert.equal(latest[0]! - earliest[0]!, 30n * 86_400n - 10n); // MAX_JOB_DURATION - MIN_JOB_DURATION
    await viem.assertions.revertWithCustomError(
      market.write.createJob([await jobRequest(h, { deadline: now + 31 * 86_400 })], as),
      market,
      "JobMarketInvalidDeadline",
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h, { specCid: "" })], as),
      market,
      "JobMarketInvalidSpec",
      [0n, 128n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h, { specCid: "b".repeat(129) })], as),
      market,
      "JobMarketInvalidSpec",
      [129n, 128n],
    );
    // no allowance: the token's own error comes through
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.createJob([await jobRequest(h)], { account: outsider.account }),
      h.token,
      "ERC20InsufficientAllowance",
      [market.address, 0n, JOB_PRICE],
    );
  });

  it("test_claimJob_refused: unknown job, other target, not eligible (stake, carbon), no free stake, deadline", async () => {
    const h = await withProvider();
    const { requester, providerA, providerB, outsider } = h.roles;
    const { viem, market } = h;
    const A = addressOf(providerA);
    const B = addressOf(providerB);
    await registerAndStake(h, providerB, { amount: STAKE, carbonIntensity: 400 });

    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([99n], { account: providerA.account }),
      market,
      "JobMarketUnknownJob",
      [99n],
    );
    const targeted = await createJob(h, requester, { provider: A });
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([targeted.jobId], { account: providerB.account }),
      market,
      "JobMarketNotTargetProvider",
      [targeted.jobId, B],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([(await createJob(h, requester)).jobId], { account: outsider.account }),
      market,
      "JobMarketProviderNotEligible",
      [2n, addressOf(outsider)],
    );
    const green = await createJob(h, requester, { maxCarbon: 100 });
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([green.jobId], { account: providerB.account }),
      market,
      "JobMarketProviderNotEligible",
      [green.jobId, B],
    );
    await market.write.claimJob([green.jobId], { account: providerA.account }); // 50 gCO2/kWh <= 100
    const big = await createJob(h, requester, { requiredStake: STAKE + 1n });
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([big.jobId], { account: providerA.account }),
      market,
      "JobMarketProviderNotEligible",
      [big.jobId, A],
    );
    // eligible by stake, but the collateral does not fit in what is left free
    const costly = await createJob(h, requester, { price: 150n * HRTH });
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([costly.jobId], { account: providerA.account }),
      h.staking,
      "StakingInsufficientFreeStake",
      [STAKE - 15n * HRTH, 225n * HRTH],
    );
    const soon = await createJob(h, requester, { deadline: (await h.networkHelpers.time.latest()) + 12 });
    await passTime(h, BigInt(soon.request.deadline));
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.claimJob([soon.jobId], { account: providerA.account }),
      market,
      "JobMarketDeadlinePassed",
      [soon.jobId, BigInt(soon.request.deadline)],
    );
  });

  it("test_submitAttestation_refused: wrong status, any tampered field, wrong signer, replay", async () => {
    const h = await withProvider();
    const { requester, providerA, providerB, relayer } = h.roles;
    const { viem, market } = h;
    const { jobId } = await createJob(h, requester);
    const attestation = makeAttestation(jobId);
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.submitAttestation([attestation, await signAttestation(h, providerA, attestation)], {
        account: relayer.account,
      }),
      market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Open, JobStatus.Assigned],
    );
    await market.write.claimJob([jobId], { account: providerA.account });
    const signature = await signAttestation(h, providerA, attestation);
    const A = addressOf(providerA);
    for (const tampered of [
      { ...attestation, resultCid: "bafkreiforged" },
      { ...attestation, outputRoot: zeroHash },
      { ...attestation, gpuTimeMs: attestation.gpuTimeMs + 1n },
      { ...attestation, energyEstimated: true },
      { ...attestation, device: "CPU" },
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.submitAttestation([tampered, signature], { account: relayer.account }),
        market,
        "JobMarketInvalidSignature",
        [jobId, addressOf(relayer), A],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.submitAttestation([attestation, await signAttestation(h, providerB, attestation)], {
        account: relayer.account,
      }),
      market,
      "JobMarketInvalidSignature",
      [jobId, addressOf(relayer), A],
    );
    await market.write.submitAttestation([attestation, signature], { account: relayer.account });
    // no replay
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.submitAttestation([attestation, signature], { account: relayer.account }),
      market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Submitted, JobStatus.Assigned],
    );
  });

  it("test_jobMarket_access: court-only entry points, owner-only configuration and bounded parameters", async () => {
    const h = await withProvider();
    const { outsider, deployer } = h.roles;
    const { viem, market } = h;
    const O = addressOf(outsider);
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.openDispute([1n, O], { account: outsider.account }),
      market,
      "JobMarketUnauthorized",
      [O],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settleDispute([1n, true], { account: outsider.account }),
      market,
      "JobMarketUnauthorized",
      [O],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.recordVerification([1n, O], { account: outsider.account }),
      market,
      "JobMarketUnauthorized",
      [O],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.configureToken([O, true, 1n], { account: outsider.account }),
      market,
      "OwnableUnauthorizedAccount",
      [O],
    );
    await viem.assertions.revertWithCustomError(
      market.write.setDisputeCourt([O], { account: deployer.account }),
      market,
      "JobMarketAlreadyConfigured",
    );
    const params = await market.read.parameters();
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.setParameters([{ ...params, protocolFeeBps: 1_001 }], { account: deployer.account }),
      market,
      "JobMarketParameterOutOfBounds",
      [name32("protocolFeeBps"), 1_001n, 0n, 1_000n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.setParameters([{ ...params, collateralBps: 10_999 }], { account: deployer.account }),
      market,
      "JobMarketParameterOutOfBounds",
      [name32("collateralBps"), 10_999n, 11_000n, 50_000n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.setParameters([{ ...params, treasury: zeroAddress }], { account: deployer.account }),
      market,
      "JobMarketParameterOutOfBounds",
      [name32("treasury"), 0n, 1n, 2n ** 160n - 1n],
    );
    // the window plus a whole dispute must stay under unbonding (1,200 s; a dispute takes up to 640 s)
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.setParameters([{ ...params, challengeWindow: 560n }], { account: deployer.account }),
      market,
      "JobMarketParameterOutOfBounds",
      [name32("challengeWindow"), 1_200n, 0n, 1_199n],
    );
    await market.write.setParameters([{ ...params, challengeWindow: 559n }], { account: deployer.account });
  });

  it("test_staking_refused: registration, stake, unstake, protocol-only calls and bounded parameters", async () => {
    const h = await deployWithRoles();
    const { providerA, outsider, deployer } = h.roles;
    const { viem, staking } = h;
    const A = addressOf(providerA);
    const O = addressOf(outsider);
    const as = { account: providerA.account };
    await viem.assertions.revertWithCustomErrorWithArgs(staking.write.stake([1n], as), staking, "StakingNotRegistered", [A]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.register(["", 10], as),
      staking,
      "StakingInvalidMetadata",
      [0n, 128n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.register(["bafkreimeta", 2_001], as),
      staking,
      "StakingCarbonIntensityTooHigh",
      [2_001, 2_000],
    );
    await staking.write.register(["bafkreimeta", 10], as);
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.register(["bafkreimeta", 10], as),
      staking,
      "StakingAlreadyRegistered",
      [A],
    );
    await viem.assertions.revertWithCustomError(staking.write.stake([0n], as), staking, "StakingZeroAmount");
    await h.token.write.approve([staking.address, 50n * HRTH], as);
    await staking.write.stake([50n * HRTH], as);
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.setVerifier([true], as),
      staking,
      "StakingBelowMinimum",
      [50n * HRTH, 100n * HRTH],
    );
    await viem.assertions.revertWithCustomError(staking.write.requestUnstake([0n], as), staking, "StakingZeroAmount");
    await viem.assertions.revertWithCustomError(staking.write.withdraw(as), staking, "StakingNothingToWithdraw");
    await staking.write.requestUnstake([10n * HRTH], as);
    const { unbondingEnd } = await staking.read.getProvider([A]);
    const now: bigint[] = [];
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.withdraw(as),
      staking,
      "StakingUnbondingNotOver",
      [unbondingEnd, capture(now)],
    );
    assert.ok(now[0]! < unbondingEnd);

    const byOutsider = { account: outsider.account };
    for (const call of [
      () => staking.write.lockCollateral([A, 1n], byOutsider),
      () => staking.write.unlockCollateral([A, 1n], byOutsider),
      () => staking.write.slash([A, 0n, 1n, O, true], byOutsider),
      () => staking.write.disputeOpened([A], byOutsider),
      () => staking.write.disputeClosed([A], byOutsider),
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(call(), staking, "StakingUnauthorized", [O]);
    }
    await viem.assertions.revertWithCustomError(
      staking.write.setProtocolContracts([O, O, O], { account: deployer.account }),
      staking,
      "StakingAlreadyConfigured",
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.setParameters([0n, 1_200n, 300n], { account: deployer.account }),
      staking,
      "StakingParameterOutOfBounds",
      [name32("minStake"), 0n, 1n, 10_000_000n * HRTH],
    );
    // unbonding must outlast the challenge window plus a whole dispute: 20 + 600 + 20 + 20 s
    await viem.assertions.revertWithCustomErrorWithArgs(
      staking.write.setParameters([100n * HRTH, 660n, 300n], { account: deployer.account }),
      staking,
      "StakingParameterOutOfBounds",
      [name32("unbondingPeriod"), 660n, 661n, 60n * 86_400n],
    );
  });

  it("test_court_outOfTurn: challenge, draw, commit and reveal refuse calls out of turn or out of phase", async () => {
    const h = await withProvider();
    const { challenger, outsider, verifiers, requester, providerA } = h.roles;
    const { viem, court } = h;

    // a challenge needs a submitted job inside its window; the market's error comes through the court
    const open = await createJob(h, requester);
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.challenge([open.jobId], { account: challenger.account }),
      h.market,
      "JobMarketWrongStatus",
      [open.jobId, JobStatus.Open, JobStatus.Submitted],
    );
    await h.market.write.claimJob([open.jobId], { account: providerA.account });
    await submitResult(h, open.jobId, providerA);
    await passChallengeWindow(h, open.jobId);
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.challenge([open.jobId], { account: challenger.account }),
      h.market,
      "JobMarketChallengeWindowClosed",
      [open.jobId, await h.market.read.challengeWindowEnd([open.jobId])],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.drawCommittee([open.jobId], { account: outsider.account }),
      court,
      "CourtWrongStatus",
      [open.jobId, DisputeStatus.None, DisputeStatus.AwaitingDraw],
    );

    const jobId = await disputedJob(h);
    const { drawBlock } = await court.read.getDispute([jobId]);
    const [v0] = verifiers;
    const commitment = (member: typeof v0, fault: boolean) =>
      court.read.commitmentFor([jobId, addressOf(member), fault, saltFor(jobId, addressOf(member))]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.commitVote([jobId, await commitment(v0, true)], { account: v0.account }),
      court,
      "CourtWrongStatus",
      [jobId, DisputeStatus.AwaitingDraw, DisputeStatus.Voting],
    );
    await viem.assertions.revertWithCustomError(
      court.write.drawCommittee([jobId], { account: outsider.account }),
      court,
      "CourtRandomnessNotReady",
    );
    await mineUntilAfter(h, drawBlock);
    await court.write.drawCommittee([jobId], { account: outsider.account });
    const members = await court.read.committee([jobId]);
    assert.equal(members.length, 3);
    const [m0, m1, m2] = members.map((m) => verifiers.find((v) => addressOf(v) === m)!);
    const { commitDeadline, revealDeadline } = await court.read.getDispute([jobId]);

    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.commitVote([jobId, zeroHash], { account: outsider.account }),
      court,
      "CourtNotCommitteeMember",
      [jobId, addressOf(outsider)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.commitVote([jobId, zeroHash], { account: m0!.account }),
      court,
      "CourtCommitmentMismatch",
      [jobId, addressOf(m0!)],
    );
    await court.write.commitVote([jobId, await commitment(m0!, true)], { account: m0!.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.commitVote([jobId, await commitment(m0!, false)], { account: m0!.account }),
      court,
      "CourtAlreadyCommitted",
      [jobId, addressOf(m0!)],
    );
    // reveals wait for the end of the commit phase unless everyone committed
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, true, saltFor(jobId, addressOf(m0!))], { account: m0!.account }),
      court,
      "CourtRevealNotOpen",
      [jobId, BigInt(commitDeadline)],
    );
    await court.write.commitVote([jobId, await commitment(m1!, false)], { account: m1!.account });
    await passTime(h, BigInt(commitDeadline));
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.commitVote([jobId, await commitment(m2!, true)], { account: m2!.account }),
      court,
      "CourtCommitPhaseOver",
      [jobId, BigInt(commitDeadline)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, true, saltFor(jobId, addressOf(m2!))], { account: m2!.account }),
      court,
      "CourtNotCommitted",
      [jobId, addressOf(m2!)],
    );
    // the wrong vote, or the wrong salt, does not open the commitment
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, false, saltFor(jobId, addressOf(m0!))], { account: m0!.account }),
      court,
      "CourtCommitmentMismatch",
      [jobId, addressOf(m0!)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, true, zeroHash], { account: m0!.account }),
      court,
      "CourtCommitmentMismatch",
      [jobId, addressOf(m0!)],
    );
    await court.write.revealVote([jobId, true, saltFor(jobId, addressOf(m0!))], { account: m0!.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, true, saltFor(jobId, addressOf(m0!))], { account: m0!.account }),
      court,
      "CourtAlreadyRevealed",
      [jobId, addressOf(m0!)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.resolve([jobId], { account: outsider.account }),
      court,
      "CourtVotingNotOver",
      [jobId, BigInt(revealDeadline)],
    );
    await passTime(h, BigInt(revealDeadline));
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.revealVote([jobId, false, saltFor(jobId, addressOf(m1!))], { account: m1!.account }),
      court,
      "CourtRevealPhaseOver",
      [jobId, BigInt(revealDeadline)],
    );
    await court.write.resolve([jobId], { account: outsider.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      court.write.resolve([jobId], { account: outsider.account }),
      court,
      "CourtWrongStatus",
      [jobId, DisputeStatus.Resolved, DisputeStatus.Voting],
    );
  });

  it("test_court_parameters: every parameter is bounded in code", async () => {
    const h = await deployWithRoles();
    const { deployer } = h.roles;
    const params = await h.court.read.parameters();
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.setParameters([{ ...params, committeeSize: 10 }], { account: deployer.account }),
      h.court,
      "CourtParameterOutOfBounds",
      [name32("committeeSize"), 10n, 1n, 9n],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.setParameters([{ ...params, minBond: 10n ** 17n }], { account: deployer.account }),
      h.court,
      "CourtParameterOutOfBounds",
      [name32("minBond"), 10n ** 17n, HRTH, 1_000_000n * HRTH],
    );
    // a whole dispute plus the window must stay under unbonding
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.court.write.setParameters([{ ...params, commitPeriod: 560 }], { account: deployer.account }),
      h.court,
      "CourtParameterOutOfBounds",
      [name32("maxDisputeDuration"), 20n + 600n + 560n + 20n, 0n, 1_199n],
    );
  });

  it("test_rewardsAndToken_access: only the protocol records work, forfeits and mints", async () => {
    const h = await deployWithRoles();
    const { outsider, deployer } = h.roles;
    const O = addressOf(outsider);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.recordWork([O, 1n], { account: outsider.account }),
      h.rewards,
      "RewardsUnauthorized",
      [O],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.forfeit([O], { account: outsider.account }),
      h.rewards,
      "RewardsUnauthorized",
      [O],
    );
    // ownership was renounced at wiring: nobody can rewire
    assert.equal(await h.rewards.read.owner(), zeroAddress);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.setProtocolContracts([O, O], { account: deployer.account }),
      h.rewards,
      "OwnableUnauthorizedAccount",
      [addressOf(deployer)],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.token.write.mint([O, 1n], { account: outsider.account }),
      h.token,
      "HearthTokenUnauthorized",
      [O],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.token.write.setMinter([O], { account: deployer.account }),
      h.token,
      "HearthTokenMinterAlreadySet",
      [h.rewards.address],
    );
    const current = await h.rewards.read.currentEpoch();
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[current]], { account: outsider.account }),
      h.rewards,
      "RewardsEpochNotOver",
      [current, current],
    );
  });
});
