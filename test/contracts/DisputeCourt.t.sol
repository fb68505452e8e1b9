// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DisputeCourt} from "../../contracts/DisputeCourt.sol";
import {IDisputeCourt} from "../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

contract DisputeCourtTest is HearthFixture {
    uint256 private constant PRICE = 10 * USD; // 100 HRTH of value
    uint256 private constant COLLATERAL = 150e18;
    uint256 private constant BOND = 50e18; // 50% of the job's HRTH value, above the 10 HRTH floor

    address private alice;

    function setUp() public override {
        super.setUp();
        _setUpProviders();
        alice = providers[0];
    }

    function _outOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IDisputeCourt.CourtParameterOutOfBounds.selector, name, value, min, max);
    }

    function _wrongStatus(uint256 jobId, IDisputeCourt.DisputeStatus status, IDisputeCourt.DisputeStatus expected)
        private
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IDisputeCourt.CourtWrongStatus.selector, jobId, status, expected);
    }

    function _disputedJob() private returns (uint256 jobId) {
        jobId = _submittedUsdJob(alice, PRICE);
        _challenge(jobId, challenger);
    }

    function _votingJob() private returns (uint256 jobId, address[] memory members) {
        jobId = _disputedJob();
        members = _drawCommittee(jobId);
    }

    function _setSamplingRate(uint16 rate) private {
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.samplingRateBps = rate;
        vm.prank(governor);
        court.setParameters(p);
    }

    function _isParty(address account) private view returns (bool) {
        return account == alice || account == requester || account == challenger;
    }

    // ---------------------------------------------------------------- parameters

    function _badParameters() private view returns (IDisputeCourt.Parameters[] memory ps, bytes[] memory errs) {
        ps = new IDisputeCourt.Parameters[](17);
        errs = new bytes[](17);
        for (uint256 i; i < ps.length; ++i) {
            ps[i] = _courtParameters();
        }
        ps[0].committeeSize = 0;
        errs[0] = _outOfBounds("committeeSize", 0, 1, 9);
        ps[1].committeeSize = 10;
        errs[1] = _outOfBounds("committeeSize", 10, 1, 9);
        ps[2].commitPeriod = 9;
        errs[2] = _outOfBounds("commitPeriod", 9, 10, 3 days);
        ps[3].commitPeriod = 3 days + 1;
        errs[3] = _outOfBounds("commitPeriod", 3 days + 1, 10, 3 days);
        ps[4].revealPeriod = 9;
        errs[4] = _outOfBounds("revealPeriod", 9, 10, 3 days);
        ps[5].revealPeriod = 3 days + 1;
        errs[5] = _outOfBounds("revealPeriod", 3 days + 1, 10, 3 days);
        ps[6].bondBps = 20_001;
        errs[6] = _outOfBounds("bondBps", 20_001, 0, 20_000);
        ps[7].minBond = 1e18 - 1;
        errs[7] = _outOfBounds("minBond", 1e18 - 1, 1e18, 1_000_000e18);
        ps[8].minBond = 1_000_000e18 + 1;
        errs[8] = _outOfBounds("minBond", 1_000_000e18 + 1, 1e18, 1_000_000e18);
        ps[9].bountyBps = 5_001;
        errs[9] = _outOfBounds("bountyBps", 5_001, 0, 5_000);
        ps[10].committeeRewardBps = 3_001;
        errs[10] = _outOfBounds("committeeRewardBps", 3_001, 0, 3_000);
        ps[11].providerBondShareBps = 10_001;
        errs[11] = _outOfBounds("providerBondShareBps", 10_001, 0, 10_000);
        ps[12].nonRevealPenalty = 100_000e18 + 1;
        errs[12] = _outOfBounds("nonRevealPenalty", 100_000e18 + 1, 0, 100_000e18);
        ps[13].samplingRateBps = 10_001;
        errs[13] = _outOfBounds("samplingRateBps", 10_001, 0, 10_000);
        ps[14].treasury = address(0);
        errs[14] = _outOfBounds("treasury", 0, 1, type(uint160).max);
        ps[15].minBond = 0; // a free challenge is the cheapest grief of all
        errs[15] = _outOfBounds("minBond", 0, 1e18, 1_000_000e18);
        ps[16].bondBps = type(uint16).max;
        errs[16] = _outOfBounds("bondBps", type(uint16).max, 0, 20_000);
    }

    function test_constructor_setsParameters() public view {
        assertEq(keccak256(abi.encode(court.parameters())), keccak256(abi.encode(_courtParameters())), "stored");
        assertEq(court.maxDisputeDuration(), 10 minutes + COMMIT_PERIOD + REVEAL_PERIOD, "max duration");
        assertEq(court.owner(), governor, "governor");
    }

    function test_constructor_revertsPastEveryBound() public {
        (IDisputeCourt.Parameters[] memory ps, bytes[] memory errs) = _badParameters();
        for (uint256 i; i < ps.length; ++i) {
            vm.expectRevert(errs[i]);
            new DisputeCourt(market, staking, governor, ps[i]);
        }
    }

    function test_setParameters_revertsPastEveryBound() public {
        (IDisputeCourt.Parameters[] memory ps, bytes[] memory errs) = _badParameters();
        vm.startPrank(governor);
        for (uint256 i; i < ps.length; ++i) {
            vm.expectRevert(errs[i]);
            court.setParameters(ps[i]);
        }
        vm.stopPrank();
    }

    function test_setParameters_revertsWhenDisputeOutlastsUnbonding() public {
        IDisputeCourt.Parameters memory p = _courtParameters();
        // window 20 + draw 600 + 290 + 290 = 1,200 = unbonding: a provider could unbond out of the verdict.
        p.commitPeriod = 290;
        p.revealPeriod = 290;
        vm.expectRevert(_outOfBounds("maxDisputeDuration", UNBONDING_PERIOD, 0, UNBONDING_PERIOD - 1));
        vm.prank(governor);
        court.setParameters(p);
        p.revealPeriod = 289;
        vm.prank(governor);
        court.setParameters(p);
        assertEq(court.maxDisputeDuration(), UNBONDING_PERIOD - CHALLENGE_WINDOW - 1, "one second short");
    }

    function test_setParameters_updatesAndEmits() public {
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.committeeSize = 9;
        p.bountyBps = 5_000;
        p.minBond = 1e18;
        p.treasury = stranger;
        vm.expectEmit(address(court));
        emit IDisputeCourt.ParametersUpdated(p);
        vm.prank(governor);
        court.setParameters(p);
        assertEq(keccak256(abi.encode(court.parameters())), keccak256(abi.encode(p)), "stored");
    }

    function test_setParameters_revertsForNonOwner() public {
        IDisputeCourt.Parameters memory p = _courtParameters();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployer));
        vm.prank(deployer);
        court.setParameters(p);
    }

    // ---------------------------------------------------------------- challenge

    function test_challenge_postsBondAndOpensDispute() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        assertEq(court.bondFor(jobId), BOND, "bond quote");
        _giveHrth(challenger, BOND);
        vm.startPrank(challenger);
        token.approve(address(court), BOND);
        uint64 drawBlock = uint64(block.number) + court.RANDOMNESS_DELAY();
        vm.expectEmit(address(court));
        emit IDisputeCourt.DisputeOpened(jobId, challenger, BOND, drawBlock, false);
        uint256 bond = court.challenge(jobId);
        vm.stopPrank();
        assertEq(bond, BOND, "returned bond");
        assertEq(token.balanceOf(address(court)), BOND, "bond held");
        assertEq(token.balanceOf(challenger), 0, "bond paid");
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        assertEq(d.challenger, challenger, "challenger");
        assertEq(d.bond, BOND, "bond stored");
        assertEq(d.drawBlock, drawBlock, "draw block after the challenge");
        assertEq(uint256(d.status), uint256(IDisputeCourt.DisputeStatus.AwaitingDraw), "awaiting draw");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Disputed), "job disputed");
        assertEq(staking.getProvider(alice).openDisputes, 1, "provider's withdrawals frozen");
    }

    function test_challenge_bondHasAFloor() public {
        uint256 jobId = _submittedUsdJob(alice, 1); // one millionth of a dollar
        assertEq(court.bondFor(jobId), MIN_BOND, "floor");
        assertEq(_challenge(jobId, challenger), MIN_BOND, "paid the floor");
    }

    function test_challenge_revertsUnlessSubmitted() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketWrongStatus.selector,
                jobId,
                IJobMarket.JobStatus.Assigned,
                IJobMarket.JobStatus.Submitted
            )
        );
        vm.prank(challenger);
        court.challenge(jobId);
    }

    function test_challenge_revertsAfterWindow() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint256 windowEnd = market.challengeWindowEnd(jobId);
        vm.warp(windowEnd);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketChallengeWindowClosed.selector, jobId, windowEnd));
        vm.prank(challenger);
        court.challenge(jobId);
    }

    function test_challenge_revertsWhenAlreadyDisputed() public {
        uint256 jobId = _disputedJob();
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketWrongStatus.selector,
                jobId,
                IJobMarket.JobStatus.Disputed,
                IJobMarket.JobStatus.Submitted
            )
        );
        vm.prank(requester);
        court.challenge(jobId);
    }

    function test_challenge_revertsWithoutBond() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(court), 0, BOND)
        );
        vm.prank(challenger);
        court.challenge(jobId);
    }

    // ---------------------------------------------------------------- drawCommittee

    function test_drawCommittee_revertsWithoutDispute() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.None, IDisputeCourt.DisputeStatus.AwaitingDraw)
        );
        court.drawCommittee(jobId);
    }

    function test_drawCommittee_revertsUntilDrawBlockIsMined() public {
        uint256 jobId = _disputedJob();
        uint64 drawBlock = court.getDispute(jobId).drawBlock;
        for (uint256 b = block.number; b <= drawBlock; ++b) {
            vm.roll(b);
            vm.expectRevert(
                abi.encodeWithSelector(IDisputeCourt.CourtRandomnessNotReady.selector, jobId, drawBlock, b)
            );
            court.drawCommittee(jobId);
        }
    }

    function test_drawCommittee_drawsFromDrawBlockHashExcludingParties() public {
        uint256 jobId = _disputedJob();
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        vm.roll(d.drawBlock + 1);
        address[] memory excluded = new address[](3);
        (excluded[0], excluded[1], excluded[2]) = (alice, challenger, requester);
        address[] memory expected = staking.drawVerifiers(
            uint256(keccak256(abi.encode(blockhash(d.drawBlock), jobId, "committee"))), COMMITTEE_SIZE, excluded
        );
        uint40 commitDeadline = uint40(block.timestamp + COMMIT_PERIOD);
        vm.expectEmit(address(court));
        emit IDisputeCourt.CommitteeDrawn(jobId, expected, commitDeadline, commitDeadline + REVEAL_PERIOD);
        vm.prank(stranger);
        court.drawCommittee(jobId);
        address[] memory members = court.committee(jobId);
        assertEq(members.length, COMMITTEE_SIZE, "full committee");
        for (uint256 i; i < members.length; ++i) {
            assertEq(members[i], expected[i], "members from the draw block's hash");
            assertFalse(_isParty(members[i]), "no party judges its own case");
        }
        d = court.getDispute(jobId);
        assertEq(uint256(d.status), uint256(IDisputeCourt.DisputeStatus.Voting), "voting");
        assertEq(d.commitDeadline, commitDeadline, "commit deadline");
        assertEq(d.revealDeadline, commitDeadline + REVEAL_PERIOD, "reveal deadline");
    }

    function test_drawCommittee_revertsWhenAlreadyDrawn() public {
        (uint256 jobId,) = _votingJob();
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.Voting, IDisputeCourt.DisputeStatus.AwaitingDraw)
        );
        court.drawCommittee(jobId);
    }

    function test_drawCommittee_reschedulesAfter256Blocks() public {
        uint256 jobId = _disputedJob();
        vm.roll(court.getDispute(jobId).drawBlock + 257);
        uint64 next = uint64(block.number) + court.RANDOMNESS_DELAY();
        vm.expectEmit(address(court));
        emit IDisputeCourt.CommitteeDrawRescheduled(jobId, next);
        court.drawCommittee(jobId);
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        assertEq(d.drawBlock, next, "new future block");
        assertEq(uint256(d.status), uint256(IDisputeCourt.DisputeStatus.AwaitingDraw), "still awaiting");
        assertEq(court.committee(jobId).length, 0, "nobody drawn");
        vm.roll(next + 1);
        court.drawCommittee(jobId);
        assertEq(court.committee(jobId).length, COMMITTEE_SIZE, "drawn from the new block");
    }

    function test_drawCommittee_inconclusiveWithoutEligibleVerifiers() public {
        for (uint256 i = 1; i < providers.length; ++i) {
            vm.prank(providers[i]);
            staking.setVerifier(false);
        }
        uint256 jobId = _disputedJob();
        vm.roll(court.getDispute(jobId).drawBlock + 1);
        vm.expectEmit(address(court));
        emit IDisputeCourt.DisputeResolved(jobId, IDisputeCourt.Outcome.Inconclusive, 0, 0, 0, 0, 0, 0);
        court.drawCommittee(jobId);
        assertEq(token.balanceOf(challenger), BOND, "bond back");
        assertEq(token.balanceOf(address(court)), 0, "court empty");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "presumed honest, paid");
        assertEq(staking.getProvider(alice).openDisputes, 0, "unfrozen");
    }

    // ---------------------------------------------------------------- commitVote

    function test_commitVote_recordsAndEmits() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        bytes32 commitment = court.commitmentFor(jobId, members[0], true, _salt(jobId, members[0]));
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoteCommitted(jobId, members[0]);
        vm.prank(members[0]);
        court.commitVote(jobId, commitment);
        assertEq(court.getDispute(jobId).commits, 1, "counted");
    }

    function test_commitVote_revertsBeforeDraw() public {
        uint256 jobId = _disputedJob();
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.AwaitingDraw, IDisputeCourt.DisputeStatus.Voting)
        );
        vm.prank(providers[1]);
        court.commitVote(jobId, bytes32(uint256(1)));
    }

    function test_commitVote_revertsForNonMember() public {
        (uint256 jobId,) = _votingJob();
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtNotCommitteeMember.selector, jobId, alice));
        vm.prank(alice);
        court.commitVote(jobId, bytes32(uint256(1)));
    }

    function test_commitVote_revertsAfterCommitDeadline() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        uint256 deadline = court.getDispute(jobId).commitDeadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtCommitPhaseOver.selector, jobId, deadline));
        vm.prank(members[0]);
        court.commitVote(jobId, bytes32(uint256(1)));
    }

    function test_commitVote_revertsWhenAlreadyCommitted() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtAlreadyCommitted.selector, jobId, members[0]));
        vm.prank(members[0]);
        court.commitVote(jobId, bytes32(uint256(2)));
    }

    /// @dev Regression: zero commitments used to be accepted again and again, inflating the commit count so a
    /// single member could open the reveal phase before the others had committed.
    function test_commitVote_revertsOnZeroCommitment() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtCommitmentMismatch.selector, jobId, members[0]));
        vm.prank(members[0]);
        court.commitVote(jobId, bytes32(0));
        assertEq(court.getDispute(jobId).commits, 0, "nothing counted");
    }

    // ---------------------------------------------------------------- revealVote

    function test_revealVote_opensEarlyOnceAllCommitted() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        _commit(jobId, members[1], false);
        uint256 commitDeadline = court.getDispute(jobId).commitDeadline;
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtRevealNotOpen.selector, jobId, commitDeadline));
        _reveal(jobId, members[0], true);
        _commit(jobId, members[2], true);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoteRevealed(jobId, members[0], true);
        _reveal(jobId, members[0], true);
        assertEq(court.getDispute(jobId).faultVotes, 1, "fault vote counted");
        _reveal(jobId, members[1], false);
        assertEq(court.getDispute(jobId).correctVotes, 1, "correct vote counted");
    }

    function test_revealVote_revertsBeforeDraw() public {
        uint256 jobId = _disputedJob();
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.AwaitingDraw, IDisputeCourt.DisputeStatus.Voting)
        );
        court.revealVote(jobId, true, bytes32(0));
    }

    function test_revealVote_revertsAfterRevealDeadline() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        uint256 revealDeadline = court.getDispute(jobId).revealDeadline;
        vm.warp(revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtRevealPhaseOver.selector, jobId, revealDeadline));
        _reveal(jobId, members[0], true);
    }

    function test_revealVote_revertsWithoutCommitment() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        vm.warp(court.getDispute(jobId).commitDeadline);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtNotCommitted.selector, jobId, members[0]));
        _reveal(jobId, members[0], true);
    }

    function test_revealVote_revertsTwice() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        vm.warp(court.getDispute(jobId).commitDeadline);
        _reveal(jobId, members[0], true);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtAlreadyRevealed.selector, jobId, members[0]));
        _reveal(jobId, members[0], true);
    }

    function test_revealVote_revertsOnMismatch() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        vm.warp(court.getDispute(jobId).commitDeadline);
        bytes memory mismatch =
            abi.encodeWithSelector(IDisputeCourt.CourtCommitmentMismatch.selector, jobId, members[0]);
        vm.expectRevert(mismatch);
        _reveal(jobId, members[0], false); // other vote
        vm.expectRevert(mismatch);
        vm.prank(members[0]);
        court.revealVote(jobId, true, bytes32(uint256(123))); // other salt
    }

    // ---------------------------------------------------------------- resolve

    function test_resolve_revertsBeforeVoting() public {
        uint256 jobId = _disputedJob();
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.AwaitingDraw, IDisputeCourt.DisputeStatus.Voting)
        );
        court.resolve(jobId);
    }

    function test_resolve_revertsWhileVotesOutstanding() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        vm.warp(court.getDispute(jobId).commitDeadline);
        _reveal(jobId, members[0], true);
        uint256 revealDeadline = court.getDispute(jobId).revealDeadline;
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtVotingNotOver.selector, jobId, revealDeadline));
        court.resolve(jobId);
    }

    function test_resolve_providerAtFaultSlashesAndRewards() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _vote(jobId, [true, true, true]);
        // Collateral plus 10% of the rest of the stake: 150 + 85 = 235 HRTH.
        uint256 slashed = 235e18;
        uint256 bounty = slashed * BOUNTY_BPS / BPS;
        uint256 committeeReward = slashed * COMMITTEE_REWARD_BPS / BPS;
        uint256 each = committeeReward / 3;
        vm.expectEmit(address(court));
        emit IDisputeCourt.DisputeResolved(
            jobId, IDisputeCourt.Outcome.ProviderAtFault, 3, 0, slashed, bounty, committeeReward, 0
        );
        vm.prank(stranger); // early: everyone revealed
        court.resolve(jobId);

        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Rejected), "rejected");
        assertEq(market.owed(address(usd), requester), PRICE, "requester refunded in full");
        assertEq(token.balanceOf(challenger), BOND + bounty, "bond back plus bounty");
        for (uint256 i; i < members.length; ++i) {
            assertEq(token.balanceOf(members[i]), each, "majority paid");
        }
        assertEq(token.balanceOf(treasury), slashed - bounty - committeeReward + (committeeReward - 3 * each), "rest");
        assertEq(token.balanceOf(address(court)), 0, "court keeps nothing");
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.bonded, PROVIDER_STAKE - slashed, "slashed");
        assertEq(p.locked, 0, "collateral gone");
        assertEq(p.openDisputes, 0, "closed");
        assertGt(p.jailedUntil, block.timestamp, "jailed");
        assertEq(market.providerStats(alice).disputesLost, 1, "lost");
        assertEq(uint256(court.getDispute(jobId).outcome), uint256(IDisputeCourt.Outcome.ProviderAtFault), "outcome");
    }

    function test_resolve_challengerWrongLosesBond() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _vote(jobId, [false, false, false]);
        uint256 toProvider = BOND * PROVIDER_BOND_SHARE_BPS / BPS;
        uint256 committeeReward = BOND - toProvider;
        vm.expectEmit(address(court));
        emit IDisputeCourt.DisputeResolved(
            jobId, IDisputeCourt.Outcome.ChallengerWrong, 0, 3, 0, 0, committeeReward, toProvider
        );
        court.resolve(jobId);
        assertEq(token.balanceOf(challenger), 0, "bond lost");
        assertEq(token.balanceOf(alice), toProvider, "provider compensated");
        for (uint256 i; i < members.length; ++i) {
            assertEq(token.balanceOf(members[i]), committeeReward / 3, "majority paid");
        }
        assertEq(token.balanceOf(treasury), committeeReward % 3, "division remainder");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "job paid");
        assertEq(market.owed(address(usd), alice), PRICE - PRICE * PROTOCOL_FEE_BPS / BPS, "provider owed");
        assertEq(market.providerStats(alice).disputesWon, 1, "won");
        assertEq(staking.getProvider(alice).locked, 0, "collateral released");
    }

    function test_resolve_majorityWinsAndMinorityGetsNothing() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _vote(jobId, [true, false, true]);
        court.resolve(jobId);
        uint256 committeeReward = uint256(235e18) * COMMITTEE_REWARD_BPS / BPS;
        assertEq(token.balanceOf(members[0]), committeeReward / 2, "winner");
        assertEq(token.balanceOf(members[1]), 0, "dissenter");
        assertEq(token.balanceOf(members[2]), committeeReward / 2, "winner");
    }

    function test_resolve_tieKeepsPresumptionOfHonestyAndPenalisesSilence() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        _commit(jobId, members[0], true);
        _commit(jobId, members[1], false);
        vm.warp(court.getDispute(jobId).commitDeadline);
        _reveal(jobId, members[0], true);
        _reveal(jobId, members[1], false);
        vm.warp(court.getDispute(jobId).revealDeadline);
        vm.expectEmit(address(court));
        emit IDisputeCourt.NonRevealPenalized(jobId, members[2], NON_REVEAL_PENALTY);
        court.resolve(jobId);
        assertEq(uint256(court.getDispute(jobId).outcome), uint256(IDisputeCourt.Outcome.ChallengerWrong), "tie");
        assertEq(token.balanceOf(members[1]), BOND - BOND * PROVIDER_BOND_SHARE_BPS / BPS, "sole winner");
        assertEq(token.balanceOf(members[0]), 0, "loser");
        IProviderStaking.Provider memory silent = staking.getProvider(members[2]);
        assertEq(silent.bonded, PROVIDER_STAKE - NON_REVEAL_PENALTY, "penalised");
        assertGt(silent.jailedUntil, block.timestamp, "jailed");
        assertEq(token.balanceOf(treasury), NON_REVEAL_PENALTY, "penalty to treasury");
    }

    function test_resolve_inconclusiveWhenNobodyReveals() public {
        (uint256 jobId, address[] memory members) = _votingJob();
        vm.warp(court.getDispute(jobId).revealDeadline);
        court.resolve(jobId);
        assertEq(uint256(court.getDispute(jobId).outcome), uint256(IDisputeCourt.Outcome.Inconclusive), "outcome");
        assertEq(token.balanceOf(challenger), BOND, "bond back");
        assertEq(token.balanceOf(treasury), 3 * NON_REVEAL_PENALTY, "all three penalised");
        for (uint256 i; i < members.length; ++i) {
            assertFalse(staking.getProvider(members[i]).verifier, "dropped as verifier");
        }
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "paid");
        assertEq(uint256(court.getDispute(jobId).status), uint256(IDisputeCourt.DisputeStatus.Resolved), "resolved");
    }

    function test_resolve_revertsTwice() public {
        (uint256 jobId,) = _votingJob();
        _vote(jobId, [true, true, false]);
        court.resolve(jobId);
        vm.expectRevert(
            _wrongStatus(jobId, IDisputeCourt.DisputeStatus.Resolved, IDisputeCourt.DisputeStatus.Voting)
        );
        court.resolve(jobId);
    }

    // ---------------------------------------------------------------- sampling: drawVerifier / passVerification

    function test_drawVerifier_revertsUntilRandomnessBlockIsMined() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint64 randomnessBlock = market.getJob(jobId).randomnessBlock;
        vm.roll(randomnessBlock);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.CourtRandomnessNotReady.selector, jobId, randomnessBlock, randomnessBlock
            )
        );
        court.drawVerifier(jobId);
    }

    function test_drawVerifier_recordsVerifierWhenSampled() public {
        _setSamplingRate(10_000);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        (bool sampled, address expected) = court.previewSample(jobId);
        assertTrue(sampled, "always sampled at 100%");
        assertFalse(_isParty(expected) || expected == address(0), "a third party verifies");
        vm.expectEmit(address(court));
        emit IDisputeCourt.JobSampled(jobId, expected);
        vm.prank(stranger);
        address verifier = court.drawVerifier(jobId);
        assertEq(verifier, expected, "as previewed");
        assertEq(court.sampledVerifier(jobId), verifier, "stored");
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtAlreadySampled.selector, jobId, verifier));
        court.drawVerifier(jobId);
    }

    function test_drawVerifier_revertsWhenNotSampled() public {
        _setSamplingRate(0);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        (bool sampled, address verifier) = court.previewSample(jobId);
        assertFalse(sampled, "never sampled at 0%");
        assertEq(verifier, address(0), "nobody");
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtNotSampled.selector, jobId));
        court.drawVerifier(jobId);
        uint256 open = _createUsdJob(PRICE);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtNotSampled.selector, open));
        court.drawVerifier(open);
    }

    function test_drawVerifier_revertsWhenRandomnessExpired() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint64 randomnessBlock = market.getJob(jobId).randomnessBlock;
        vm.roll(uint256(randomnessBlock) + 257);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtRandomnessExpired.selector, jobId, randomnessBlock)
        );
        court.drawVerifier(jobId);
    }

    function test_previewSample_followsTheRandomnessBlockHash() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint64 randomnessBlock = market.getJob(jobId).randomnessBlock;
        vm.roll(randomnessBlock + 1);
        uint256 sampledCount;
        for (uint256 i; i < 40; ++i) {
            bytes32 hash = keccak256(abi.encode("block", i));
            vm.setBlockhash(randomnessBlock, hash);
            uint256 seed = uint256(keccak256(abi.encode(hash, jobId, "sample")));
            (bool sampled,) = court.previewSample(jobId);
            assertEq(sampled, seed % BPS < SAMPLING_RATE_BPS, "decided by the block hash alone");
            if (sampled) ++sampledCount;
        }
        assertGt(sampledCount, 0, "some sampled at 20%");
        assertLt(sampledCount, 40, "not all sampled at 20%");
    }

    function test_passVerification_marksJobVerified() public {
        _setSamplingRate(10_000);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        address verifier = court.drawVerifier(jobId);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VerificationPassed(jobId, verifier);
        vm.prank(verifier);
        court.passVerification(jobId);
        assertTrue(market.getJob(jobId).verified, "verified");
        assertEq(market.verifierOf(jobId), verifier, "credited");
    }

    function test_passVerification_revertsForOthersAndUnsampled() public {
        _setSamplingRate(10_000);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtNotSampledVerifier.selector, jobId, stranger, address(0))
        );
        vm.prank(stranger);
        court.passVerification(jobId);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        address verifier = court.drawVerifier(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.CourtNotSampledVerifier.selector, jobId, stranger, verifier)
        );
        vm.prank(stranger);
        court.passVerification(jobId);
    }

    function test_passVerification_revertsAfterWindow() public {
        _setSamplingRate(10_000);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        address verifier = court.drawVerifier(jobId);
        uint256 windowEnd = market.challengeWindowEnd(jobId);
        vm.warp(windowEnd);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CourtWindowClosed.selector, jobId, windowEnd));
        vm.prank(verifier);
        court.passVerification(jobId);
    }

    function test_challenge_flagsSampledVerifier() public {
        _setSamplingRate(10_000);
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.roll(market.getJob(jobId).randomnessBlock + 1);
        address verifier = court.drawVerifier(jobId);
        _giveHrth(verifier, BOND);
        vm.startPrank(verifier);
        token.approve(address(court), BOND);
        vm.expectEmit(address(court));
        emit IDisputeCourt.DisputeOpened(jobId, verifier, BOND, uint64(block.number) + 2, true);
        court.challenge(jobId);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- views

    function test_commitmentFor_isTheDocumentedHash() public view {
        bytes32 salt = keccak256("s");
        assertEq(
            court.commitmentFor(7, alice, true, salt), keccak256(abi.encode(uint256(7), alice, true, salt)), "hash"
        );
        assertNotEq(court.commitmentFor(7, alice, true, salt), court.commitmentFor(7, alice, false, salt), "binds vote");
    }

    function test_getDispute_emptyForUnknownJob() public view {
        assertEq(uint256(court.getDispute(9).status), uint256(IDisputeCourt.DisputeStatus.None), "no dispute");
        assertEq(court.committee(9).length, 0, "no committee");
        assertEq(court.sampledVerifier(9), address(0), "no verifier");
        assertEq(court.bondFor(9), MIN_BOND, "floor for a zero-price job");
    }
}
