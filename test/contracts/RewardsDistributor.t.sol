// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {HearthToken} from "../../contracts/HearthToken.sol";
import {RewardsDistributor} from "../../contracts/RewardsDistributor.sol";
import {IHearthToken} from "../../contracts/interfaces/IHearthToken.sol";
import {IRewardsDistributor} from "../../contracts/interfaces/IRewardsDistributor.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

contract RewardsDistributorTest is HearthFixture {
    address private alice;
    address private bob;
    uint256 private genesis;

    function setUp() public override {
        super.setUp();
        alice = providers[0];
        bob = providers[1];
        genesis = rewards.genesisTime();
    }

    function _outOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IRewardsDistributor.RewardsParameterOutOfBounds.selector, name, value, min, max);
    }

    function _record(address provider, uint256 points) private {
        vm.prank(address(market));
        rewards.recordWork(provider, points);
    }

    function _nextEpoch() private {
        vm.warp(block.timestamp + EPOCH_LENGTH);
    }

    function _one(uint256 epoch) private pure returns (uint256[] memory epochs) {
        epochs = new uint256[](1);
        epochs[0] = epoch;
    }

    // ---------------------------------------------------------------- constructor and wiring

    function test_constructor_fixesTheSchedule() public view {
        assertEq(genesis, START_TIME, "genesis at deployment");
        assertEq(rewards.epochLength(), EPOCH_LENGTH, "epoch length");
        assertEq(rewards.initialEmission(), INITIAL_EMISSION, "initial emission");
        assertEq(rewards.decayBps(), DECAY_BPS, "decay");
        assertEq(rewards.owner(), address(0), "ownership renounced after wiring");
    }

    function test_constructor_revertsPastEveryBound() public {
        uint256 maxEmission = rewards.MAX_INITIAL_EMISSION();
        vm.expectRevert(_outOfBounds("epochLength", 9, 10, 30 days));
        new RewardsDistributor(token, deployer, 9, INITIAL_EMISSION, DECAY_BPS);
        vm.expectRevert(_outOfBounds("epochLength", 30 days + 1, 10, 30 days));
        new RewardsDistributor(token, deployer, 30 days + 1, INITIAL_EMISSION, DECAY_BPS);
        vm.expectRevert(_outOfBounds("initialEmission", maxEmission + 1, 0, maxEmission));
        new RewardsDistributor(token, deployer, EPOCH_LENGTH, maxEmission + 1, DECAY_BPS);
        vm.expectRevert(_outOfBounds("decayBps", 4_999, 5_000, 9_999));
        new RewardsDistributor(token, deployer, EPOCH_LENGTH, INITIAL_EMISSION, 4_999);
        vm.expectRevert(_outOfBounds("decayBps", 10_000, 5_000, 9_999)); // emissions must decay
        new RewardsDistributor(token, deployer, EPOCH_LENGTH, INITIAL_EMISSION, 10_000);
        RewardsDistributor edge = new RewardsDistributor(token, deployer, 30 days, maxEmission, 5_000);
        assertEq(edge.initialEmission(), maxEmission, "bounds themselves accepted");
    }

    function test_setProtocolContracts_revertsForNonOwner() public {
        RewardsDistributor fresh = new RewardsDistributor(token, deployer, EPOCH_LENGTH, INITIAL_EMISSION, DECAY_BPS);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.setProtocolContracts(address(market), address(staking));
    }

    function test_setProtocolContracts_onceThenOwnerless() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployer));
        vm.prank(deployer);
        rewards.setProtocolContracts(stranger, stranger);
        // Only the zero address "owns" it now; even that cannot rewire it.
        vm.expectRevert(IRewardsDistributor.RewardsAlreadyConfigured.selector);
        vm.prank(address(0));
        rewards.setProtocolContracts(stranger, stranger);
    }

    // ---------------------------------------------------------------- recordWork / forfeit

    function test_recordWork_accumulatesAndEmits() public {
        _record(alice, 10);
        vm.expectEmit(address(rewards));
        emit IRewardsDistributor.WorkRecorded(0, bob, 5, 15);
        _record(bob, 5);
        _record(alice, 1);
        assertEq(rewards.providerPoints(0, alice), 11, "alice");
        assertEq(rewards.providerPoints(0, bob), 5, "bob");
        assertEq(rewards.epochPoints(0), 16, "epoch");
        assertEq(rewards.epochPoints(1), 0, "next epoch untouched");
    }

    function test_recordWork_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsUnauthorized.selector, address(staking)));
        vm.prank(address(staking));
        rewards.recordWork(alice, 1);
    }

    function test_forfeit_marksOnceAndEmits() public {
        vm.expectEmit(address(rewards));
        emit IRewardsDistributor.RewardsForfeited(0, alice);
        vm.prank(address(staking));
        rewards.forfeit(alice);
        vm.recordLogs();
        vm.prank(address(staking));
        rewards.forfeit(alice);
        assertEq(vm.getRecordedLogs().length, 0, "second forfeit is silent");
        assertTrue(rewards.isForfeited(0, alice), "forfeited");
        assertFalse(rewards.isForfeited(1, alice), "only this epoch");
    }

    function test_forfeit_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsUnauthorized.selector, address(market)));
        vm.prank(address(market));
        rewards.forfeit(alice);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_mintsProportionalShare() public {
        _record(alice, 3);
        _record(bob, 1);
        _nextEpoch();
        uint256 emission = rewards.emissionForEpoch(0);
        assertEq(rewards.claimable(0, alice), emission * 3 / 4, "claimable");
        vm.expectEmit(address(rewards));
        emit IRewardsDistributor.RewardsClaimed(0, alice, emission * 3 / 4);
        vm.prank(alice);
        uint256 total = rewards.claim(_one(0));
        assertEq(total, emission * 3 / 4, "returned");
        assertEq(token.balanceOf(alice), emission * 3 / 4, "minted");
        assertTrue(rewards.isClaimed(0, alice), "claimed");
        assertEq(rewards.claimable(0, alice), 0, "nothing more");
        assertEq(token.totalSupply(), token.GENESIS_SUPPLY() + emission * 3 / 4, "supply grew by the claim");
    }

    function test_claim_severalEpochsAtOnce() public {
        _record(alice, 1);
        _nextEpoch();
        _record(alice, 1);
        _record(bob, 1);
        _nextEpoch();
        uint256[] memory epochs = new uint256[](2);
        epochs[1] = 1;
        vm.prank(alice);
        uint256 total = rewards.claim(epochs);
        assertEq(total, rewards.emissionForEpoch(0) + rewards.emissionForEpoch(1) / 2, "sum of shares");
        assertEq(token.balanceOf(alice), total, "minted once");
    }

    function test_claim_revertsBeforeEpochEnds() public {
        _record(alice, 1);
        vm.warp(genesis + EPOCH_LENGTH - 1);
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsEpochNotOver.selector, 0, 0));
        vm.prank(alice);
        rewards.claim(_one(0));
        assertEq(rewards.claimable(0, alice), 0, "not yet claimable");
    }

    function test_claim_revertsTwice() public {
        _record(alice, 1);
        _nextEpoch();
        vm.prank(alice);
        rewards.claim(_one(0));
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsAlreadyClaimed.selector, 0, alice));
        vm.prank(alice);
        rewards.claim(_one(0));
    }

    function test_claim_revertsWhenForfeited() public {
        _record(alice, 1);
        _record(bob, 1);
        vm.prank(address(staking));
        rewards.forfeit(alice);
        _nextEpoch();
        assertEq(rewards.claimable(0, alice), 0, "nothing claimable");
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsForfeitedInEpoch.selector, 0, alice));
        vm.prank(alice);
        rewards.claim(_one(0));
        vm.prank(bob);
        assertEq(rewards.claim(_one(0)), rewards.emissionForEpoch(0) / 2, "others keep their own share only");
    }

    function test_claim_revertsWithNothingToClaim() public {
        _record(alice, 1);
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsNothingToClaim.selector, 0, bob));
        vm.prank(bob);
        rewards.claim(_one(0));
    }

    function test_claim_slashedProviderForfeitsThroughStaking() public {
        _registerAndStake(alice, PROVIDER_STAKE);
        _record(alice, 1);
        vm.prank(address(market));
        staking.slash(alice, 0, 1, treasury, true);
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IRewardsDistributor.RewardsForfeitedInEpoch.selector, 0, alice));
        vm.prank(alice);
        rewards.claim(_one(0));
    }

    function test_claim_neverMintsPastTheTokenCap() public {
        // A schedule at its most generous bounds, minting into a fresh token: 10M HRTH an epoch, 0.01% decay.
        vm.startPrank(deployer);
        HearthToken capped = new HearthToken(deployer);
        RewardsDistributor generous = new RewardsDistributor(capped, deployer, 10, 10_000_000e18, 9_999);
        capped.setMinter(address(generous));
        generous.setProtocolContracts(address(this), address(this));
        vm.stopPrank();
        uint256 count = 51;
        uint256[] memory epochs = new uint256[](count);
        uint256 total;
        for (uint256 e; e < count; ++e) {
            generous.recordWork(alice, 1);
            epochs[e] = e;
            total += generous.emissionForEpoch(e);
            vm.warp(block.timestamp + 10);
        }
        uint256 headroom = capped.MAX_SUPPLY() - capped.GENESIS_SUPPLY();
        assertGt(total, headroom, "the schedule alone would pass the cap");
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenCapExceeded.selector, total, headroom));
        vm.prank(alice);
        generous.claim(epochs);
        assertLe(capped.totalSupply(), capped.MAX_SUPPLY(), "cap holds");
    }

    // ---------------------------------------------------------------- schedule views

    function test_emissionForEpoch_decaysGeometrically() public view {
        assertEq(rewards.emissionForEpoch(0), INITIAL_EMISSION, "epoch 0");
        assertEq(rewards.emissionForEpoch(1), INITIAL_EMISSION * 99 / 100, "epoch 1");
        assertEq(rewards.emissionForEpoch(2), INITIAL_EMISSION * 9_801 / 10_000, "epoch 2");
        uint256 previous = INITIAL_EMISSION;
        for (uint256 e = 1; e < 300; e += 7) {
            uint256 emission = rewards.emissionForEpoch(e);
            assertLt(emission, previous, "strictly decreasing");
            previous = emission;
        }
        assertLt(rewards.emissionForEpoch(10_000), 1e18, "vanishes");
    }

    function test_epochAt_countsFromGenesis() public {
        assertEq(rewards.epochAt(genesis - 1), 0, "before genesis");
        assertEq(rewards.epochAt(genesis + EPOCH_LENGTH - 1), 0, "end of epoch 0");
        assertEq(rewards.epochAt(genesis + EPOCH_LENGTH), 1, "start of epoch 1");
        vm.warp(genesis + 5 * EPOCH_LENGTH + 3);
        assertEq(rewards.currentEpoch(), 5, "current");
    }

    function testFuzz_claim_splitSumsToAtMostEmission(uint256[5] memory points, uint8 forfeitMask, uint8 epoch)
        public
    {
        vm.warp(genesis + uint256(epoch) * EPOCH_LENGTH);
        uint256 total;
        for (uint256 i; i < 5; ++i) {
            points[i] = bound(points[i], 0, 1e36);
            total += points[i];
            if (points[i] > 0) _record(providers[i], points[i]);
            if (forfeitMask & (1 << i) != 0) {
                vm.prank(address(staking));
                rewards.forfeit(providers[i]);
            }
        }
        _nextEpoch();
        uint256 emission = rewards.emissionForEpoch(epoch);
        uint256 minted;
        for (uint256 i; i < 5; ++i) {
            if (points[i] == 0 || forfeitMask & (1 << i) != 0) continue;
            uint256 share = rewards.claimable(epoch, providers[i]);
            assertEq(share, emission * points[i] / total, "pro rata");
            if (share == 0) continue;
            vm.prank(providers[i]);
            minted += rewards.claim(_one(epoch));
        }
        assertLe(minted, emission, "never more than the epoch's emission");
        if (forfeitMask & 31 == 0 && total > 0) {
            assertGe(minted + 5, emission, "only rounding dust is left when nobody forfeits");
        }
        assertEq(token.totalSupply(), token.GENESIS_SUPPLY() + minted, "supply moved by claims only");
    }
}
