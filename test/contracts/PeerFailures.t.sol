// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {IDisputeCourt} from "../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.sol";
import {ReentrancyAttacker} from "./mocks/ReentrancyAttacker.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";

/// @notice Failures seen in peer compute and oracle networks, each replayed against Hearth's contracts.
contract PeerFailuresTest is HearthFixture {
    uint256 private constant PRICE = 10 * USD;

    address private alice;
    ReentrantToken private rent;
    ReentrancyAttacker private attacker;

    function setUp() public override {
        super.setUp();
        _setUpProviders();
        alice = providers[0];
        rent = new ReentrantToken();
        attacker = new ReentrancyAttacker(market);
        rent.setHook(address(attacker));
        // Governance allow-lists it, unaware of the hook: the market must hold up anyway.
        vm.prank(governor);
        market.configureToken(address(rent), true, 1e18);
    }

    // ================================================================ reentrant payment token

    function _attackerJob(uint256 price) private returns (uint256 jobId) {
        rent.mint(address(attacker), price);
        attacker.approve(IERC20(address(rent)), price);
        jobId = attacker.createJob(_request(address(rent), price));
    }

    function _assertBlockedByGuard(uint256 i) private view {
        assertFalse(attacker.succeeded(i), "re-entry must fail");
        assertEq(
            attacker.result(i),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "stopped by the reentrancy guard"
        );
    }

    function test_cancelJob_reentrantTokenCannotReenter() public {
        uint256 jobId = _attackerJob(100e18);
        uint256 other = _attackerJob(100e18);
        bytes[] memory attacks = new bytes[](4);
        attacks[0] = abi.encodeCall(IJobMarket.cancelJob, (jobId)); // double refund
        attacks[1] = abi.encodeCall(IJobMarket.cancelJob, (other));
        attacks[2] = abi.encodeCall(IJobMarket.withdraw, (address(rent)));
        attacks[3] = abi.encodeCall(IJobMarket.expireJob, (other));
        attacker.arm(attacks);
        attacker.cancelJob(jobId);
        assertEq(attacker.attempts(), 4, "every re-entry tried");
        for (uint256 i; i < 4; ++i) {
            _assertBlockedByGuard(i);
        }
        assertEq(rent.balanceOf(address(attacker)), 100e18, "refunded once");
        assertEq(rent.balanceOf(address(market)), 100e18, "the other escrow is intact");
        assertEq(_status(other), uint256(IJobMarket.JobStatus.Open), "other job untouched");
    }

    function test_withdraw_reentrantTokenCannotReenter() public {
        uint256 jobId = _attackerJob(100e18);
        uint256 other = _attackerJob(50e18);
        vm.warp(market.getJob(jobId).deadline);
        market.expireJob(jobId); // 100 owed to the attacker
        bytes[] memory attacks = new bytes[](3);
        attacks[0] = abi.encodeCall(IJobMarket.withdraw, (address(rent)));
        attacks[1] = abi.encodeCall(IJobMarket.expireJob, (other));
        attacks[2] = abi.encodeCall(IJobMarket.createJob, (_request(address(rent), 1)));
        attacker.arm(attacks);
        assertEq(attacker.withdraw(address(rent)), 100e18, "withdrew");
        for (uint256 i; i < 3; ++i) {
            _assertBlockedByGuard(i);
        }
        assertEq(rent.balanceOf(address(attacker)), 100e18, "paid once");
        assertEq(market.owed(address(rent), address(attacker)), 0, "nothing left owed");
        assertEq(rent.balanceOf(address(market)), 50e18, "other escrow intact");
    }

    function test_createJob_reentrantTokenCannotReenter() public {
        rent.mint(address(attacker), 300e18);
        attacker.approve(IERC20(address(rent)), 300e18);
        bytes[] memory attacks = new bytes[](1);
        attacks[0] = abi.encodeCall(IJobMarket.createJob, (_request(address(rent), 100e18)));
        attacker.arm(attacks);
        uint256 jobId = attacker.createJob(_request(address(rent), 100e18));
        _assertBlockedByGuard(0);
        assertEq(market.jobCount(), 1, "one job");
        assertEq(market.getJob(jobId).price, 100e18, "its price");
        assertEq(rent.balanceOf(address(market)), 100e18, "escrow equals the live job");
    }

    function test_finalizeJob_reentrantTokenSettlesExactly() public {
        // A full job paid in the hooked token, with the hook re-entering on every transfer out.
        uint256 jobId = _attackerJob(100e18);
        _claim(jobId, alice);
        _submit(jobId);
        _passChallengeWindow();
        market.finalizeJob(jobId);
        bytes[] memory attacks = new bytes[](1);
        attacks[0] = abi.encodeCall(IJobMarket.finalizeJob, (jobId));
        attacker.arm(attacks);
        vm.prank(alice);
        market.withdraw(address(rent));
        _assertBlockedByGuard(0);
        vm.prank(treasury);
        market.withdraw(address(rent));
        assertEq(rent.balanceOf(alice) + rent.balanceOf(treasury), 100e18, "paid exactly the price");
        assertEq(rent.balanceOf(address(market)), 0, "nothing stuck");
    }

    // ================================================================ fee-on-transfer token

    function test_createJob_revertsForFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(100); // 1%
        vm.prank(governor);
        market.configureToken(address(fot), true, 1e18);
        fot.mint(requester, 1_000e18);
        vm.startPrank(requester);
        fot.approve(address(market), 1_000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketTransferAmountMismatch.selector, 1_000e18, 990e18)
        );
        market.createJob(_request(address(fot), 1_000e18));
        vm.stopPrank();
        assertEq(market.jobCount(), 0, "no under-funded job");
    }

    function test_createJob_revertsForSilentNoOpToken() public {
        FeeOnTransferToken blackHole = new FeeOnTransferToken(10_000); // returns true, delivers nothing
        vm.prank(governor);
        market.configureToken(address(blackHole), true, 1e18);
        blackHole.mint(requester, 5e18);
        vm.startPrank(requester);
        blackHole.approve(address(market), 5e18);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketTransferAmountMismatch.selector, 5e18, 0));
        market.createJob(_request(address(blackHole), 5e18));
        vm.stopPrank();
    }

    // ================================================================ requester pulls escrow after a claim

    function test_cancelJob_requesterCannotPullEscrowOnceClaimed() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.startPrank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketWrongStatus.selector,
                jobId,
                IJobMarket.JobStatus.Assigned,
                IJobMarket.JobStatus.Open
            )
        );
        market.cancelJob(jobId);
        uint256 deadline = market.getJob(jobId).deadline;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlineNotPassed.selector, jobId, deadline));
        market.expireJob(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketNothingToWithdraw.selector, address(usd), requester)
        );
        market.withdraw(address(usd));
        vm.stopPrank();
        _submit(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketWrongStatus.selector,
                jobId,
                IJobMarket.JobStatus.Submitted,
                IJobMarket.JobStatus.Open
            )
        );
        vm.prank(requester);
        market.cancelJob(jobId);
        assertEq(usd.balanceOf(address(market)), PRICE, "escrow stays for the provider");
    }

    // ================================================================ partial-payment griefing

    function testFuzz_createJob_escrowIsExactlyThePrice(uint256 price, uint256 approved) public {
        price = bound(price, 1, type(uint96).max);
        approved = bound(approved, 0, price);
        _giveUsd(requester, price);
        vm.startPrank(requester);
        usd.approve(address(market), approved);
        if (approved < price) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IERC20Errors.ERC20InsufficientAllowance.selector, address(market), approved, price
                )
            );
        }
        market.createJob(_request(address(usd), price));
        vm.stopPrank();
        uint256 escrowed = usd.balanceOf(address(market));
        if (approved < price) {
            assertEq(escrowed, 0, "no job, no escrow");
            assertEq(market.jobCount(), 0, "no job on partial payment");
        } else {
            assertEq(escrowed, price, "escrow is exactly the price");
            assertEq(market.getJob(1).price, price, "recorded price");
        }
    }

    function test_createJob_cannotUnderfundFromAShortBalance() public {
        _giveUsd(requester, PRICE - 1);
        vm.startPrank(requester);
        usd.approve(address(market), PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, requester, PRICE - 1, PRICE)
        );
        market.createJob(_request(address(usd), PRICE));
        vm.stopPrank();
    }

    // ================================================================ cheap-challenge griefing

    function test_challenge_cheapGrieferPaysFloorAndLosesBond() public {
        // Governance cannot drop the floor under 1 HRTH.
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.minBond = 1e18 - 1;
        p.bondBps = 0;
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.CourtParameterOutOfBounds.selector, bytes32("minBond"), 1e18 - 1, 1e18, 1_000_000e18
            )
        );
        vm.prank(governor);
        court.setParameters(p);

        // The cheapest job still costs the floor to challenge, and losing costs all of it.
        uint256 jobId = _submittedUsdJob(alice, 1);
        uint256 bond = _challenge(jobId, challenger);
        assertEq(bond, MIN_BOND, "floor");
        _drawCommittee(jobId);
        _vote(jobId, [false, false, false]);
        court.resolve(jobId);
        assertEq(token.balanceOf(challenger), 0, "griefer lost the bond");
        assertEq(token.balanceOf(alice), bond * PROVIDER_BOND_SHARE_BPS / BPS, "provider compensated");
        IProviderStaking.Provider memory pa = staking.getProvider(alice);
        assertEq(pa.bonded, PROVIDER_STAKE, "honest provider not slashed");
        assertEq(pa.jailedUntil, 0, "nor jailed");
        assertEq(pa.openDisputes, 0, "nor frozen");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "and paid");
    }

    function test_challenge_revertsWithoutTheBondUpFront() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        _giveHrth(challenger, MIN_BOND);
        vm.startPrank(challenger);
        token.approve(address(court), type(uint256).max);
        uint256 bond = court.bondFor(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, challenger, MIN_BOND, bond)
        );
        court.challenge(jobId);
        vm.stopPrank();
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Submitted), "no free dispute");
    }

    // ================================================================ escaping a slash by unbonding

    function test_withdraw_unbondingProviderCannotEscapeSlash() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE); // 150 HRTH locked
        uint256 free = staking.freeStake(alice);
        // It cannot unstake the collateral itself ...
        vm.expectRevert(
            abi.encodeWithSelector(IProviderStaking.StakingInsufficientFreeStake.selector, free, free + 1)
        );
        vm.prank(alice);
        staking.requestUnstake(free + 1);
        // ... so it unbonds everything else and waits.
        vm.prank(alice);
        staking.requestUnstake(free);
        _challenge(jobId, challenger);
        vm.warp(block.timestamp + UNBONDING_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingWithdrawalFrozen.selector, alice, 1));
        vm.prank(alice);
        staking.withdraw();

        _drawCommittee(jobId);
        _vote(jobId, [true, true, true]);
        court.resolve(jobId);
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        uint256 collateral = 150e18;
        uint256 extra = free * DISPUTE_SLASH_BPS / BPS; // the unbonding stake counts
        assertEq(p.bonded, 0, "collateral taken");
        assertEq(p.unbonding, free - extra, "unbonding stake slashed too");
        assertEq(PROVIDER_STAKE - p.unbonding, collateral + extra, "full penalty applied");
        vm.prank(alice);
        staking.withdraw();
        assertEq(token.balanceOf(alice), free - extra, "only what was left after the slash");
    }

    function test_unbondingPeriod_outlastsWindowPlusDispute() public view {
        assertGt(
            staking.unbondingPeriod(),
            uint256(market.challengeWindow()) + court.maxDisputeDuration(),
            "a stake unbonding when challenged is still there at the verdict"
        );
    }

    // ================================================================ manipulable committee draws

    function test_drawCommittee_usesAFutureBlockAndCallerCannotChoose() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint256 challengeBlock = block.number;
        _challenge(jobId, challenger);
        uint64 drawBlock = court.getDispute(jobId).drawBlock;
        assertGt(drawBlock, challengeBlock, "randomness from a block after the challenge");

        // Too early: the hash does not exist yet, so nobody can know or grind it.
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtRandomnessNotReady.selector, jobId, drawBlock, challengeBlock)
        );
        court.drawCommittee(jobId);

        vm.roll(drawBlock + 1);
        uint256 snapshot = vm.snapshotState();
        vm.prank(challenger);
        court.drawCommittee(jobId);
        address[] memory byChallenger = court.committee(jobId);
        vm.revertToState(snapshot);
        vm.prank(alice);
        court.drawCommittee(jobId);
        address[] memory byProvider = court.committee(jobId);
        assertEq(keccak256(abi.encode(byChallenger)), keccak256(abi.encode(byProvider)), "same committee");

        // Only the draw block's hash decides.
        uint256 differentDraws;
        for (uint256 i; i < 8; ++i) {
            vm.revertToState(snapshot);
            vm.setBlockhash(drawBlock, keccak256(abi.encode("another hash", i)));
            court.drawCommittee(jobId);
            if (keccak256(abi.encode(court.committee(jobId))) != keccak256(abi.encode(byChallenger))) {
                ++differentDraws;
            }
        }
        assertGt(differentDraws, 0, "another hash, another committee");
    }

    function test_drawCommittee_reschedulesWhenStale() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        _challenge(jobId, challenger);
        uint64 drawBlock = court.getDispute(jobId).drawBlock;
        // Waiting until the hash is gone (and every outcome was visible) does not let anyone pick: it resets.
        vm.roll(drawBlock + 300);
        court.drawCommittee(jobId);
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        assertEq(d.drawBlock, block.number + 2, "a new future block");
        assertEq(uint256(d.status), uint256(IDisputeCourt.DisputeStatus.AwaitingDraw), "no committee from it");
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtRandomnessNotReady.selector, jobId, d.drawBlock, block.number)
        );
        court.drawCommittee(jobId);
    }

    function test_previewSample_revertsBeforeTheRandomnessBlock() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint64 randomnessBlock = market.getJob(jobId).randomnessBlock;
        assertGt(randomnessBlock, block.number, "after the attestation");
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.CourtRandomnessNotReady.selector, jobId, randomnessBlock, block.number
            )
        );
        court.previewSample(jobId);
    }

    // ================================================================ unbounded admin fees

    function testFuzz_setParameters_marketRevertsPastBounds(uint256 value, uint8 which) public {
        JobMarket.Parameters memory p = _marketParameters();
        bytes32 name;
        uint256 min;
        uint256 max;
        which = which % 5;
        if (which == 0) {
            (name, min, max) = ("protocolFeeBps", 0, 1_000);
            value = bound(value, max + 1, type(uint16).max);
            p.protocolFeeBps = uint16(value);
        } else if (which == 1) {
            (name, min, max) = ("collateralBps", 11_000, 50_000);
            value = bound(value, max + 1, type(uint16).max);
            p.collateralBps = uint16(value);
        } else if (which == 2) {
            (name, min, max) = ("expirySlashBps", 0, 5_000);
            value = bound(value, max + 1, type(uint16).max);
            p.expirySlashBps = uint16(value);
        } else if (which == 3) {
            (name, min, max) = ("disputeSlashBps", 0, 5_000);
            value = bound(value, max + 1, type(uint16).max);
            p.disputeSlashBps = uint16(value);
        } else {
            (name, min, max) = ("challengeWindow", 10, 7 days);
            value = bound(value, max + 1, type(uint64).max);
            p.challengeWindow = uint64(value);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketParameterOutOfBounds.selector, name, value, min, max)
        );
        vm.prank(governor);
        market.setParameters(p);
    }

    function testFuzz_setParameters_courtRevertsPastBounds(uint256 value, uint8 which) public {
        IDisputeCourt.Parameters memory p = _courtParameters();
        bytes32 name;
        uint256 min;
        uint256 max;
        which = which % 5;
        if (which == 0) {
            (name, min, max) = ("bondBps", 0, 20_000);
            value = bound(value, max + 1, type(uint16).max);
            p.bondBps = uint16(value);
        } else if (which == 1) {
            (name, min, max) = ("bountyBps", 0, 5_000);
            value = bound(value, max + 1, type(uint16).max);
            p.bountyBps = uint16(value);
        } else if (which == 2) {
            (name, min, max) = ("committeeRewardBps", 0, 3_000);
            value = bound(value, max + 1, type(uint16).max);
            p.committeeRewardBps = uint16(value);
        } else if (which == 3) {
            (name, min, max) = ("nonRevealPenalty", 0, 100_000e18);
            value = bound(value, max + 1, type(uint96).max);
            p.nonRevealPenalty = uint96(value);
        } else {
            (name, min, max) = ("samplingRateBps", 0, 10_000);
            value = bound(value, max + 1, type(uint16).max);
            p.samplingRateBps = uint16(value);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtParameterOutOfBounds.selector, name, value, min, max)
        );
        vm.prank(governor);
        court.setParameters(p);
    }

    function testFuzz_setParameters_stakingRevertsPastBounds(uint256 value, uint8 which) public {
        bytes32 name;
        uint256 min;
        uint256 max;
        uint256 minStake = MIN_STAKE;
        uint64 unbonding = UNBONDING_PERIOD;
        uint64 jail = JAIL_PERIOD;
        which = which % 3;
        if (which == 0) {
            (name, min, max) = ("minStake", 1, 10_000_000e18);
            value = bound(value, max + 1, type(uint256).max);
            minStake = value;
        } else if (which == 1) {
            (name, min, max) = ("jailPeriod", 60, 90 days);
            value = bound(value, max + 1, type(uint64).max);
            jail = uint64(value);
        } else {
            (name, min, max) = ("unbondingPeriod", 1, 60 days);
            value = bound(value, max + 1, type(uint64).max);
            unbonding = uint64(value);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IProviderStaking.StakingParameterOutOfBounds.selector, name, value, min, max)
        );
        vm.prank(governor);
        staking.setParameters(minStake, unbonding, jail);
    }
}
