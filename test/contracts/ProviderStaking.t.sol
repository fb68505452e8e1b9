// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ProviderStaking} from "../../contracts/ProviderStaking.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {IRewardsDistributor} from "../../contracts/interfaces/IRewardsDistributor.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

contract ProviderStakingTest is HearthFixture {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    address private alice;
    uint256 private aliceKey;

    function setUp() public override {
        super.setUp();
        alice = providers[0];
        aliceKey = keyOf[alice];
    }

    function _outOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IProviderStaking.StakingParameterOutOfBounds.selector, name, value, min, max);
    }

    /// @dev The shortest unbonding the wired protocol accepts is one second more than this.
    function _neededUnbonding() private view returns (uint256) {
        return uint256(market.challengeWindow()) + court.maxDisputeDuration();
    }

    // ---------------------------------------------------------------- constructor and wiring

    function test_constructor_setsParametersAndToken() public view {
        assertEq(staking.minStake(), MIN_STAKE, "minStake");
        assertEq(staking.unbondingPeriod(), UNBONDING_PERIOD, "unbonding");
        assertEq(staking.jailPeriod(), JAIL_PERIOD, "jail");
        assertEq(staking.token(), address(token), "token");
        assertEq(staking.owner(), governor, "governor owns");
    }

    function test_constructor_revertsOnZeroMinStake() public {
        vm.expectRevert(_outOfBounds("minStake", 0, 1, staking.MAX_MIN_STAKE()));
        new ProviderStaking(token, governor, 0, UNBONDING_PERIOD, JAIL_PERIOD);
    }

    function test_constructor_revertsOnMinStakeAboveMax() public {
        uint256 max = staking.MAX_MIN_STAKE();
        vm.expectRevert(_outOfBounds("minStake", max + 1, 1, max));
        new ProviderStaking(token, governor, max + 1, UNBONDING_PERIOD, JAIL_PERIOD);
    }

    function test_constructor_revertsOnJailPeriodOutOfBounds() public {
        uint64 min = staking.MIN_JAIL_PERIOD();
        uint64 max = staking.MAX_JAIL_PERIOD();
        vm.expectRevert(_outOfBounds("jailPeriod", min - 1, min, max));
        new ProviderStaking(token, governor, MIN_STAKE, UNBONDING_PERIOD, min - 1);
        vm.expectRevert(_outOfBounds("jailPeriod", max + 1, min, max));
        new ProviderStaking(token, governor, MIN_STAKE, UNBONDING_PERIOD, max + 1);
    }

    function test_constructor_revertsOnUnbondingPeriodOutOfBounds() public {
        uint64 max = staking.MAX_UNBONDING_PERIOD();
        vm.expectRevert(_outOfBounds("unbondingPeriod", 0, 1, max));
        new ProviderStaking(token, governor, MIN_STAKE, 0, JAIL_PERIOD);
        vm.expectRevert(_outOfBounds("unbondingPeriod", max + 1, 1, max));
        new ProviderStaking(token, governor, MIN_STAKE, max + 1, JAIL_PERIOD);
    }

    function test_constructor_acceptsEveryBound() public {
        ProviderStaking a = new ProviderStaking(token, governor, 1, 1, staking.MIN_JAIL_PERIOD());
        assertEq(a.minStake(), 1, "min bound");
        ProviderStaking b = new ProviderStaking(
            token, governor, staking.MAX_MIN_STAKE(), staking.MAX_UNBONDING_PERIOD(), staking.MAX_JAIL_PERIOD()
        );
        assertEq(b.jailPeriod(), staking.MAX_JAIL_PERIOD(), "max bound");
    }

    function test_setProtocolContracts_revertsWhenAlreadyConfigured() public {
        vm.expectRevert(IProviderStaking.StakingAlreadyConfigured.selector);
        vm.prank(governor);
        staking.setProtocolContracts(market, court, rewards);
    }

    function test_setProtocolContracts_revertsForNonOwner() public {
        ProviderStaking fresh = new ProviderStaking(token, governor, MIN_STAKE, UNBONDING_PERIOD, JAIL_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.setProtocolContracts(market, court, rewards);
    }

    function test_setProtocolContracts_revertsWhenUnbondingTooShort() public {
        uint256 needed = _neededUnbonding();
        ProviderStaking fresh = new ProviderStaking(token, governor, MIN_STAKE, uint64(needed), JAIL_PERIOD);
        vm.expectRevert(_outOfBounds("unbondingPeriod", needed, needed + 1, staking.MAX_UNBONDING_PERIOD()));
        vm.prank(governor);
        fresh.setProtocolContracts(market, court, rewards);
    }

    function test_setProtocolContracts_wiresAndEmits() public {
        ProviderStaking fresh = new ProviderStaking(token, governor, MIN_STAKE, uint64(_neededUnbonding() + 1), 60);
        vm.expectEmit(address(fresh));
        emit IProviderStaking.ProtocolContractsSet(address(market), address(court), address(rewards));
        vm.prank(governor);
        fresh.setProtocolContracts(market, court, rewards);
    }

    // ---------------------------------------------------------------- setParameters

    function test_setParameters_updatesAndEmits() public {
        vm.expectEmit(address(staking));
        emit IProviderStaking.ParametersUpdated(50e18, 2_000, 600);
        vm.prank(governor);
        staking.setParameters(50e18, 2_000, 600);
        assertEq(staking.minStake(), 50e18, "minStake");
        assertEq(staking.unbondingPeriod(), 2_000, "unbonding");
        assertEq(staking.jailPeriod(), 600, "jail");
    }

    function test_setParameters_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployer));
        vm.prank(deployer);
        staking.setParameters(MIN_STAKE, UNBONDING_PERIOD, JAIL_PERIOD);
    }

    function test_setParameters_revertsPastEveryBound() public {
        uint256 maxMin = staking.MAX_MIN_STAKE();
        uint64 minJail = staking.MIN_JAIL_PERIOD();
        uint64 maxJail = staking.MAX_JAIL_PERIOD();
        uint64 maxUnbonding = staking.MAX_UNBONDING_PERIOD();
        vm.startPrank(governor);
        vm.expectRevert(_outOfBounds("minStake", 0, 1, maxMin));
        staking.setParameters(0, UNBONDING_PERIOD, JAIL_PERIOD);
        vm.expectRevert(_outOfBounds("minStake", maxMin + 1, 1, maxMin));
        staking.setParameters(maxMin + 1, UNBONDING_PERIOD, JAIL_PERIOD);
        vm.expectRevert(_outOfBounds("jailPeriod", minJail - 1, minJail, maxJail));
        staking.setParameters(MIN_STAKE, UNBONDING_PERIOD, minJail - 1);
        vm.expectRevert(_outOfBounds("jailPeriod", maxJail + 1, minJail, maxJail));
        staking.setParameters(MIN_STAKE, UNBONDING_PERIOD, maxJail + 1);
        vm.expectRevert(_outOfBounds("unbondingPeriod", 0, 1, maxUnbonding));
        staking.setParameters(MIN_STAKE, 0, JAIL_PERIOD);
        vm.expectRevert(_outOfBounds("unbondingPeriod", maxUnbonding + 1, 1, maxUnbonding));
        staking.setParameters(MIN_STAKE, maxUnbonding + 1, JAIL_PERIOD);
        vm.stopPrank();
    }

    function test_setParameters_revertsWhenUnbondingNotLongerThanDispute() public {
        uint256 needed = _neededUnbonding();
        vm.expectRevert(_outOfBounds("unbondingPeriod", needed, needed + 1, staking.MAX_UNBONDING_PERIOD()));
        vm.prank(governor);
        staking.setParameters(MIN_STAKE, uint64(needed), JAIL_PERIOD);
        vm.prank(governor);
        staking.setParameters(MIN_STAKE, uint64(needed + 1), JAIL_PERIOD);
        assertEq(staking.unbondingPeriod(), needed + 1, "one second longer is enough");
    }

    // ---------------------------------------------------------------- register / updateMetadata

    function test_register_recordsProviderAndEmits() public {
        vm.expectEmit(address(staking));
        emit IProviderStaking.ProviderRegistered(alice, META_CID, 420);
        vm.prank(alice);
        staking.register(META_CID, 420);
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertTrue(p.registered, "registered");
        assertEq(p.carbonIntensity, 420, "carbon");
        assertEq(staking.metadataCid(alice), META_CID, "cid");
    }

    function test_register_revertsWhenAlreadyRegistered() public {
        vm.startPrank(alice);
        staking.register(META_CID, 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingAlreadyRegistered.selector, alice));
        staking.register(META_CID, 1);
        vm.stopPrank();
    }

    function test_register_revertsOnEmptyOrLongMetadata() public {
        uint256 max = staking.MAX_METADATA_LENGTH();
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInvalidMetadata.selector, 0, max));
        staking.register("", 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInvalidMetadata.selector, max + 1, max));
        staking.register(string(new bytes(max + 1)), 1);
        staking.register(string(new bytes(max)), 1); // the bound itself is accepted
        vm.stopPrank();
    }

    function test_register_revertsOnCarbonIntensityTooHigh() public {
        uint32 max = staking.MAX_CARBON_INTENSITY();
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingCarbonIntensityTooHigh.selector, max + 1, max));
        vm.prank(alice);
        staking.register(META_CID, max + 1);
    }

    function test_updateMetadata_replacesAndEmits() public {
        vm.prank(alice);
        staking.register(META_CID, 400);
        vm.expectEmit(address(staking));
        emit IProviderStaking.ProviderMetadataUpdated(alice, "bafy-new", 12);
        vm.prank(alice);
        staking.updateMetadata("bafy-new", 12);
        assertEq(staking.metadataCid(alice), "bafy-new", "cid");
        assertEq(staking.getProvider(alice).carbonIntensity, 12, "carbon");
    }

    function test_updateMetadata_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingNotRegistered.selector, alice));
        vm.prank(alice);
        staking.updateMetadata(META_CID, 1);
    }

    function test_updateMetadata_revertsOnInvalidInput() public {
        vm.startPrank(alice);
        staking.register(META_CID, 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInvalidMetadata.selector, 0, 128));
        staking.updateMetadata("", 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingCarbonIntensityTooHigh.selector, 2_001, 2_000));
        staking.updateMetadata(META_CID, 2_001);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- stake / stakeWithPermit

    function test_stake_bondsAndEmits() public {
        _giveHrth(alice, 300e18);
        vm.startPrank(alice);
        staking.register(META_CID, 1);
        token.approve(address(staking), 300e18);
        vm.expectEmit(address(staking));
        emit IProviderStaking.Staked(alice, 300e18, 300e18);
        staking.stake(300e18);
        vm.stopPrank();
        assertEq(staking.getProvider(alice).bonded, 300e18, "bonded");
        assertEq(token.balanceOf(address(staking)), 300e18, "held");
        assertEq(staking.freeStake(alice), 300e18, "free");
    }

    function test_stake_revertsOnZeroAmount() public {
        vm.expectRevert(IProviderStaking.StakingZeroAmount.selector);
        vm.prank(alice);
        staking.stake(0);
    }

    function test_stake_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingNotRegistered.selector, alice));
        vm.prank(alice);
        staking.stake(1);
    }

    function test_stake_revertsWithoutAllowance() public {
        _giveHrth(alice, 1e18);
        vm.prank(alice);
        staking.register(META_CID, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(staking), 0, 1e18)
        );
        vm.prank(alice);
        staking.stake(1e18);
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        private
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(staking), value, token.nonces(owner), deadline));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_stakeWithPermit_bondsWithoutApprove() public {
        _giveHrth(alice, 200e18);
        vm.prank(alice);
        staking.register(META_CID, 1);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(aliceKey, alice, 200e18, deadline);
        vm.prank(alice);
        staking.stakeWithPermit(200e18, deadline, v, r, s);
        assertEq(staking.getProvider(alice).bonded, 200e18, "bonded");
        assertEq(token.nonces(alice), 1, "permit used");
        assertEq(token.allowance(alice, address(staking)), 0, "allowance consumed");
    }

    function test_stakeWithPermit_survivesFrontRunPermit() public {
        _giveHrth(alice, 200e18);
        vm.prank(alice);
        staking.register(META_CID, 1);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(aliceKey, alice, 200e18, deadline);
        // Someone copies the permit from the mempool and spends it first.
        vm.prank(stranger);
        token.permit(alice, address(staking), 200e18, deadline, v, r, s);
        vm.prank(alice);
        staking.stakeWithPermit(200e18, deadline, v, r, s);
        assertEq(staking.getProvider(alice).bonded, 200e18, "still staked");
    }

    function test_stakeWithPermit_revertsWithBadPermitAndNoAllowance() public {
        _giveHrth(alice, 200e18);
        vm.prank(alice);
        staking.register(META_CID, 1);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(keyOf[providers[1]], alice, 200e18, deadline); // wrong key
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(staking), 0, 200e18)
        );
        vm.prank(alice);
        staking.stakeWithPermit(200e18, deadline, v, r, s);
    }

    // ---------------------------------------------------------------- requestUnstake / withdraw

    function test_requestUnstake_movesFreeStakeToUnbonding() public {
        _registerAndStake(alice, 500e18);
        uint64 end = uint64(block.timestamp) + UNBONDING_PERIOD;
        vm.expectEmit(address(staking));
        emit IProviderStaking.UnstakeRequested(alice, 200e18, 200e18, end);
        vm.prank(alice);
        staking.requestUnstake(200e18);
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.bonded, 300e18, "bonded");
        assertEq(p.unbonding, 200e18, "unbonding");
        assertEq(p.unbondingEnd, end, "end");
    }

    function test_requestUnstake_restartsTheClock() public {
        _registerAndStake(alice, 500e18);
        vm.prank(alice);
        staking.requestUnstake(100e18);
        vm.warp(block.timestamp + 1_000);
        vm.prank(alice);
        staking.requestUnstake(100e18);
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.unbonding, 200e18, "accumulates");
        assertEq(p.unbondingEnd, block.timestamp + UNBONDING_PERIOD, "restarted");
    }

    function test_requestUnstake_revertsOnZero() public {
        vm.expectRevert(IProviderStaking.StakingZeroAmount.selector);
        vm.prank(alice);
        staking.requestUnstake(0);
    }

    function test_requestUnstake_revertsBeyondFreeStake() public {
        _registerAndStake(alice, 500e18);
        vm.prank(address(market));
        staking.lockCollateral(alice, 450e18);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInsufficientFreeStake.selector, 50e18, 51e18));
        vm.prank(alice);
        staking.requestUnstake(51e18);
    }

    function test_requestUnstake_dropsVerifierBelowMinimum() public {
        _registerAndStake(alice, 150e18);
        vm.prank(alice);
        staking.setVerifier(true);
        vm.expectEmit(address(staking));
        emit IProviderStaking.VerifierStatusChanged(alice, false);
        vm.prank(alice);
        staking.requestUnstake(51e18);
        assertFalse(staking.getProvider(alice).verifier, "no longer a verifier");
        assertEq(staking.verifiers().length, 0, "list emptied");
    }

    function test_withdraw_paysOutAfterUnbonding() public {
        _registerAndStake(alice, 500e18);
        vm.prank(alice);
        staking.requestUnstake(200e18);
        vm.warp(block.timestamp + UNBONDING_PERIOD);
        vm.expectEmit(address(staking));
        emit IProviderStaking.Withdrawn(alice, 200e18);
        vm.prank(alice);
        staking.withdraw();
        assertEq(token.balanceOf(alice), 200e18, "paid");
        assertEq(staking.getProvider(alice).unbonding, 0, "cleared");
        assertEq(token.balanceOf(address(staking)), 300e18, "rest stays");
    }

    function test_withdraw_revertsWithNothingUnbonding() public {
        vm.expectRevert(IProviderStaking.StakingNothingToWithdraw.selector);
        vm.prank(alice);
        staking.withdraw();
    }

    function test_withdraw_revertsBeforeUnbondingEnds() public {
        _registerAndStake(alice, 500e18);
        vm.prank(alice);
        staking.requestUnstake(200e18);
        uint64 end = uint64(block.timestamp) + UNBONDING_PERIOD;
        vm.warp(end - 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnbondingNotOver.selector, end, end - 1));
        vm.prank(alice);
        staking.withdraw();
    }

    function test_withdraw_revertsWhileDisputeOpen() public {
        _registerAndStake(alice, 500e18);
        vm.prank(alice);
        staking.requestUnstake(200e18);
        vm.prank(address(court));
        staking.disputeOpened(alice);
        vm.warp(block.timestamp + UNBONDING_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingWithdrawalFrozen.selector, alice, 1));
        vm.prank(alice);
        staking.withdraw();
        vm.prank(address(court));
        staking.disputeClosed(alice);
        vm.prank(alice);
        staking.withdraw();
        assertEq(token.balanceOf(alice), 200e18, "released after the dispute");
    }

    // ---------------------------------------------------------------- setVerifier

    function test_setVerifier_optsInAndOut() public {
        _registerAndStake(alice, MIN_STAKE);
        vm.expectEmit(address(staking));
        emit IProviderStaking.VerifierStatusChanged(alice, true);
        vm.prank(alice);
        staking.setVerifier(true);
        assertEq(staking.verifiers().length, 1, "listed");
        vm.prank(alice);
        staking.setVerifier(true); // no-op
        assertEq(staking.verifiers().length, 1, "listed once");
        vm.prank(alice);
        staking.setVerifier(false);
        assertEq(staking.verifiers().length, 0, "delisted");
        assertFalse(staking.getProvider(alice).verifier, "flag cleared");
    }

    function test_setVerifier_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingNotRegistered.selector, alice));
        vm.prank(alice);
        staking.setVerifier(true);
    }

    function test_setVerifier_revertsBelowMinimum() public {
        _registerAndStake(alice, MIN_STAKE - 1);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingBelowMinimum.selector, MIN_STAKE - 1, MIN_STAKE));
        vm.prank(alice);
        staking.setVerifier(true);
    }

    function test_setVerifier_revertsPastMaxVerifiers() public {
        uint256 max = staking.MAX_VERIFIERS();
        for (uint256 i; i < max; ++i) {
            address v = address(uint160(0x10000 + i));
            _registerAndStake(v, MIN_STAKE);
            vm.prank(v);
            staking.setVerifier(true);
        }
        _registerAndStake(alice, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingTooManyVerifiers.selector, max));
        vm.prank(alice);
        staking.setVerifier(true);
    }

    // ---------------------------------------------------------------- lock / unlock (job market only)

    function test_lockCollateral_locksAndEmits() public {
        _registerAndStake(alice, 500e18);
        vm.expectEmit(address(staking));
        emit IProviderStaking.CollateralLocked(alice, 120e18, 120e18);
        vm.prank(address(market));
        staking.lockCollateral(alice, 120e18);
        assertEq(staking.getProvider(alice).locked, 120e18, "locked");
        assertEq(staking.freeStake(alice), 380e18, "free");
    }

    function test_lockCollateral_revertsForNonMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnauthorized.selector, address(court)));
        vm.prank(address(court));
        staking.lockCollateral(alice, 1);
    }

    function test_lockCollateral_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingNotRegistered.selector, alice));
        vm.prank(address(market));
        staking.lockCollateral(alice, 1);
    }

    function test_lockCollateral_revertsWhenJailed() public {
        _registerAndStake(alice, 500e18);
        vm.prank(address(market));
        staking.slash(alice, 0, 0, treasury, true);
        uint64 until = uint64(block.timestamp) + JAIL_PERIOD;
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingJailed.selector, alice, until));
        vm.prank(address(market));
        staking.lockCollateral(alice, 1);
    }

    function test_lockCollateral_revertsBeyondFreeStake() public {
        _registerAndStake(alice, 500e18);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInsufficientFreeStake.selector, 500e18, 501e18));
        vm.prank(address(market));
        staking.lockCollateral(alice, 501e18);
    }

    function test_unlockCollateral_unlocksAndEmits() public {
        _registerAndStake(alice, 500e18);
        vm.startPrank(address(market));
        staking.lockCollateral(alice, 120e18);
        vm.expectEmit(address(staking));
        emit IProviderStaking.CollateralUnlocked(alice, 20e18, 100e18);
        staking.unlockCollateral(alice, 20e18);
        vm.stopPrank();
        assertEq(staking.getProvider(alice).locked, 100e18, "locked");
    }

    function test_unlockCollateral_revertsForNonMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnauthorized.selector, stranger));
        vm.prank(stranger);
        staking.unlockCollateral(alice, 1);
    }

    function test_unlockCollateral_revertsBeyondLocked() public {
        _registerAndStake(alice, 500e18);
        vm.startPrank(address(market));
        staking.lockCollateral(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInsufficientLocked.selector, 10e18, 11e18));
        staking.unlockCollateral(alice, 11e18);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- slash

    function test_slash_takesLockedThenFreeThenUnbonding() public {
        _registerAndStake(alice, 1_000e18);
        vm.prank(alice);
        staking.requestUnstake(300e18); // bonded 700, unbonding 300
        vm.prank(address(market));
        staking.lockCollateral(alice, 200e18); // free 500
        uint64 until = uint64(block.timestamp) + JAIL_PERIOD;
        vm.expectEmit(address(staking));
        emit IProviderStaking.Slashed(alice, 150e18 + 600e18, 150e18, treasury, until);
        vm.prank(address(court));
        uint256 slashed = staking.slash(alice, 150e18, 600e18, treasury, true);
        assertEq(slashed, 750e18, "total");
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.locked, 50e18, "locked left");
        assertEq(p.bonded, 50e18, "only the remaining locked stays bonded");
        assertEq(p.unbonding, 200e18, "unbonding slashed after free stake");
        assertEq(p.jailedUntil, until, "jailed");
        assertEq(token.balanceOf(treasury), 750e18, "sent to recipient");
    }

    function test_slash_neverTakesMoreThanTheProviderHas() public {
        _registerAndStake(alice, 400e18);
        vm.prank(alice);
        staking.requestUnstake(100e18);
        vm.prank(address(market));
        uint256 slashed = staking.slash(alice, 0, type(uint256).max / 2, treasury, false);
        assertEq(slashed, 400e18, "everything, nothing more");
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.bonded + p.unbonding + p.locked, 0, "emptied");
        assertEq(p.jailedUntil, 0, "not jailed when jail=false");
    }

    function test_slash_revertsBeyondLocked() public {
        _registerAndStake(alice, 400e18);
        vm.prank(address(market));
        staking.lockCollateral(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingInsufficientLocked.selector, 10e18, 10e18 + 1));
        vm.prank(address(market));
        staking.slash(alice, 10e18 + 1, 0, treasury, false);
    }

    function test_slash_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnauthorized.selector, governor));
        vm.prank(governor);
        staking.slash(alice, 0, 1, governor, false);
    }

    function test_slash_jailForfeitsEpochAndDropsVerifier() public {
        _registerAndStake(alice, 400e18);
        vm.prank(alice);
        staking.setVerifier(true);
        uint256 epoch = rewards.currentEpoch();
        vm.expectEmit(address(rewards));
        emit IRewardsDistributor.RewardsForfeited(epoch, alice);
        vm.prank(address(court));
        staking.slash(alice, 0, 1e18, treasury, true);
        assertTrue(rewards.isForfeited(epoch, alice), "forfeited");
        assertFalse(staking.getProvider(alice).verifier, "dropped");
        assertFalse(staking.isEligible(alice, 0, 0), "jailed takes no jobs");
        vm.warp(block.timestamp + JAIL_PERIOD);
        assertTrue(staking.isEligible(alice, 0, 0), "eligible after the jail period");
    }

    function test_slash_unjailedBelowMinimumDropsVerifier() public {
        _registerAndStake(alice, 150e18);
        vm.prank(alice);
        staking.setVerifier(true);
        vm.prank(address(market));
        staking.slash(alice, 0, 60e18, treasury, false);
        assertFalse(staking.getProvider(alice).verifier, "below minimum");
        _registerAndStake(providers[1], 150e18);
        vm.prank(providers[1]);
        staking.setVerifier(true);
        vm.prank(address(market));
        staking.slash(providers[1], 0, 50e18, treasury, false);
        assertTrue(staking.getProvider(providers[1]).verifier, "exactly the minimum keeps it");
    }

    // ---------------------------------------------------------------- disputes (court only)

    function test_disputeOpened_countsAndCloses() public {
        vm.startPrank(address(court));
        staking.disputeOpened(alice);
        staking.disputeOpened(alice);
        assertEq(staking.getProvider(alice).openDisputes, 2, "two open");
        staking.disputeClosed(alice);
        vm.stopPrank();
        assertEq(staking.getProvider(alice).openDisputes, 1, "one open");
    }

    function test_disputeOpened_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnauthorized.selector, address(market)));
        vm.prank(address(market));
        staking.disputeOpened(alice);
    }

    function test_disputeClosed_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IProviderStaking.StakingUnauthorized.selector, alice));
        vm.prank(alice);
        staking.disputeClosed(alice);
    }

    // ---------------------------------------------------------------- drawVerifiers / isEligible

    function test_drawVerifiers_distinctExcludingPartiesJailedAndUnderMinimum() public {
        _setUpProviders();
        address[] memory excluded = new address[](1);
        excluded[0] = providers[0];
        vm.prank(address(court));
        staking.slash(providers[1], 0, 0, treasury, true); // jailed: also delisted
        vm.prank(address(market));
        staking.slash(providers[2], 0, PROVIDER_STAKE, treasury, false); // under the minimum
        for (uint256 seed; seed < 20; ++seed) {
            address[] memory drawn = staking.drawVerifiers(seed, 5, excluded);
            assertEq(drawn.length, 2, "only two remain eligible");
            assertTrue(drawn[0] != drawn[1], "distinct");
            for (uint256 i; i < drawn.length; ++i) {
                assertTrue(drawn[i] == providers[3] || drawn[i] == providers[4], "eligible only");
            }
        }
    }

    function test_drawVerifiers_isDeterministicInSeed() public {
        _setUpProviders();
        address[] memory none = new address[](0);
        address[] memory a = staking.drawVerifiers(7, 3, none);
        address[] memory b = staking.drawVerifiers(7, 3, none);
        assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)), "same seed, same draw");
        assertEq(a.length, 3, "count");
    }

    function test_drawVerifiers_weightsByStake() public {
        _registerAndStake(alice, 9_900e18);
        _registerAndStake(providers[1], 100e18);
        vm.prank(alice);
        staking.setVerifier(true);
        vm.prank(providers[1]);
        staking.setVerifier(true);
        address[] memory none = new address[](0);
        uint256 aliceFirst;
        for (uint256 seed; seed < 200; ++seed) {
            if (staking.drawVerifiers(seed, 1, none)[0] == alice) ++aliceFirst;
        }
        // 99% of the weight: expect ~198 of 200; anything under 185 would mean the weights are ignored.
        assertGe(aliceFirst, 185, "stake-weighted");
    }

    function test_drawVerifiers_emptyWithoutVerifiers() public view {
        assertEq(staking.drawVerifiers(1, 3, new address[](0)).length, 0, "nobody to draw");
    }

    function test_isEligible_checksStakeJailAndCarbon() public {
        _registerAndStake(alice, 300e18, 250);
        assertTrue(staking.isEligible(alice, 0, 0), "basic");
        assertTrue(staking.isEligible(alice, 300e18, 250), "at both limits");
        assertFalse(staking.isEligible(alice, 300e18 + 1, 0), "required stake");
        assertFalse(staking.isEligible(alice, 0, 249), "carbon cap");
        assertFalse(staking.isEligible(providers[1], 0, 0), "unregistered");
        _registerAndStake(providers[1], MIN_STAKE - 1);
        assertFalse(staking.isEligible(providers[1], 0, 0), "minimum stake applies when required is lower");
    }

    function testFuzz_slash_neverExceedsHoldings(
        uint256 stakeAmount,
        uint256 unbondingAmount,
        uint256 lockedAmount,
        uint256 fromLocked,
        uint256 fromStake
    ) public {
        stakeAmount = bound(stakeAmount, 1, 1_000_000e18);
        unbondingAmount = bound(unbondingAmount, 0, stakeAmount);
        lockedAmount = bound(lockedAmount, 0, stakeAmount - unbondingAmount);
        fromLocked = bound(fromLocked, 0, lockedAmount);
        fromStake = bound(fromStake, 0, type(uint128).max);
        _registerAndStake(alice, stakeAmount);
        if (unbondingAmount > 0) {
            vm.prank(alice);
            staking.requestUnstake(unbondingAmount);
        }
        vm.prank(address(market));
        staking.lockCollateral(alice, lockedAmount);

        IProviderStaking.Provider memory before = staking.getProvider(alice);
        uint256 held = token.balanceOf(address(staking));
        vm.prank(address(court));
        uint256 slashed = staking.slash(alice, fromLocked, fromStake, treasury, false);
        IProviderStaking.Provider memory afterSlash = staking.getProvider(alice);

        uint256 others = uint256(before.bonded) - before.locked + before.unbonding;
        uint256 expected = fromLocked + (fromStake < others ? fromStake : others);
        assertEq(slashed, expected, "takes exactly what was asked, capped at holdings");
        assertLe(slashed, uint256(before.bonded) + before.unbonding, "never more than the provider has");
        assertEq(
            uint256(before.bonded) + before.unbonding - slashed,
            uint256(afterSlash.bonded) + afterSlash.unbonding,
            "stake conserved to the wei"
        );
        assertEq(afterSlash.locked, before.locked - fromLocked, "locked reduced only by fromLocked");
        assertLe(afterSlash.locked, afterSlash.bonded, "locked within bonded");
        assertEq(token.balanceOf(address(staking)), held - slashed, "tokens left with the slash");
        assertEq(token.balanceOf(treasury), slashed, "recipient got it");
    }
}
