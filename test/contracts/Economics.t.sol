// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {JobMarket} from "../../contracts/JobMarket.sol";
import {IDisputeCourt} from "../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

/// @notice Fuzzed money flows: every fee, payout, refund and slash adds up to the wei, for random prices,
/// parameters and stakes, and never takes more than a provider has.
contract EconomicsTest is HearthFixture {
    address private worker;

    function setUp() public override {
        super.setUp();
        _setUpProviders(); // the committee pool
        uint256 key;
        (worker, key) = makeAddrAndKey("worker");
        keyOf[worker] = key;
    }

    function _setMarket(uint16 feeBps, uint16 verifierBps, uint16 collateralBps, uint16 expiryBps, uint16 disputeBps)
        private
    {
        JobMarket.Parameters memory p = _marketParameters();
        p.protocolFeeBps = feeBps;
        p.verifierFeeBps = verifierBps;
        p.collateralBps = collateralBps;
        p.expirySlashBps = expiryBps;
        p.disputeSlashBps = disputeBps;
        vm.prank(governor);
        market.setParameters(p);
    }

    function _withdrawAll(address paymentToken, address[4] memory accounts) private {
        for (uint256 i; i < accounts.length; ++i) {
            if (market.owed(paymentToken, accounts[i]) == 0) continue;
            vm.prank(accounts[i]);
            market.withdraw(paymentToken);
        }
    }

    // ---------------------------------------------------------------- finalize

    function testFuzz_finalize_payoutsAddUpToPrice(
        uint256 price,
        uint256 feeBps,
        uint256 verifierBps,
        bool verified,
        bool payInHrth
    ) public {
        feeBps = bound(feeBps, 0, market.MAX_PROTOCOL_FEE_BPS());
        verifierBps = bound(verifierBps, 0, feeBps);
        _setMarket(uint16(feeBps), uint16(verifierBps), COLLATERAL_BPS, EXPIRY_SLASH_BPS, DISPUTE_SLASH_BPS);
        _registerAndStake(worker, 100_000_000e18);
        address paymentToken = payInHrth ? address(token) : address(usd);
        // Up to 10M HRTH of value either way, so 1.5x collateral fits the stake.
        price = bound(price, 1, payInHrth ? 10_000_000e18 : 1_000_000 * USD);

        uint256 jobId = _create(requester, _request(paymentToken, price));
        assertEq(_balance(paymentToken, address(market)), price, "escrow is the price");
        _claim(jobId, worker);
        _submit(jobId);
        address verifier = providers[2];
        if (verified) {
            vm.prank(address(court));
            market.recordVerification(jobId, verifier);
        }
        _passChallengeWindow();
        market.finalizeJob(jobId);

        uint256 fee = price * feeBps / BPS;
        uint256 verifierFee = verified ? price * verifierBps / BPS : 0;
        uint256 toWorker = market.owed(paymentToken, worker);
        uint256 toTreasury = market.owed(paymentToken, treasury);
        uint256 toVerifier = market.owed(paymentToken, verifier);
        assertEq(toWorker, price - fee, "provider: price less fee");
        assertEq(toVerifier, verifierFee, "verifier: its cut");
        assertEq(toTreasury, fee - verifierFee, "treasury: the rest of the fee");
        assertEq(toWorker + toTreasury + toVerifier, price, "adds up to the wei");
        assertEq(staking.getProvider(worker).locked, 0, "collateral released");

        _withdrawAll(paymentToken, [worker, treasury, verifier, requester]);
        assertEq(_balance(paymentToken, address(market)), 0, "nothing stuck");
    }

    function _balance(address paymentToken, address account) private view returns (uint256) {
        return paymentToken == address(token) ? token.balanceOf(account) : usd.balanceOf(account);
    }

    // ---------------------------------------------------------------- collateral

    function testFuzz_claimJob_collateralCoversTheExactValue(uint256 price, uint256 wad, uint256 collateralBps)
        public
    {
        wad = bound(wad, 1, market.MAX_HRTH_PER_UNIT_WAD());
        collateralBps = bound(collateralBps, market.MIN_COLLATERAL_BPS(), market.MAX_COLLATERAL_BPS());
        _setMarket(PROTOCOL_FEE_BPS, VERIFIER_FEE_BPS, uint16(collateralBps), EXPIRY_SLASH_BPS, DISPUTE_SLASH_BPS);
        vm.prank(governor);
        market.configureToken(address(usd), true, uint128(wad));
        // Keep the job's value under 1e26 HRTH wei so 5x collateral fits a 900M HRTH stake.
        uint256 maxPrice = 1e26 * 1e18 / wad;
        price = bound(price, 1, maxPrice < type(uint96).max ? (maxPrice == 0 ? 1 : maxPrice) : type(uint96).max);
        _registerAndStake(worker, 900_000_000e18);

        uint256 jobId = _createUsdJob(price);
        _claim(jobId, worker);
        uint256 collateral = market.getJob(jobId).collateral;
        uint256 exact = price * wad * collateralBps; // collateral target, scaled by 1e18 * BPS
        assertGe(collateral * 1e18 * BPS, exact, "at least collateralBps of the exact value");
        assertGt(collateral, 0, "never free");
        assertLt((collateral - 1) * 1e18 * BPS, exact, "rounded up by less than one wei");
        assertGe(collateral * BPS, market.hrthValue(address(usd), price) * 11_000, "at least 1.1x the HRTH value");
        assertEq(staking.getProvider(worker).locked, collateral, "locked in staking");
    }

    // ---------------------------------------------------------------- expiry

    function testFuzz_expireJob_slashAddsUp(uint256 price, uint256 stakeAmount, uint256 expiryBps) public {
        expiryBps = bound(expiryBps, 0, market.MAX_EXPIRY_SLASH_BPS());
        _setMarket(PROTOCOL_FEE_BPS, VERIFIER_FEE_BPS, COLLATERAL_BPS, uint16(expiryBps), DISPUTE_SLASH_BPS);
        stakeAmount = bound(stakeAmount, MIN_STAKE, 100_000_000e18);
        _registerAndStake(worker, stakeAmount);
        // Collateral 1.5x of price * 10 HRTH/tUSD must fit the stake.
        price = bound(price, 1, stakeAmount / 15e12);

        uint256 jobId = _createUsdJob(price);
        _claim(jobId, worker);
        uint256 collateral = market.getJob(jobId).collateral;
        uint256 stakingBefore = token.balanceOf(address(staking));
        vm.warp(market.getJob(jobId).deadline);
        market.expireJob(jobId);

        uint256 slashed = collateral * expiryBps / BPS;
        IProviderStaking.Provider memory p = staking.getProvider(worker);
        assertEq(p.bonded, stakeAmount - slashed, "bonded down by the slash only");
        assertEq(p.locked, 0, "rest of the collateral released");
        assertEq(token.balanceOf(address(staking)), stakingBefore - slashed, "staking paid the slash");
        assertEq(token.balanceOf(address(market)), slashed, "market received it");
        assertEq(market.owed(address(token), requester), slashed, "requester compensated with all of it");
        assertEq(market.owed(address(usd), requester), price, "requester refunded in full");
        assertEq(usd.balanceOf(address(market)), price, "refund held");
    }

    // ---------------------------------------------------------------- disputes

    struct Balances {
        uint256 challenger;
        uint256 treasury;
        uint256 worker;
        uint256 members;
        uint256 court;
        uint256 staking;
    }

    function _snapshot(address[] memory members) private view returns (Balances memory b) {
        b.challenger = token.balanceOf(challenger);
        b.treasury = token.balanceOf(treasury);
        b.worker = token.balanceOf(worker);
        for (uint256 i; i < members.length; ++i) {
            b.members += token.balanceOf(members[i]);
        }
        b.court = token.balanceOf(address(court));
        b.staking = token.balanceOf(address(staking));
    }

    function _setCourt(uint256 bountyBps, uint256 committeeRewardBps, uint256 providerShareBps) private {
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.bountyBps = uint16(bountyBps);
        p.committeeRewardBps = uint16(committeeRewardBps);
        p.providerBondShareBps = uint16(providerShareBps);
        vm.prank(governor);
        court.setParameters(p);
    }

    function testFuzz_resolve_atFaultSlashAddsUpAndNeverExceedsStake(
        uint256 price,
        uint256 stakeAmount,
        uint256 unbondingAmount,
        uint256 disputeBps,
        uint256 bountyBps,
        uint256 committeeRewardBps,
        uint8 faultMask
    ) public {
        disputeBps = bound(disputeBps, 0, market.MAX_DISPUTE_SLASH_BPS());
        _setMarket(PROTOCOL_FEE_BPS, VERIFIER_FEE_BPS, COLLATERAL_BPS, EXPIRY_SLASH_BPS, uint16(disputeBps));
        _setCourt(bound(bountyBps, 0, 5_000), bound(committeeRewardBps, 0, 3_000), PROVIDER_BOND_SHARE_BPS);
        stakeAmount = bound(stakeAmount, MIN_STAKE, 100_000_000e18);
        _registerAndStake(worker, stakeAmount);
        price = bound(price, 1, stakeAmount / 15e12);
        uint256 jobId = _createUsdJob(price);
        _claim(jobId, worker);
        // The provider tries to walk away with everything that is not locked.
        unbondingAmount = bound(unbondingAmount, 0, staking.freeStake(worker));
        if (unbondingAmount > 0) {
            vm.prank(worker);
            staking.requestUnstake(unbondingAmount);
        }
        _submit(jobId);
        uint256 bond = _challenge(jobId, challenger);
        address[] memory members = _drawCommittee(jobId);
        // At least two of three say "at fault": the provider loses.
        bool[3] memory votes = [true, true, faultMask % 2 == 0];
        if (faultMask % 3 == 0) (votes[0], votes[2]) = (false, true);
        _vote(jobId, votes);
        _resolveAndCheckAtFault(jobId, bond, members, disputeBps);
        assertEq(market.owed(address(usd), requester), price, "requester refunded in full");
    }

    function _resolveAndCheckAtFault(uint256 jobId, uint256 bond, address[] memory members, uint256 disputeBps)
        private
    {
        IProviderStaking.Provider memory before = staking.getProvider(worker);
        Balances memory b0 = _snapshot(members);
        court.resolve(jobId);
        Balances memory b1 = _snapshot(members);
        IProviderStaking.Provider memory afterResolve = staking.getProvider(worker);

        uint256 collateral = market.getJob(jobId).collateral;
        uint256 held = uint256(before.bonded) + before.unbonding;
        uint256 extra = (held - collateral) * disputeBps / BPS;
        uint256 slashed = held - (uint256(afterResolve.bonded) + afterResolve.unbonding);
        assertEq(slashed, collateral + extra, "collateral plus the capped share");
        assertLe(slashed, held, "never more than the provider had");
        assertEq(b0.staking - b1.staking, slashed, "staking paid exactly the slash");
        uint256 paidOut = (b1.challenger - b0.challenger) + (b1.treasury - b0.treasury) + (b1.members - b0.members)
            + (b1.worker - b0.worker);
        assertEq(b0.court - b1.court, bond, "court released the bond");
        assertEq(paidOut, bond + slashed, "bond and slash paid out to the wei");
        assertGe(b1.challenger - b0.challenger, bond, "a right challenger never loses its bond");
        assertEq(b1.court, 0, "court keeps nothing");
        assertEq(afterResolve.locked, 0, "collateral gone");
    }

    function testFuzz_resolve_wrongChallengerBondAddsUp(uint256 price, uint256 providerShareBps, uint256 committeeBps)
        public
    {
        _setCourt(BOUNTY_BPS, bound(committeeBps, 0, 3_000), bound(providerShareBps, 0, BPS));
        _registerAndStake(worker, 10_000e18);
        price = bound(price, 1, uint256(10_000e18) / 15e12);
        uint256 jobId = _createUsdJob(price);
        _claim(jobId, worker);
        _submit(jobId);
        uint256 bond = _challenge(jobId, challenger);
        assertGe(bond, MIN_BOND, "bond floor");
        address[] memory members = _drawCommittee(jobId);
        _vote(jobId, [false, false, true]);
        Balances memory b0 = _snapshot(members);
        court.resolve(jobId);
        Balances memory b1 = _snapshot(members);
        uint256 toProvider = bond * court.parameters().providerBondShareBps / BPS;
        assertEq(b1.worker - b0.worker, toProvider, "provider's share of the bond");
        assertEq(b1.challenger, b0.challenger, "challenger gets nothing back");
        assertEq(
            (b1.worker - b0.worker) + (b1.treasury - b0.treasury) + (b1.members - b0.members), bond, "bond split exactly"
        );
        assertEq(b0.staking, b1.staking, "nobody slashed");
        assertEq(b1.court, 0, "court empty");
        assertEq(
            market.owed(address(usd), worker) + market.owed(address(usd), treasury), price, "job paid in full"
        );
    }

    function testFuzz_bondFor_respectsFloorAndProportion(uint256 price, uint256 bondBps, uint256 minBond) public {
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.bondBps = uint16(bound(bondBps, 0, court.MAX_BOND_BPS()));
        p.minBond = uint96(bound(minBond, court.MIN_BOND_FLOOR(), court.MAX_MIN_BOND()));
        vm.prank(governor);
        court.setParameters(p);
        _registerAndStake(worker, 100_000_000e18);
        price = bound(price, 1, 1_000_000 * USD);
        uint256 jobId = _submittedUsdJob(worker, price);
        uint256 bond = court.bondFor(jobId);
        uint256 proportional = market.hrthValue(address(usd), price) * p.bondBps / BPS;
        assertGe(bond, 1e18, "every challenge costs at least 1 HRTH");
        assertGe(bond, p.minBond, "floor");
        assertGe(bond, proportional, "proportional");
        assertTrue(bond == p.minBond || bond == proportional, "the larger of the two");
    }
}
