import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Hash } from "viem";
import { blockTimeOf, passChallengeWindow, passTime, startNextEpoch } from "../support/chainTime.ts";
import { createJob } from "../support/createJob.ts";
import { addressOf, HRTH, type Wallet } from "../support/deployHearth.ts";
import { deployWithRoles, type HearthWithRoles } from "../support/deployWithRoles.ts";
import { emissionFor } from "../support/protocolMath.ts";
import { registerAndStake } from "../support/registerAndStake.ts";
import { makeAttestation, signAll } from "../support/signAttestation.ts";

const STAKE = 500n * HRTH;

/** Creates, claims, batch-submits and batch-finalizes one job per item; returns the finalize transaction. */
async function settleJobs(h: HearthWithRoles, items: ReadonlyArray<{ provider: Wallet; price: bigint }>): Promise<Hash> {
  const { requester, relayer } = h.roles;
  const ids: bigint[] = [];
  for (const { provider, price } of items) {
    const { jobId } = await createJob(h, requester, { price });
    await h.market.write.claimJob([jobId], { account: provider.account });
    ids.push(jobId);
  }
  const { attestations, signatures } = await signAll(
    h,
    items.map(({ provider }, i) => ({ signer: provider, attestation: makeAttestation(ids[i]!) })),
  );
  await h.market.write.submitAttestations([attestations, signatures], { account: relayer.account });
  await passChallengeWindow(h, ids[ids.length - 1]!);
  return h.market.write.finalizeJobs([ids], { account: relayer.account });
}

describe("rewards", () => {
  it("test_rewards_severalEpochs: decaying emission split by points, claimable after the epoch, forfeited after a slash", async () => {
    const h = await deployWithRoles();
    const { providerA, providerB, requester, outsider } = h.roles;
    const A = addressOf(providerA);
    const B = addressOf(providerB);
    await registerAndStake(h, providerA, { amount: STAKE });
    await registerAndStake(h, providerB, { amount: STAKE });
    const initialEmission = await h.rewards.read.initialEmission();
    const decayBps = await h.rewards.read.decayBps();
    assert.equal(initialEmission, 1_000_000n * HRTH);
    assert.equal(decayBps, 9_900n);

    // epoch e0: A earns 30 points in three jobs, B earns 10 in one
    const e0 = await startNextEpoch(h);
    const f0 = await settleJobs(h, [
      { provider: providerA, price: 5n * HRTH },
      { provider: providerB, price: 10n * HRTH },
      { provider: providerA, price: 10n * HRTH },
      { provider: providerA, price: 15n * HRTH },
    ]);
    assert.equal(await h.rewards.read.epochAt([await blockTimeOf(h, f0)]), e0);
    assert.equal(await h.rewards.read.providerPoints([e0, A]), 30n * HRTH);
    assert.equal(await h.rewards.read.providerPoints([e0, B]), 10n * HRTH);
    assert.equal(await h.rewards.read.epochPoints([e0]), 40n * HRTH);
    // not claimable while the epoch runs
    assert.equal(await h.rewards.read.claimable([e0, A]), 0n);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[e0]], { account: providerA.account }),
      h.rewards,
      "RewardsEpochNotOver",
      [e0, e0],
    );

    // epoch e1: A 10, B 30
    const e1 = await startNextEpoch(h);
    assert.equal(e1, e0 + 1n);
    const f1 = await settleJobs(h, [
      { provider: providerB, price: 30n * HRTH },
      { provider: providerA, price: 10n * HRTH },
    ]);
    assert.equal(await h.rewards.read.epochAt([await blockTimeOf(h, f1)]), e1);

    // epoch e2: each earns 20, then B lets an assigned job expire and is slashed
    const e2 = await startNextEpoch(h);
    const late = await createJob(h, requester, { deadline: (await h.networkHelpers.time.latest()) + 15 });
    await h.market.write.claimJob([late.jobId], { account: providerB.account });
    const f2 = await settleJobs(h, [
      { provider: providerA, price: 20n * HRTH },
      { provider: providerB, price: 20n * HRTH },
    ]);
    await passTime(h, BigInt(late.request.deadline));
    const expireHash = await h.market.write.expireJob([late.jobId], { account: outsider.account });
    assert.equal(await h.rewards.read.epochAt([await blockTimeOf(h, f2)]), e2);
    assert.equal(await h.rewards.read.epochAt([await blockTimeOf(h, expireHash)]), e2);
    await h.viem.assertions.emitWithArgs(expireHash, h.rewards, "RewardsForfeited", [e2, B]);
    assert.equal(await h.rewards.read.isForfeited([e2, B]), true);
    assert.equal(await h.rewards.read.isForfeited([e2, A]), false);

    await startNextEpoch(h);

    // emission decays every epoch, exactly as initialEmission * 0.99^epoch
    const em = [e0, e1, e2].map((e) => emissionFor(initialEmission, decayBps, e));
    for (const [i, e] of [e0, e1, e2].entries()) assert.equal(await h.rewards.read.emissionForEpoch([e]), em[i]);
    assert.ok(em[0]! > em[1]! && em[1]! > em[2]!);
    assert.equal(await h.rewards.read.emissionForEpoch([0n]), initialEmission);

    const shareA = [(em[0]! * 30n) / 40n, (em[1]! * 10n) / 40n, (em[2]! * 20n) / 40n];
    const shareB = [(em[0]! * 10n) / 40n, (em[1]! * 30n) / 40n];
    assert.equal(await h.rewards.read.claimable([e0, A]), shareA[0]);
    assert.equal(await h.rewards.read.claimable([e2, B]), 0n); // forfeited
    const supplyBefore = await h.token.read.totalSupply();

    const balanceA = await h.token.read.balanceOf([A]);
    const claimA = await h.rewards.write.claim([[e0, e1, e2]], { account: providerA.account });
    for (const [i, e] of [e0, e1, e2].entries()) {
      await h.viem.assertions.emitWithArgs(claimA, h.rewards, "RewardsClaimed", [e, A, shareA[i]!]);
    }
    const totalA = shareA.reduce((x, y) => x + y, 0n);
    assert.equal((await h.token.read.balanceOf([A])) - balanceA, totalA);
    assert.equal(await h.rewards.read.isClaimed([e1, A]), true);

    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[e2]], { account: providerB.account }),
      h.rewards,
      "RewardsForfeitedInEpoch",
      [e2, B],
    );
    const balanceB = await h.token.read.balanceOf([B]);
    await h.rewards.write.claim([[e0, e1]], { account: providerB.account });
    const totalB = shareB.reduce((x, y) => x + y, 0n);
    assert.equal((await h.token.read.balanceOf([B])) - balanceB, totalB);

    // nothing is minted twice, nor for someone without points; B's forfeited share is never minted
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[e0]], { account: providerA.account }),
      h.rewards,
      "RewardsAlreadyClaimed",
      [e0, A],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[e1, e0]], { account: providerB.account }),
      h.rewards,
      "RewardsAlreadyClaimed",
      [e1, B],
    );
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.rewards.write.claim([[e0]], { account: outsider.account }),
      h.rewards,
      "RewardsNothingToClaim",
      [e0, addressOf(outsider)],
    );
    assert.equal((await h.token.read.totalSupply()) - supplyBefore, totalA + totalB);
  });

  it("test_rewards_pointsFollowValueNotCount: one stablecoin job is worth its HRTH value in points", async () => {
    const h = await deployWithRoles();
    const { providerA, providerB, requester, relayer } = h.roles;
    const A = addressOf(providerA);
    const B = addressOf(providerB);
    await registerAndStake(h, providerA, { amount: STAKE });
    await registerAndStake(h, providerB, { amount: STAKE });
    const e = await startNextEpoch(h);
    // A: one 2 tUSD job = 20 HRTH of points at 10 HRTH per tUSD; B: two 5 HRTH jobs = 10 points
    const usdJob = await createJob(h, requester, { token: h.stablecoin.address, price: 2_000_000n });
    await h.market.write.claimJob([usdJob.jobId], { account: providerA.account });
    const items = [{ signer: providerA, attestation: makeAttestation(usdJob.jobId) }];
    for (let i = 0; i < 2; i++) {
      const { jobId } = await createJob(h, requester, { price: 5n * HRTH });
      await h.market.write.claimJob([jobId], { account: providerB.account });
      items.push({ signer: providerB, attestation: makeAttestation(jobId) });
    }
    const { attestations, signatures } = await signAll(h, items);
    await h.market.write.submitAttestations([attestations, signatures], { account: relayer.account });
    await passChallengeWindow(h, usdJob.jobId);
    await h.market.write.finalizeJobs([attestations.map((a) => a.jobId)], { account: relayer.account });
    assert.equal(await h.rewards.read.providerPoints([e, A]), 20n * HRTH);
    assert.equal(await h.rewards.read.providerPoints([e, B]), 10n * HRTH);
    await startNextEpoch(h);
    const em = emissionFor(await h.rewards.read.initialEmission(), await h.rewards.read.decayBps(), e);
    assert.equal(await h.rewards.read.claimable([e, A]), (em * 20n) / 30n);
    assert.equal(await h.rewards.read.claimable([e, B]), (em * 10n) / 30n);
  });
});
