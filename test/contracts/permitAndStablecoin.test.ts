import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringToHex } from "viem";
import { passChallengeWindow } from "../support/chainTime.ts";
import { createJob, jobRequest } from "../support/createJob.ts";
import { addressOf, HRTH, USD } from "../support/deployHearth.ts";
import { deployWithRoles } from "../support/deployWithRoles.ts";
import { JobStatus } from "../support/enums.ts";
import { BPS, hrthValue, mulDivUp } from "../support/protocolMath.ts";
import { registerAndStake } from "../support/registerAndStake.ts";
import { submitResult } from "../support/signAttestation.ts";
import { signPermit } from "../support/signPermit.ts";
import { deltas, tokenBalances } from "../support/tokenBalances.ts";

const STAKE = 200n * HRTH;
/** Devnet rate: 1 tUSD (1e6 units) is worth 10 HRTH, so one unit is 1e13 HRTH wei; scaled by 1e18. */
const USD_RATE = 10n ** 31n;

describe("permits", () => {
  it("test_createJobWithPermit: escrow with a viem-signed EIP-2612 permit instead of approve", async () => {
    const h = await deployWithRoles();
    const { requester } = h.roles;
    const R = addressOf(requester);
    const request = await jobRequest(h);
    const nonce = await h.token.read.nonces([R]);
    const permit = await signPermit(h, requester, h.token.address, h.market.address, request.price);
    const start = await tokenBalances(h, h.token.address, { requester: R, market: h.market.address });
    const hash = await h.market.write.createJobWithPermit([request, permit.deadline, permit.v, permit.r, permit.s], {
      account: requester.account,
    });
    await h.viem.assertions.emit(hash, h.market, "JobCreated");
    await h.viem.assertions.emitWithArgs(hash, h.token, "Approval", [R, h.market.address, request.price]);
    assert.equal(await h.token.read.nonces([R]), nonce + 1n);
    assert.equal(await h.token.read.allowance([R, h.market.address]), 0n);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, { requester: R, market: h.market.address })), {
      requester: -request.price,
      market: request.price,
    });
    assert.equal((await h.market.read.getJob([1n])).status, JobStatus.Open);
  });

  it("test_createJobWithPermit_frontRun: a permit already used by someone else still lets the job through", async () => {
    const h = await deployWithRoles();
    const { requester, outsider } = h.roles;
    const R = addressOf(requester);
    const request = await jobRequest(h);
    const permit = await signPermit(h, requester, h.token.address, h.market.address, request.price);
    // a griefer submits the permit first: the nonce is spent, but the allowance is in place
    await h.token.write.permit([R, h.market.address, request.price, permit.deadline, permit.v, permit.r, permit.s], {
      account: outsider.account,
    });
    await h.market.write.createJobWithPermit([request, permit.deadline, permit.v, permit.r, permit.s], {
      account: requester.account,
    });
    assert.equal(await h.market.read.jobCount(), 1n);
    assert.equal(await h.token.read.allowance([R, h.market.address]), 0n);
  });

  it("test_createJobWithPermit_badPermit: a permit for less, without an allowance, fails on the transfer", async () => {
    const h = await deployWithRoles();
    const { requester } = h.roles;
    const request = await jobRequest(h);
    const permit = await signPermit(h, requester, h.token.address, h.market.address, request.price - 1n);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.createJobWithPermit([request, permit.deadline, permit.v, permit.r, permit.s], {
        account: requester.account,
      }),
      h.token,
      "ERC20InsufficientAllowance",
      [h.market.address, 0n, request.price],
    );
  });

  it("test_stakeWithPermit: a provider stakes without a separate approve", async () => {
    const h = await deployWithRoles();
    const { providerA } = h.roles;
    const A = addressOf(providerA);
    await h.staking.write.register(["bafkreimeta", 30], { account: providerA.account });
    const amount = 150n * HRTH;
    const permit = await signPermit(h, providerA, h.token.address, h.staking.address, amount);
    const start = await tokenBalances(h, h.token.address, { provider: A, staking: h.staking.address });
    const hash = await h.staking.write.stakeWithPermit([amount, permit.deadline, permit.v, permit.r, permit.s], {
      account: providerA.account,
    });
    await h.viem.assertions.emitWithArgs(hash, h.staking, "Staked", [A, amount, amount]);
    assert.deepEqual(deltas(start, await tokenBalances(h, h.token.address, { provider: A, staking: h.staking.address })), {
      provider: -amount,
      staking: amount,
    });
    assert.equal((await h.staking.read.getProvider([A])).bonded, amount);
    assert.equal(await h.token.read.allowance([A, h.staking.address]), 0n);
    assert.equal(await h.token.read.nonces([A]), 1n);
  });
});

describe("stablecoin payments", () => {
  it("test_lifecycle_tUSD: collateral, bond and work points valued through configureToken's rate; fees in tUSD", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, treasury, outsider } = h.roles;
    const R = addressOf(requester);
    const A = addressOf(providerA);
    await registerAndStake(h, providerA, { amount: STAKE });
    assert.deepEqual(await h.market.read.tokenConfig([h.stablecoin.address]), { allowed: true, hrthPerUnitWad: USD_RATE });
    assert.equal(await h.stablecoin.read.decimals(), 6);

    const price = 5n * USD; // 5 tUSD = 50 HRTH
    const value = hrthValue(price, USD_RATE);
    assert.equal(value, 50n * HRTH);
    assert.equal(await h.market.read.hrthValue([h.stablecoin.address, price]), value);
    const request = await jobRequest(h, { token: h.stablecoin.address, price });
    const permit = await signPermit(h, requester, h.stablecoin.address, h.market.address, price);
    const accounts = { requester: R, provider: A, treasury: addressOf(treasury), market: h.market.address };
    const start = await tokenBalances(h, h.stablecoin.address, accounts);
    await h.market.write.createJobWithPermit([request, permit.deadline, permit.v, permit.r, permit.s], {
      account: requester.account,
    });
    const jobId = await h.market.read.jobCount();

    const collateral = mulDivUp(price * USD_RATE, 15_000n, 10n ** 18n * BPS); // 75 HRTH
    assert.equal(collateral, 75n * HRTH);
    const claimHash = await h.market.write.claimJob([jobId], { account: providerA.account });
    await h.viem.assertions.emitWithArgs(claimHash, h.market, "JobClaimed", [jobId, A, collateral]);
    assert.equal((await h.staking.read.getProvider([A])).locked, collateral);
    // a challenge bond is half the HRTH value: 25 HRTH, above the 10 HRTH floor
    assert.equal(await h.court.read.bondFor([jobId]), 25n * HRTH);

    await submitResult(h, jobId, providerA);
    await passChallengeWindow(h, jobId);
    const fee = (price * 250n) / BPS; // 0.125 tUSD
    const finalizeHash = await h.market.write.finalizeJob([jobId], { account: outsider.account });
    await h.viem.assertions.emitWithArgs(finalizeHash, h.market, "JobFinalized", [jobId, A, price - fee, fee, 0n]);
    assert.equal((await h.market.read.providerStats([A])).earnedPoints, value);
    assert.equal((await h.staking.read.getProvider([A])).locked, 0n);
    assert.equal(await h.market.read.owed([h.stablecoin.address, A]), price - fee);
    assert.equal(await h.market.read.owed([h.token.address, A]), 0n);
    await h.market.write.withdraw([h.stablecoin.address], { account: providerA.account });
    await h.market.write.withdraw([h.stablecoin.address], { account: treasury.account });
    assert.deepEqual(deltas(start, await tokenBalances(h, h.stablecoin.address, accounts)), {
      requester: -price,
      provider: price - fee,
      treasury: fee,
      market: 0n,
    });
  });

  it("test_configureToken_rateChange: a new rate sizes new collateral; disallowing stops new jobs only", async () => {
    const h = await deployWithRoles();
    const { requester, providerA, deployer, outsider } = h.roles;
    const A = addressOf(providerA);
    await registerAndStake(h, providerA, { amount: STAKE });
    const approveUsd = (amount: bigint) =>
      h.stablecoin.write.approve([h.market.address, amount], { account: requester.account });

    await approveUsd(USD);
    const first = await createJob(h, requester, { token: h.stablecoin.address, price: USD }, { approve: false });
    await h.market.write.claimJob([first.jobId], { account: providerA.account });
    assert.equal((await h.market.read.getJob([first.jobId])).collateral, 15n * HRTH);

    // 1 tUSD is now worth 20 HRTH
    const newRate = 2n * USD_RATE;
    const configHash = await h.market.write.configureToken([h.stablecoin.address, true, newRate], {
      account: deployer.account,
    });
    await h.viem.assertions.emitWithArgs(configHash, h.market, "TokenConfigured", [h.stablecoin.address, true, newRate]);
    await approveUsd(USD);
    const second = await createJob(h, requester, { token: h.stablecoin.address, price: USD }, { approve: false });
    await h.market.write.claimJob([second.jobId], { account: providerA.account });
    assert.equal((await h.market.read.getJob([second.jobId])).collateral, 30n * HRTH);
    assert.equal((await h.market.read.getJob([first.jobId])).collateral, 15n * HRTH); // fixed at claim

    // disallowed: no new jobs in tUSD, but jobs already running settle
    await h.market.write.configureToken([h.stablecoin.address, false, newRate], { account: deployer.account });
    await approveUsd(USD);
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      createJob(h, requester, { token: h.stablecoin.address, price: USD }, { approve: false }).then((j) => j.hash),
      h.market,
      "JobMarketTokenNotAllowed",
      [h.stablecoin.address],
    );
    await submitResult(h, first.jobId, providerA);
    await passChallengeWindow(h, first.jobId);
    await h.market.write.finalizeJob([first.jobId], { account: outsider.account });
    // work points use the rate at finalization
    assert.equal((await h.market.read.providerStats([A])).earnedPoints, 20n * HRTH);
    assert.equal((await h.staking.read.getProvider([A])).locked, 30n * HRTH); // only the second job's collateral
    await h.viem.assertions.revertWithCustomErrorWithArgs(
      h.market.write.configureToken([h.stablecoin.address, true, 0n], { account: deployer.account }),
      h.market,
      "JobMarketParameterOutOfBounds",
      [stringToHex("hrthPerUnitWad", { size: 32 }), 0n, 1n, 10n ** 36n],
    );
  });

  it("test_claimJob_collateralRoundsUp: a 3 wei job locks 5 wei (1.5x rounded up), never less", async () => {
    const h = await deployWithRoles();
    const { requester, providerA } = h.roles;
    await registerAndStake(h, providerA, { amount: STAKE });
    const { jobId } = await createJob(h, requester, { price: 3n });
    await h.market.write.claimJob([jobId], { account: providerA.account });
    assert.equal((await h.market.read.getJob([jobId])).collateral, 5n);
  });
});
