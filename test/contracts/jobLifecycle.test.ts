import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashTypedData, zeroAddress } from "viem";
import { blockTimeOf, passChallengeWindow, passTime } from "../support/chainTime.ts";
import { createJob, JOB_PRICE } from "../support/createJob.ts";
import { addressOf, HRTH } from "../support/deployHearth.ts";
import { deployWithRoles, type HearthWithRoles } from "../support/deployWithRoles.ts";
import { JobStatus } from "../support/enums.ts";
import { BPS, mulDivUp } from "../support/protocolMath.ts";
import { registerAndStake } from "../support/registerAndStake.ts";
import { attestationDomain, attestationTypes, makeAttestation, signAll, submitResult } from "../support/signAttestation.ts";
import { deltas, tokenBalances } from "../support/tokenBalances.ts";

// Devnet parameters (ignition/parameters/devnet.json) with the module's defaults for the rest.
const PROTOCOL_FEE_BPS = 250n;
const COLLATERAL_BPS = 15_000n;
const EXPIRY_SLASH_BPS = 1_000n;
const STAKE = 200n * HRTH;
const FEE = (JOB_PRICE * PROTOCOL_FEE_BPS) / BPS; // 0.25 HRTH
const COLLATERAL = mulDivUp(JOB_PRICE, COLLATERAL_BPS, BPS); // 15 HRTH

function accountsOf(h: HearthWithRoles) {
  const { requester, providerA, providerB, treasury, relayer } = h.roles;
  return {
    requester: requester.account.address,
    providerA: providerA.account.address,
    providerB: providerB.account.address,
    treasury: treasury.account.address,
    relayer: relayer.account.address,
    market: h.market.address,
    staking: h.staking.address,
  };
}

const ZERO_DELTAS = {
  requester: 0n,
  providerA: 0n,
  providerB: 0n,
  treasury: 0n,
  relayer: 0n,
  market: 0n,
  staking: 0n,
};

describe("job lifecycle", () => {
  it("test_lifecycle_happyPath: create, claim, submit, finalize and withdraw move every balance to the wei", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, relayer, treasury, outsider } = h.roles;
    const A = addressOf(providerA);
    await registerAndStake(h, providerA, { amount: STAKE });
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);

    // create: the price is escrowed in the market
    const { jobId, hash: createHash, request } = await createJob(h, requester);
    assert.equal(jobId, 1n);
    await h.viem.assertions.emitWithArgs(createHash, h.market, "JobCreated", [
      jobId,
      requester.account.address,
      zeroAddress,
      h.token.address,
      JOB_PRICE,
      request.deadline,
      0n,
      0,
      request.specCid,
    ]);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: -JOB_PRICE,
      market: JOB_PRICE,
    });
    let job = await h.market.read.getJob([jobId]);
    assert.equal(job.status, JobStatus.Open);
    assert.equal(job.provider, zeroAddress);

    // claim: 1.5x the price is locked from the provider's free stake
    const claimHash = await h.market.write.claimJob([jobId], { account: providerA.account });
    await h.viem.assertions.emitWithArgs(claimHash, h.market, "JobClaimed", [jobId, A, COLLATERAL]);
    await h.viem.assertions.emitWithArgs(claimHash, h.staking, "CollateralLocked", [A, COLLATERAL, COLLATERAL]);
    job = await h.market.read.getJob([jobId]);
    assert.equal(job.status, JobStatus.Assigned);
    assert.equal(job.provider, A);
    assert.equal(job.collateral, COLLATERAL);
    assert.equal(BigInt(job.claimedAt), await blockTimeOf(h, claimHash));
    let stake = await h.staking.read.getProvider([A]);
    assert.equal(stake.bonded, STAKE);
    assert.equal(stake.locked, COLLATERAL);
    assert.equal(await h.staking.read.freeStake([A]), STAKE - COLLATERAL);

    // submit: signed by the provider, relayed by someone else
    const { hash: submitHash, attestation } = await submitResult(h, jobId, providerA, { relayer });
    const digest = hashTypedData({
      domain: await attestationDomain(h),
      types: attestationTypes,
      primaryType: "Attestation",
      message: attestation,
    });
    assert.equal(await h.market.read.attestationDigest([attestation]), digest);
    const submitReceipt = await h.publicClient.getTransactionReceipt({ hash: submitHash });
    await h.viem.assertions.emitWithArgs(submitHash, h.market, "AttestationSubmitted", [
      jobId,
      A,
      attestation.resultCid,
      attestation.outputRoot,
      attestation.gpuTimeMs,
      attestation.energyMillijoules,
      attestation.energyEstimated,
      attestation.device,
      submitReceipt.blockNumber + 2n,
    ]);
    job = await h.market.read.getJob([jobId]);
    assert.equal(job.status, JobStatus.Submitted);
    assert.equal(BigInt(job.submittedAt), await blockTimeOf(h, submitHash));
    assert.equal(job.gpuSeconds, 12); // 12,345 ms, rounded down to whole seconds
    assert.equal(job.randomnessBlock, submitReceipt.blockNumber + 2n);
    const windowEnd = await h.market.read.challengeWindowEnd([jobId]);
    assert.equal(windowEnd, BigInt(job.submittedAt) + 20n);
    // nothing moved since the escrow
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: -JOB_PRICE,
      market: JOB_PRICE,
    });

    // finalize: anyone, once the window has passed; credits are pulled later
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.finalizeJob([jobId], { account: outsider.account }),
      h.market,
      "JobMarketChallengeWindowOpen",
      [jobId, windowEnd],
    );
    await passChallengeWindow(h, jobId);
    const finalizeHash = await h.market.write.finalizeJob([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(finalizeHash, h.market, "JobFinalized", [
      jobId,
      A,
      JOB_PRICE - FEE,
      FEE,
      0n,
    ]);
    await h.viem.assertions.emitWithArgs(finalizeHash, h.staking, "CollateralUnlocked", [A, COLLATERAL, 0n]);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Finalized);
    assert.equal(await h.market.read.owed([h.token.address, A]), JOB_PRICE - FEE);
    assert.equal(await h.market.read.owed([h.token.address, treasury.account.address]), FEE);
    assert.equal(await h.market.read.owed([h.token.address, requester.account.address]), 0n);
    stake = await h.staking.read.getProvider([A]);
    assert.equal(stake.locked, 0n);
    assert.equal(stake.bonded, STAKE);
    assert.deepEqual(await h.market.read.providerStats([A]), {
      completed: 1,
      expired: 0,
      disputesLost: 0,
      disputesWon: 0,
      released: 0,
      gpuSeconds: 12n,
      earnedPoints: JOB_PRICE, // an HRTH job's points are its price
    });
    const epoch = await h.rewards.read.epochAt([await blockTimeOf(h, finalizeHash)]);
    await h.viem.assertions.emitWithArgs(finalizeHash, h.rewards, "WorkRecorded", [epoch, A, JOB_PRICE, JOB_PRICE]);
    assert.equal(await h.rewards.read.providerPoints([epoch, A]), JOB_PRICE);
    assert.equal(await h.rewards.read.epochPoints([epoch]), JOB_PRICE);

    // withdraw: the provider and the treasury pull what they are owed
    const withdrawHash = await h.market.write.withdraw([h.token.address], { account: providerA.account });
    await h.viem.assertions.emitWithArgs(withdrawHash, h.market, "Withdrawal", [h.token.address, A, JOB_PRICE - FEE]);
    await h.market.write.withdraw([h.token.address], { account: treasury.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: -JOB_PRICE,
      providerA: JOB_PRICE - FEE,
      treasury: FEE,
    });
    assert.equal(await h.market.read.owed([h.token.address, A]), 0n);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.withdraw([h.token.address], { account: providerA.account }),
      h.market,
      "JobMarketNothingToWithdraw",
      [h.token.address, A],
    );
  });

  it("test_cancelJob_refundsAtOnce: an open job is cancelled and the escrow returns in the same transaction", async () => {
    const h = await deployWithRoles();
    const { requester, providerA } = h.roles;
    await registerAndStake(h, providerA, { amount: STAKE });
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    const { jobId } = await createJob(h, requester);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.cancelJob([jobId], { account: providerA.account }),
      h.market,
      "JobMarketNotRequester",
      [jobId, providerA.account.address],
    );
    const cancelHash = await h.market.write.cancelJob([jobId], { account: requester.account });
    await h.viem.assertions.emitWithArgs(cancelHash, h.market, "JobCancelled", [jobId]);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), ZERO_DELTAS);
    assert.equal(await h.market.read.owed([h.token.address, requester.account.address]), 0n);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Cancelled);
    // a cancelled job can be neither claimed nor cancelled again
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.claimJob([jobId], { account: providerA.account }),
      h.market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Cancelled, JobStatus.Open],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.cancelJob([jobId], { account: requester.account }),
      h.market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Cancelled, JobStatus.Open],
    );
  });

  it("test_cancelJob_afterClaim: a claimed job can no longer be cancelled", async () => {
    const h = await deployWithRoles();
    const { requester, providerA } = h.roles;
    await registerAndStake(h, providerA, { amount: STAKE });
    const { jobId } = await createJob(h, requester);
    await h.market.write.claimJob([jobId], { account: providerA.account });
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.cancelJob([jobId], { account: requester.account }),
      h.market,
      "JobMarketWrongStatus",
      [jobId, JobStatus.Assigned, JobStatus.Open],
    );
  });

  it("test_expireJob_open: an unclaimed job past its deadline is refunded through withdraw, without any slash", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, outsider } = h.roles;
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);
    const { jobId, request } = await createJob(h, requester, { provider: providerA.account.address });
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.expireJob([jobId], { account: outsider.account }),
      h.market,
      "JobMarketDeadlineNotPassed",
      [jobId, BigInt(request.deadline)],
    );
    await passTime(h, BigInt(request.deadline));
    const expireHash = await h.market.write.expireJob([jobId], { account: outsider.account });
    // an open job reports its target provider, if it had one, and slashes nothing
    await h.viem.assertions.emitWithArgs(expireHash, h.market, "JobExpired", [
      jobId,
      providerA.account.address,
      JOB_PRICE,
      0n,
    ]);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Expired);
    assert.equal(await h.market.read.owed([h.token.address, requester.account.address]), JOB_PRICE);
    await h.market.write.withdraw([h.token.address], { account: requester.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), ZERO_DELTAS);
    assert.equal((await h.market.read.providerStats([providerA.account.address])).expired, 0);
  });

  it("test_expireJob_assigned: refund, a partial collateral slash to the requester, jail, and the job is posted again", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, providerB, outsider } = h.roles;
    const A = addressOf(providerA);
    await registerAndStake(h, providerA, { amount: STAKE });
    await registerAndStake(h, providerB, { amount: STAKE });
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);

    const { jobId, request } = await createJob(h, requester);
    await h.market.write.claimJob([jobId], { account: providerA.account });
    // the provider may still deliver until the deadline, not after it
    await passTime(h, BigInt(request.deadline));
    const late = makeAttestation(jobId);
    const { attestations, signatures } = await signAll(h, [{ signer: providerA, attestation: late }]);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.submitAttestation([attestations[0]!, signatures[0]!], { account: providerA.account }),
      h.market,
      "JobMarketDeadlinePassed",
      [jobId, BigInt(request.deadline)],
    );

    const slashed = (COLLATERAL * EXPIRY_SLASH_BPS) / BPS; // 1.5 HRTH
    const expireHash = await h.market.write.expireJob([jobId], { account: outsider.account });
    const expiredAt = await blockTimeOf(h, expireHash);
    const jailPeriod = await h.staking.read.jailPeriod();
    await h.viem.assertions.emitWithArgs(expireHash, h.market, "JobExpired", [jobId, A, JOB_PRICE, slashed]);
    await h.viem.assertions.emitWithArgs(expireHash, h.staking, "CollateralUnlocked", [A, COLLATERAL - slashed, slashed]);
    await h.viem.assertions.emitWithArgs(expireHash, h.staking, "Slashed", [
      A,
      slashed,
      slashed,
      h.market.address,
      expiredAt + jailPeriod,
    ]);
    const epoch = await h.rewards.read.epochAt([expiredAt]);
    await h.viem.assertions.emitWithArgs(expireHash, h.rewards, "RewardsForfeited", [epoch, A]);
    assert.equal(await h.rewards.read.isForfeited([epoch, A]), true);

    const stake = await h.staking.read.getProvider([A]);
    assert.equal(stake.bonded, STAKE - slashed);
    assert.equal(stake.locked, 0n);
    assert.equal(stake.jailedUntil, expiredAt + jailPeriod);
    assert.equal((await h.market.read.providerStats([A])).expired, 1);
    assert.equal((await h.market.read.getJob([jobId])).status, JobStatus.Expired);
    // the slashed HRTH moved from staking to the market, credited to the requester with the refund
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: -JOB_PRICE,
      market: JOB_PRICE + slashed,
      staking: -slashed,
    });
    assert.equal(await h.market.read.owed([h.token.address, requester.account.address]), JOB_PRICE + slashed);
    await h.market.write.withdraw([h.token.address], { account: requester.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: slashed,
      staking: -slashed,
    });

    // posted again: the jailed provider is not eligible, another one takes and delivers it
    const again = await createJob(h, requester, { specCid: request.specCid });
    assert.equal(again.jobId, jobId + 1n);
    assert.equal(await h.staking.read.isEligible([A, 0n, 0]), false);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.claimJob([again.jobId], { account: providerA.account }),
      h.market,
      "JobMarketProviderNotEligible",
      [again.jobId, A],
    );
    await h.market.write.claimJob([again.jobId], { account: providerB.account });
    await submitResult(h, again.jobId, providerB);
    await passChallengeWindow(h, again.jobId);
    await h.market.write.finalizeJob([again.jobId], { account: outsider.account });
    assert.equal(await h.market.read.owed([h.token.address, providerB.account.address]), JOB_PRICE - FEE);

    // once out of jail, the provider takes jobs again
    await passTime(h, expiredAt + jailPeriod);
    assert.equal(await h.staking.read.isEligible([A, 0n, 0]), true);
    const third = await createJob(h, requester);
    await h.market.write.claimJob([third.jobId], { account: providerA.account });
    assert.equal((await h.market.read.getJob([third.jobId])).provider, A);
  });

  it("test_batch_twoProviders: a relayer submits attestations and finalizes jobs of two providers in one call each", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, providerB, relayer, treasury } = h.roles;
    const A = addressOf(providerA);
    const B = addressOf(providerB);
    await registerAndStake(h, providerA, { amount: STAKE });
    await registerAndStake(h, providerB, { amount: STAKE });
    const accounts = accountsOf(h);
    const start = await tokenBalances(h, h.token.address, accounts);

    // five jobs of different prices: A takes 1, 2 and 5; B takes 3 and 4
    const prices = [10n * HRTH, 20n * HRTH, 30n * HRTH, 40n * HRTH, 50n * HRTH];
    const owners = [providerA, providerA, providerB, providerB, providerA];
    const ids: bigint[] = [];
    for (const price of prices) ids.push((await createJob(h, requester, { price })).jobId);
    for (const [i, id] of ids.entries()) await h.market.write.claimJob([id], { account: owners[i]!.account });
    const collateral = prices.map((p) => mulDivUp(p, COLLATERAL_BPS, BPS));
    const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
    assert.equal((await h.staking.read.getProvider([A])).locked, collateral[0]! + collateral[1]! + collateral[4]!);
    assert.equal((await h.staking.read.getProvider([B])).locked, collateral[2]! + collateral[3]!);

    const gpuMs = [1_000n, 2_500n, 3_999n, 60_000n, 999n];
    const items = ids.map((id, i) => ({
      signer: owners[i]!,
      attestation: makeAttestation(id, { gpuTimeMs: gpuMs[i]! }),
    }));
    // one bad signature (B's job signed by A) reverts the whole batch
    const forged = await signAll(h, items.map((it, i) => (i === 3 ? { ...it, signer: providerA } : it)));
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.submitAttestations([forged.attestations, forged.signatures], { account: relayer.account }),
      h.market,
      "JobMarketInvalidSignature",
      [ids[3]!, relayer.account.address, B],
    );
    const { attestations, signatures } = await signAll(h, items);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.submitAttestations([attestations, signatures.slice(1)], { account: relayer.account }),
      h.market,
      "JobMarketLengthMismatch",
      [5n, 4n],
    );
    const submitHash = await h.market.write.submitAttestations([attestations, signatures], { account: relayer.account });
    const submitReceipt = await h.publicClient.getTransactionReceipt({ hash: submitHash });
    for (const id of ids) {
      const job = await h.market.read.getJob([id]);
      assert.equal(job.status, JobStatus.Submitted);
      assert.equal(job.randomnessBlock, submitReceipt.blockNumber + 2n);
    }

    await passChallengeWindow(h, ids[0]!);
    // the order interleaves providers: runs are A(1,2), B(3,4), A(5)
    const finalizeHash = await h.market.write.finalizeJobs([ids], { account: relayer.account });
    for (const [i, id] of ids.entries()) {
      const fee = (prices[i]! * PROTOCOL_FEE_BPS) / BPS;
      await h.viem.assertions.emitWithArgs(finalizeHash, h.market, "JobFinalized", [
        id,
        owners[i]!.account.address,
        prices[i]! - fee,
        fee,
        0n,
      ]);
      assert.equal((await h.market.read.getJob([id])).status, JobStatus.Finalized);
    }
    const pick = (xs: bigint[], idx: number[]) => idx.map((i) => xs[i]!);
    const feeOf = (p: bigint) => (p * PROTOCOL_FEE_BPS) / BPS;
    const aJobs = [0, 1, 4];
    const bJobs = [2, 3];
    assert.equal((await h.staking.read.getProvider([A])).locked, 0n);
    assert.equal((await h.staking.read.getProvider([B])).locked, 0n);
    assert.deepEqual(await h.market.read.providerStats([A]), {
      completed: 3,
      expired: 0,
      disputesLost: 0,
      disputesWon: 0,
      released: 0,
      gpuSeconds: 1n + 2n + 0n,
      earnedPoints: sum(pick(prices, aJobs)),
    });
    assert.deepEqual(await h.market.read.providerStats([B]), {
      completed: 2,
      expired: 0,
      disputesLost: 0,
      disputesWon: 0,
      released: 0,
      gpuSeconds: 3n + 60n,
      earnedPoints: sum(pick(prices, bJobs)),
    });
    const epoch = await h.rewards.read.epochAt([await blockTimeOf(h, finalizeHash)]);
    assert.equal(await h.rewards.read.providerPoints([epoch, A]), sum(pick(prices, aJobs)));
    assert.equal(await h.rewards.read.providerPoints([epoch, B]), sum(pick(prices, bJobs)));
    assert.equal(await h.rewards.read.epochPoints([epoch]), sum(prices));

    const payA = sum(pick(prices, aJobs).map((p) => p - feeOf(p)));
    const payB = sum(pick(prices, bJobs).map((p) => p - feeOf(p)));
    const fees = sum(prices.map(feeOf));
    assert.equal(await h.market.read.owed([h.token.address, A]), payA);
    assert.equal(await h.market.read.owed([h.token.address, B]), payB);
    assert.equal(await h.market.read.owed([h.token.address, treasury.account.address]), fees);
    for (const w of [providerA, providerB, treasury]) {
      await h.market.write.withdraw([h.token.address], { account: w.account });
    }
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, accounts)), {
      ...ZERO_DELTAS,
      requester: -sum(prices),
      providerA: payA,
      providerB: payB,
      treasury: fees,
    });

    // finalizing again fails on the first job already finalized
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.finalizeJobs([ids], { account: relayer.account }),
      h.market,
      "JobMarketWrongStatus",
      [ids[0]!, JobStatus.Finalized, JobStatus.Submitted],
    );
  });

  it("test_unstake_lifecycle: stake, request unstake, wait out unbonding, withdraw", async () => {
    const h = await deployWithRoles();
    const { providerA, requester } = h.roles;
    const A = addressOf(providerA);
    await registerAndStake(h, providerA, { amount: STAKE });
    const { jobId } = await createJob(h, requester);
    await h.market.write.claimJob([jobId], { account: providerA.account });
    // locked collateral cannot be unstaked
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.staking.write.requestUnstake([STAKE], { account: providerA.account }),
      h.staking,
      "StakingInsufficientFreeStake",
      [STAKE - COLLATERAL, STAKE],
    );
    const amount = 50n * HRTH;
    const requestHash = await h.staking.write.requestUnstake([amount], { account: providerA.account });
    const end = (await blockTimeOf(h, requestHash)) + (await h.staking.read.unbondingPeriod());
    await h.viem.assertions.emitWithArgs(requestHash, h.staking, "UnstakeRequested", [A, amount, amount, end]);
    let p = await h.staking.read.getProvider([A]);
    assert.equal(p.bonded, STAKE - amount);
    assert.equal(p.unbonding, amount);
    assert.equal(p.unbondingEnd, end);
    await h.viem.assertions.revertWithCustomError(
      h.staking.write.withdraw({ account: providerA.account }),
      h.staking,
      "StakingUnbondingNotOver",
    );
    await passTime(h, end);
    const before = await h.token.read.balanceOf([A]);
    const withdrawHash = await h.staking.write.withdraw({ account: providerA.account });
    await h.viem.assertions.emitWithArgs(withdrawHash, h.staking, "Withdrawn", [A, amount]);
    assert.equal((await h.token.read.balanceOf([A])) - before, amount);
    p = await h.staking.read.getProvider([A]);
    assert.equal(p.unbonding, 0n);
    assert.equal(p.bonded, STAKE - amount);
    assert.equal(p.locked, COLLATERAL);
  });
});
