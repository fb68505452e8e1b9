// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeCourt} from "../../contracts/interfaces/IDisputeCourt.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";
import {HearthHandler} from "./handlers/HearthHandler.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.sol";

/// @notice Conservation laws of the protocol, checked after every action of random sequences driven by
/// `HearthHandler`: funds held equal funds owed, stake held equals stake recorded, no job is paid twice,
/// supply stays under the cap, and once everything ends and everyone withdraws, nothing is left behind.
contract InvariantsTest is HearthFixture {
    HearthHandler private handler;
    ReentrantToken private rent;

    function setUp() public override {
        super.setUp();
        rent = new ReentrantToken();
        handler = new HearthHandler(token, usd, rent, staking, market, court, rewards, treasury);
        rent.setHook(address(handler));
        vm.prank(governor);
        market.configureToken(address(rent), true, 1e18);
        _giveHrth(address(handler), 500_000_000e18);
        vm.prank(deployer);
        usd.transferOwnership(address(handler));
        handler.init(5, 3, 3_000e18);
        // Sample half the jobs, so the verifier path runs often.
        IDisputeCourt.Parameters memory p = _courtParameters();
        p.samplingRateBps = 5_000;
        vm.prank(governor);
        court.setParameters(p);

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](24);
        selectors[0] = HearthHandler.createJob.selector;
        selectors[1] = HearthHandler.cancelJob.selector;
        selectors[2] = HearthHandler.claimJob.selector;
        selectors[3] = HearthHandler.submit.selector;
        selectors[4] = HearthHandler.submitBatch.selector;
        selectors[5] = HearthHandler.finalize.selector;
        selectors[6] = HearthHandler.finalizeBatch.selector;
        selectors[7] = HearthHandler.expire.selector;
        selectors[8] = HearthHandler.challenge.selector;
        selectors[9] = HearthHandler.drawCommittee.selector;
        selectors[10] = HearthHandler.commit.selector;
        selectors[11] = HearthHandler.reveal.selector;
        selectors[12] = HearthHandler.resolve.selector;
        selectors[13] = HearthHandler.drawVerifier.selector;
        selectors[14] = HearthHandler.passVerification.selector;
        selectors[15] = HearthHandler.stake.selector;
        selectors[16] = HearthHandler.requestUnstake.selector;
        selectors[17] = HearthHandler.withdrawStake.selector;
        selectors[18] = HearthHandler.setVerifier.selector;
        selectors[19] = HearthHandler.withdrawOwed.selector;
        selectors[20] = HearthHandler.claimRewards.selector;
        selectors[21] = HearthHandler.warp.selector;
        selectors[22] = HearthHandler.roll.selector;
        selectors[23] = HearthHandler.release.selector;
        targetSelector(address(handler), selectors);
    }

    function _paymentTokens() private view returns (address[3] memory) {
        return [address(token), address(usd), address(rent)];
    }

    /// @notice Each token the market holds is exactly the escrow of live jobs plus what it owes.
    function invariant_marketHoldsEscrowPlusOwed() public view {
        address[3] memory tokens = _paymentTokens();
        for (uint256 t; t < 3; ++t) {
            uint256 held = tokens[t] == address(token)
                ? token.balanceOf(address(market))
                : tokens[t] == address(usd) ? usd.balanceOf(address(market)) : rent.balanceOf(address(market));
            assertEq(held, handler.liveEscrow(tokens[t]) + handler.totalOwed(tokens[t]), "market balance");
        }
    }

    /// @notice Staking holds exactly the bonded plus unbonding stake; locked stays within bonded and equals
    /// the collateral of each provider's unfinished jobs.
    function invariant_stakingHoldsBondedPlusUnbonding() public view {
        address[] memory ps = handler.providers();
        uint256 total;
        for (uint256 i; i < ps.length; ++i) {
            IProviderStaking.Provider memory p = staking.getProvider(ps[i]);
            total += uint256(p.bonded) + p.unbonding;
            assertLe(p.locked, p.bonded, "locked <= bonded");
            assertEq(p.locked, handler.liveCollateral(ps[i]), "locked == collateral of live jobs");
        }
        assertEq(token.balanceOf(address(staking)), total, "staking balance");
    }

    /// @notice The court holds exactly the bonds of disputes not yet resolved.
    function invariant_courtHoldsUnresolvedBonds() public view {
        assertEq(token.balanceOf(address(court)), handler.unresolvedBonds(), "court balance");
    }

    /// @notice No job is paid or ended twice; every finalized job was paid exactly once.
    function invariant_jobPaidAtMostOnce() public view {
        assertLe(handler.maxTimesPaid(), 1, "paid at most once");
        assertLe(handler.maxTimesEnded(), 1, "ended at most once");
        uint256[] memory ids = handler.jobIds();
        for (uint256 i; i < ids.length; ++i) {
            bool finalized = market.getJob(ids[i]).status == IJobMarket.JobStatus.Finalized;
            assertEq(handler.timesPaid(ids[i]), finalized ? 1 : 0, "finalized jobs paid exactly once");
        }
    }

    /// @notice Supply moves only by reward claims and never passes the cap; no re-entry ever got through.
    function invariant_supplyWithinCapAndNoReentry() public view {
        assertLe(token.totalSupply(), token.MAX_SUPPLY(), "cap");
        assertEq(token.totalSupply(), token.GENESIS_SUPPLY() + handler.rewardsMinted(), "supply = genesis + claims");
        assertEq(handler.reentrySuccesses(), 0, "no re-entry succeeded");
    }

    /// @notice After every run: drive every live job to an end, let everyone withdraw, and find nothing left.
    function afterInvariant() public {
        handler.drainAll();
        address[3] memory tokens = _paymentTokens();
        assertEq(token.balanceOf(address(market)), 0, "market HRTH left");
        assertEq(usd.balanceOf(address(market)), 0, "market tUSD left");
        assertEq(rent.balanceOf(address(market)), 0, "market RENT left");
        for (uint256 t; t < 3; ++t) {
            assertEq(handler.liveEscrow(tokens[t]), 0, "live escrow left");
        }
        assertEq(token.balanceOf(address(court)), 0, "court HRTH left");
        assertEq(token.balanceOf(address(staking)), 0, "staking HRTH left");
    }
}
