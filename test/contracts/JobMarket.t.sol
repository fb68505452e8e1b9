// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IProviderStaking} from "../../contracts/interfaces/IProviderStaking.sol";
import {IRewardsDistributor} from "../../contracts/interfaces/IRewardsDistributor.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

contract JobMarketTest is HearthFixture {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// @dev 10 tUSD: worth 100 HRTH, so 150 HRTH of collateral at 1.5x.
    uint256 private constant PRICE = 10 * USD;
    uint256 private constant PRICE_HRTH_VALUE = 100e18;
    uint256 private constant COLLATERAL = 150e18;

    address private alice;
    address private bob;

    function setUp() public override {
        super.setUp();
        _setUpProviders();
        alice = providers[0];
        bob = providers[1];
    }

    function _outOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IJobMarket.JobMarketParameterOutOfBounds.selector, name, value, min, max);
    }

    function _wrongStatus(uint256 jobId, IJobMarket.JobStatus status, IJobMarket.JobStatus expected)
        private
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IJobMarket.JobMarketWrongStatus.selector, jobId, status, expected);
    }

    /// @dev Each parameter set breaks exactly one bound; `errors[i]` is the revert it must cause.
    function _badParameters() private view returns (JobMarket.Parameters[] memory params, bytes[] memory errors) {
        params = new JobMarket.Parameters[](11);
        errors = new bytes[](11);
        JobMarket.Parameters memory p;

        p = _marketParameters();
        p.protocolFeeBps = 1_001;
        params[0] = p;
        errors[0] = _outOfBounds("protocolFeeBps", 1_001, 0, 1_000);
        p = _marketParameters();
        p.verifierFeeBps = PROTOCOL_FEE_BPS + 1;
        params[1] = p;
        errors[1] = _outOfBounds("verifierFeeBps", PROTOCOL_FEE_BPS + 1, 0, PROTOCOL_FEE_BPS);
        p = _marketParameters();
        p.collateralBps = 10_999;
        params[2] = p;
        errors[2] = _outOfBounds("collateralBps", 10_999, 11_000, 50_000);
        p = _marketParameters();
        p.collateralBps = 50_001;
        params[3] = p;
        errors[3] = _outOfBounds("collateralBps", 50_001, 11_000, 50_000);
        p = _marketParameters();
        p.expirySlashBps = 5_001;
        params[4] = p;
        errors[4] = _outOfBounds("expirySlashBps", 5_001, 0, 5_000);
        p = _marketParameters();
        p.disputeSlashBps = 5_001;
        params[5] = p;
        errors[5] = _outOfBounds("disputeSlashBps", 5_001, 0, 5_000);
        p = _marketParameters();
        p.challengeWindow = 9;
        params[6] = p;
        errors[6] = _outOfBounds("challengeWindow", 9, 10, 7 days);
        p = _marketParameters();
        p.challengeWindow = 7 days + 1;
        params[7] = p;
        errors[7] = _outOfBounds("challengeWindow", 7 days + 1, 10, 7 days);
        p = _marketParameters();
        p.treasury = address(0);
        params[8] = p;
        errors[8] = _outOfBounds("treasury", 0, 1, type(uint160).max);
        p = _marketParameters();
        p.protocolFeeBps = type(uint16).max;
        p.verifierFeeBps = 0;
        params[9] = p;
        errors[9] = _outOfBounds("protocolFeeBps", type(uint16).max, 0, 1_000);
        p = _marketParameters();
        p.protocolFeeBps = 0;
        p.verifierFeeBps = 1; // the verifier's cut comes out of the protocol fee
        params[10] = p;
        errors[10] = _outOfBounds("verifierFeeBps", 1, 0, 0);
    }

    // ---------------------------------------------------------------- constructor and governance

    function test_constructor_setsParametersAndAllowsHrth() public view {
        JobMarket.Parameters memory p = market.parameters();
        assertEq(p.protocolFeeBps, PROTOCOL_FEE_BPS, "fee");
        assertEq(p.verifierFeeBps, VERIFIER_FEE_BPS, "verifier fee");
        assertEq(p.collateralBps, COLLATERAL_BPS, "collateral");
        assertEq(p.expirySlashBps, EXPIRY_SLASH_BPS, "expiry slash");
        assertEq(p.disputeSlashBps, DISPUTE_SLASH_BPS, "dispute slash");
        assertEq(p.challengeWindow, CHALLENGE_WINDOW, "window");
        assertEq(p.treasury, treasury, "treasury");
        IJobMarket.TokenConfig memory hrthConfig = market.tokenConfig(address(token));
        assertTrue(hrthConfig.allowed, "HRTH allowed");
        assertEq(hrthConfig.hrthPerUnitWad, 1e18, "HRTH at par");
        (address s, address r, address c) = market.protocolContracts();
        assertEq(s, address(staking), "staking");
        assertEq(r, address(rewards), "rewards");
        assertEq(c, address(court), "court");
        assertEq(market.owner(), governor, "governor");
    }

    function test_constructor_revertsPastEveryBound() public {
        (JobMarket.Parameters[] memory params, bytes[] memory errors) = _badParameters();
        for (uint256 i; i < params.length; ++i) {
            vm.expectRevert(errors[i]);
            new JobMarket(staking, rewards, address(token), governor, params[i]);
        }
    }

    function test_setParameters_revertsPastEveryBound() public {
        (JobMarket.Parameters[] memory params, bytes[] memory errors) = _badParameters();
        vm.startPrank(governor);
        for (uint256 i; i < params.length; ++i) {
            vm.expectRevert(errors[i]);
            market.setParameters(params[i]);
        }
        vm.stopPrank();
    }

    function test_setParameters_updatesAndEmits() public {
        JobMarket.Parameters memory p = JobMarket.Parameters({
            protocolFeeBps: 1_000,
            verifierFeeBps: 1_000,
            collateralBps: 11_000,
            expirySlashBps: 5_000,
            disputeSlashBps: 0,
            challengeWindow: 10,
            treasury: stranger
        });
        vm.expectEmit(address(market));
        emit IJobMarket.ParametersUpdated(1_000, 1_000, 11_000, 5_000, 0, 10, stranger);
        vm.prank(governor);
        market.setParameters(p);
        assertEq(keccak256(abi.encode(market.parameters())), keccak256(abi.encode(p)), "stored");
        assertEq(market.challengeWindow(), 10, "window getter");
    }

    function test_setParameters_revertsForNonOwner() public {
        JobMarket.Parameters memory p = _marketParameters();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployer));
        vm.prank(deployer);
        market.setParameters(p);
    }

    function test_setParameters_revertsWhenWindowPlusDisputeReachesUnbonding() public {
        JobMarket.Parameters memory p = _marketParameters();
        uint256 dispute = court.maxDisputeDuration();
        p.challengeWindow = uint64(UNBONDING_PERIOD - dispute);
        vm.expectRevert(_outOfBounds("challengeWindow", UNBONDING_PERIOD, 0, UNBONDING_PERIOD - 1));
        vm.prank(governor);
        market.setParameters(p);
        p.challengeWindow -= 1;
        vm.prank(governor);
        market.setParameters(p);
        assertEq(market.challengeWindow(), UNBONDING_PERIOD - dispute - 1, "just short of unbonding");
    }

    function test_setDisputeCourt_revertsWhenAlreadySet() public {
        vm.expectRevert(IJobMarket.JobMarketAlreadyConfigured.selector);
        vm.prank(governor);
        market.setDisputeCourt(stranger);
    }

    function test_setDisputeCourt_setsOnceAndEmits() public {
        JobMarket fresh = new JobMarket(staking, rewards, address(token), governor, _marketParameters());
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.setDisputeCourt(address(court));
        vm.expectEmit(address(fresh));
        emit IJobMarket.DisputeCourtSet(address(court));
        vm.prank(governor);
        fresh.setDisputeCourt(address(court));
        (,, address c) = fresh.protocolContracts();
        assertEq(c, address(court), "court");
    }

    function test_configureToken_setsValueAndEmits() public {
        vm.expectEmit(address(market));
        emit IJobMarket.TokenConfigured(stranger, true, 2e18);
        vm.prank(governor);
        market.configureToken(stranger, true, 2e18);
        IJobMarket.TokenConfig memory c = market.tokenConfig(stranger);
        assertTrue(c.allowed, "allowed");
        assertEq(c.hrthPerUnitWad, 2e18, "value");
        assertEq(market.hrthValue(stranger, 3), 6, "valued");
    }

    function test_configureToken_revertsOutOfBounds() public {
        uint128 max = market.MAX_HRTH_PER_UNIT_WAD();
        vm.startPrank(governor);
        vm.expectRevert(_outOfBounds("hrthPerUnitWad", 0, 1, max));
        market.configureToken(address(usd), true, 0);
        vm.expectRevert(_outOfBounds("hrthPerUnitWad", uint256(max) + 1, 1, max));
        market.configureToken(address(usd), true, max + 1);
        vm.stopPrank();
    }

    function test_configureToken_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, requester));
        vm.prank(requester);
        market.configureToken(address(usd), true, 1);
    }

    function test_configureToken_disallowingStopsNewJobsOnly() public {
        uint256 live = _createUsdJob(PRICE);
        _claim(live, alice);
        vm.prank(governor);
        market.configureToken(address(usd), false, USD_HRTH_PER_UNIT_WAD);
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketTokenNotAllowed.selector, address(usd)));
        vm.prank(requester);
        market.createJob(r);
        _submit(live);
        _passChallengeWindow();
        market.finalizeJob(live);
        assertEq(market.owed(address(usd), alice), PRICE - PRICE * PROTOCOL_FEE_BPS / BPS, "live job still paid");
    }

    // ---------------------------------------------------------------- createJob

    function test_createJob_escrowsExactPriceAndEmits() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.requiredStake = 200e18;
        r.provider = bob;
        r.maxCarbon = 300;
        _giveUsd(requester, PRICE);
        vm.startPrank(requester);
        usd.approve(address(market), PRICE);
        vm.expectEmit(address(market));
        emit IJobMarket.JobCreated(1, requester, bob, address(usd), PRICE, r.deadline, 200e18, 300, SPEC_CID);
        uint256 jobId = market.createJob(r);
        vm.stopPrank();
        assertEq(jobId, 1, "first id");
        assertEq(market.jobCount(), 1, "count");
        assertEq(usd.balanceOf(address(market)), PRICE, "escrowed");
        assertEq(usd.balanceOf(requester), 0, "paid in full");
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.requester, requester, "requester");
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Open), "open");
        assertEq(job.deadline, r.deadline, "deadline");
        assertEq(job.maxCarbon, 300, "carbon");
        assertEq(job.provider, bob, "target");
        assertEq(job.token, address(usd), "token");
        assertEq(job.price, PRICE, "price");
        assertEq(job.requiredStake, 200e18, "required stake");
        assertEq(job.collateral, 0, "no collateral yet");
    }

    function test_createJob_revertsForTokenNotAllowed() public {
        IJobMarket.JobRequest memory r = _request(stranger, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketTokenNotAllowed.selector, stranger));
        market.createJob(r);
    }

    function test_createJob_revertsOnZeroPrice() public {
        IJobMarket.JobRequest memory r = _request(address(usd), 0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidPrice.selector, 0));
        market.createJob(r);
    }

    function test_createJob_revertsOnDeadlineOutOfRange() public {
        uint256 earliest = block.timestamp + market.MIN_JOB_DURATION();
        uint256 latest = block.timestamp + market.MAX_JOB_DURATION();
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.deadline = uint40(earliest - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketInvalidDeadline.selector, earliest - 1, earliest, latest)
        );
        market.createJob(r);
        r.deadline = uint40(latest + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarketInvalidDeadline.selector, latest + 1, earliest, latest)
        );
        market.createJob(r);
        r.deadline = uint40(earliest);
        assertEq(_create(requester, r), 1, "earliest accepted");
        r.deadline = uint40(latest);
        assertEq(_create(requester, r), 2, "latest accepted");
    }

    function test_createJob_revertsOnEmptyOrLongSpec() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.specCid = "";
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSpec.selector, 0, 128));
        market.createJob(r);
        r.specCid = string(new bytes(129));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSpec.selector, 129, 128));
        market.createJob(r);
    }

    function test_createJob_revertsWithoutFullAllowance() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        _giveUsd(requester, PRICE);
        vm.startPrank(requester);
        usd.approve(address(market), PRICE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), PRICE - 1, PRICE
            )
        );
        market.createJob(r);
        vm.stopPrank();
        assertEq(market.jobCount(), 0, "no job");
    }

    // ---------------------------------------------------------------- createJobWithPermit

    function _usdPermit(uint256 value, uint256 deadline) private view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, requester, address(market), value, usd.nonces(requester), deadline));
        return vm.sign(requesterKey, keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_createJobWithPermit_escrowsWithoutApprove() public {
        _giveUsd(requester, PRICE);
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        uint256 deadline = block.timestamp + 10 minutes;
        (uint8 v, bytes32 rr, bytes32 s) = _usdPermit(PRICE, deadline);
        vm.prank(requester);
        uint256 jobId = market.createJobWithPermit(r, deadline, v, rr, s);
        assertEq(market.getJob(jobId).requester, requester, "created");
        assertEq(usd.balanceOf(address(market)), PRICE, "escrowed");
        assertEq(usd.nonces(requester), 1, "permit used");
    }

    function test_createJobWithPermit_survivesFrontRunPermit() public {
        _giveUsd(requester, PRICE);
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        uint256 deadline = block.timestamp + 10 minutes;
        (uint8 v, bytes32 rr, bytes32 s) = _usdPermit(PRICE, deadline);
        vm.prank(stranger);
        usd.permit(requester, address(market), PRICE, deadline, v, rr, s);
        vm.prank(requester);
        market.createJobWithPermit(r, deadline, v, rr, s);
        assertEq(usd.balanceOf(address(market)), PRICE, "escrowed anyway");
    }

    function test_createJobWithPermit_revertsWithInvalidPermit() public {
        _giveUsd(requester, PRICE);
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        uint256 deadline = block.timestamp + 10 minutes;
        (uint8 v, bytes32 rr, bytes32 s) = _usdPermit(PRICE - 1, deadline); // signed for less
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, PRICE)
        );
        vm.prank(requester);
        market.createJobWithPermit(r, deadline, v, rr, s);
    }

    // ---------------------------------------------------------------- cancelJob

    function test_cancelJob_refundsAtOnceAndEmits() public {
        uint256 jobId = _createUsdJob(PRICE);
        vm.expectEmit(address(market));
        emit IJobMarket.JobCancelled(jobId);
        vm.prank(requester);
        market.cancelJob(jobId);
        assertEq(usd.balanceOf(requester), PRICE, "refunded");
        assertEq(usd.balanceOf(address(market)), 0, "nothing left");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Cancelled), "cancelled");
    }

    function test_cancelJob_revertsForUnknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnknownJob.selector, 7));
        market.cancelJob(7);
    }

    function test_cancelJob_revertsForNonRequester() public {
        uint256 jobId = _createUsdJob(PRICE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotRequester.selector, jobId, stranger));
        vm.prank(stranger);
        market.cancelJob(jobId);
    }

    function test_cancelJob_revertsTwice() public {
        uint256 jobId = _createUsdJob(PRICE);
        vm.prank(requester);
        market.cancelJob(jobId);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Cancelled, IJobMarket.JobStatus.Open));
        vm.prank(requester);
        market.cancelJob(jobId);
    }

    // ---------------------------------------------------------------- claimJob

    function test_claimJob_locksCollateralAndEmits() public {
        uint256 jobId = _createUsdJob(PRICE);
        vm.expectEmit(address(staking));
        emit IProviderStaking.CollateralLocked(alice, COLLATERAL, COLLATERAL);
        vm.expectEmit(address(market));
        emit IJobMarket.JobClaimed(jobId, alice, COLLATERAL);
        _claim(jobId, alice);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Assigned), "assigned");
        assertEq(job.provider, alice, "provider");
        assertEq(job.collateral, COLLATERAL, "collateral");
        assertEq(job.claimedAt, block.timestamp, "claimed at");
        assertEq(staking.getProvider(alice).locked, COLLATERAL, "locked in staking");
    }

    function test_claimJob_revertsForUnknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnknownJob.selector, 1));
        _claim(1, alice);
    }

    function test_claimJob_revertsWhenAlreadyAssigned() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Assigned, IJobMarket.JobStatus.Open));
        _claim(jobId, bob);
    }

    function test_claimJob_revertsAtDeadline() public {
        uint256 jobId = _createUsdJob(PRICE);
        uint256 deadline = market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlinePassed.selector, jobId, deadline));
        _claim(jobId, alice);
    }

    function test_claimJob_revertsForOtherThanTarget() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.provider = bob;
        uint256 jobId = _create(requester, r);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotTargetProvider.selector, jobId, alice));
        _claim(jobId, alice);
        _claim(jobId, bob);
        assertEq(market.getJob(jobId).provider, bob, "target claimed");
    }

    function test_claimJob_revertsForIneligibleProviders() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.requiredStake = uint96(PROVIDER_STAKE + 1);
        uint256 highStake = _create(requester, r);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketProviderNotEligible.selector, highStake, alice));
        _claim(highStake, alice);

        r = _request(address(usd), PRICE);
        r.maxCarbon = 99; // providers declared 100 gCO2/kWh
        uint256 green = _create(requester, r);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketProviderNotEligible.selector, green, alice));
        _claim(green, alice);

        uint256 open = _createUsdJob(PRICE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketProviderNotEligible.selector, open, stranger));
        _claim(open, stranger);

        vm.prank(address(court));
        staking.slash(alice, 0, 0, treasury, true);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketProviderNotEligible.selector, open, alice));
        _claim(open, alice);
    }

    function test_claimJob_revertsWithoutEnoughFreeStake() public {
        uint256 jobId = _createUsdJob(700 * USD); // 7,000 HRTH value: 10,500 HRTH of collateral
        vm.expectRevert(
            abi.encodeWithSelector(IProviderStaking.StakingInsufficientFreeStake.selector, PROVIDER_STAKE, 10_500e18)
        );
        _claim(jobId, alice);
    }

    // ---------------------------------------------------------------- EIP-712 attestations

    function _independentDigest(IJobMarket.Attestation memory a) private view returns (bytes32) {
        bytes32 typehash = keccak256(
            "Attestation(uint256 jobId,string resultCid,bytes32 outputRoot,uint64 gpuTimeMs,uint64 energyMillijoules,bool energyEstimated,string device)"
        );
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("Hearth JobMarket"), keccak256("1"), block.chainid, address(market)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                typehash,
                a.jobId,
                keccak256(bytes(a.resultCid)),
                a.outputRoot,
                a.gpuTimeMs,
                a.energyMillijoules,
                a.energyEstimated,
                keccak256(bytes(a.device))
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function test_attestationDigest_matchesIndependentEip712Hash() public view {
        IJobMarket.Attestation memory a = _attestation(42);
        assertEq(market.attestationDigest(a), _independentDigest(a), "digest");
        assertEq(
            market.ATTESTATION_TYPEHASH(),
            keccak256(
                "Attestation(uint256 jobId,string resultCid,bytes32 outputRoot,uint64 gpuTimeMs,uint64 energyMillijoules,bool energyEstimated,string device)"
            ),
            "typehash"
        );
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            market.eip712Domain();
        assertEq(name, "Hearth JobMarket", "domain name");
        assertEq(version, "1", "domain version");
        assertEq(chainId, block.chainid, "chain");
        assertEq(verifyingContract, address(market), "verifying contract");
    }

    function testFuzz_attestationDigest_matchesIndependentEip712Hash(
        uint256 jobId,
        string memory resultCid,
        bytes32 outputRoot,
        uint64 gpuTimeMs,
        uint64 energy,
        bool estimated,
        string memory device
    ) public view {
        IJobMarket.Attestation memory a = IJobMarket.Attestation(
            jobId, resultCid, outputRoot, gpuTimeMs, energy, estimated, device
        );
        assertEq(market.attestationDigest(a), _independentDigest(a), "digest");
    }

    function test_submitAttestation_acceptsSignatureOverIndependentDigest() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Attestation memory a = _attestation(jobId);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keyOf[alice], _independentDigest(a));
        market.submitAttestation(a, abi.encodePacked(r, s, v));
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Submitted), "submitted");
    }

    // ---------------------------------------------------------------- submitAttestation

    function test_submitAttestation_recordsAndEmits() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Attestation memory a = _attestation(jobId);
        bytes memory signature = _sign(keyOf[alice], a);
        uint64 randomnessBlock = uint64(block.number) + market.RANDOMNESS_DELAY();
        vm.expectEmit(address(market));
        emit IJobMarket.AttestationSubmitted(
            jobId,
            alice,
            a.resultCid,
            a.outputRoot,
            a.gpuTimeMs,
            a.energyMillijoules,
            a.energyEstimated,
            a.device,
            randomnessBlock
        );
        vm.prank(stranger); // a relayer
        market.submitAttestation(a, signature);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Submitted), "submitted");
        assertEq(job.submittedAt, block.timestamp, "submitted at");
        assertEq(job.gpuSeconds, 12, "gpu seconds from ms");
        assertEq(job.randomnessBlock, randomnessBlock, "randomness block after the submission");
        assertEq(market.challengeWindowEnd(jobId), block.timestamp + CHALLENGE_WINDOW, "window end");
    }

    function test_submitAttestation_revertsForUnknownJob() public {
        IJobMarket.Attestation memory a = _attestation(3);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnknownJob.selector, 3));
        market.submitAttestation(a, "");
    }

    function test_submitAttestation_revertsUnlessAssigned() public {
        uint256 jobId = _createUsdJob(PRICE);
        IJobMarket.Attestation memory a = _attestation(jobId);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Open, IJobMarket.JobStatus.Assigned));
        market.submitAttestation(a, "");
    }

    function test_submitAttestation_revertsAtDeadline() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Attestation memory a = _attestation(jobId);
        bytes memory signature = _sign(keyOf[alice], a);
        uint256 deadline = market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlinePassed.selector, jobId, deadline));
        market.submitAttestation(a, signature);
        vm.warp(deadline - 1);
        market.submitAttestation(a, signature);
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Submitted), "a second before is in time");
    }

    function test_submitAttestation_revertsForWrongSigner() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Attestation memory a = _attestation(jobId);
        bytes memory signature = _sign(keyOf[bob], a);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSignature.selector, jobId, stranger, alice));
        vm.prank(stranger);
        market.submitAttestation(a, signature);
    }

    function test_submitAttestation_revertsForTamperedAttestation() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Attestation memory a = _attestation(jobId);
        bytes memory signature = _sign(keyOf[alice], a);
        a.outputRoot = bytes32(uint256(a.outputRoot) ^ 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSignature.selector, jobId, stranger, alice));
        vm.prank(stranger);
        market.submitAttestation(a, signature);
        a = _attestation(jobId);
        a.gpuTimeMs += 1;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSignature.selector, jobId, stranger, alice));
        vm.prank(stranger);
        market.submitAttestation(a, signature);
    }

    // ---------------------------------------------------------------- submitAttestations (batch)

    function test_submitAttestations_submitsABatch() public {
        uint256[] memory ids = new uint256[](3);
        IJobMarket.Attestation[] memory atts = new IJobMarket.Attestation[](3);
        bytes[] memory sigs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            ids[i] = _createUsdJob(PRICE);
            address p = i == 1 ? bob : alice;
            _claim(ids[i], p);
            atts[i] = _attestation(ids[i]);
            sigs[i] = _sign(keyOf[p], atts[i]);
        }
        vm.prank(stranger);
        market.submitAttestations(atts, sigs);
        for (uint256 i; i < 3; ++i) {
            assertEq(_status(ids[i]), uint256(IJobMarket.JobStatus.Submitted), "each submitted");
        }
    }

    function test_submitAttestations_revertsOnLengthMismatch() public {
        IJobMarket.Attestation[] memory atts = new IJobMarket.Attestation[](2);
        bytes[] memory sigs = new bytes[](1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketLengthMismatch.selector, 2, 1));
        market.submitAttestations(atts, sigs);
    }

    function test_submitAttestations_revertsEntirelyOnOneBadSignature() public {
        IJobMarket.Attestation[] memory atts = new IJobMarket.Attestation[](2);
        bytes[] memory sigs = new bytes[](2);
        uint256 good = _createUsdJob(PRICE);
        uint256 bad = _createUsdJob(PRICE);
        _claim(good, alice);
        _claim(bad, alice);
        atts[0] = _attestation(good);
        atts[1] = _attestation(bad);
        sigs[0] = _sign(keyOf[alice], atts[0]);
        sigs[1] = _sign(keyOf[bob], atts[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketInvalidSignature.selector, bad, address(this), alice));
        market.submitAttestations(atts, sigs);
        assertEq(_status(good), uint256(IJobMarket.JobStatus.Assigned), "nothing applied");
    }

    // ---------------------------------------------------------------- finalizeJob

    function test_finalizeJob_paysProviderAndTreasuryAndRecordsWork() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        _passChallengeWindow();
        uint256 fee = PRICE * PROTOCOL_FEE_BPS / BPS;
        uint256 epoch = rewards.currentEpoch();
        vm.expectEmit(address(market));
        emit IJobMarket.JobFinalized(jobId, alice, PRICE - fee, fee, 0);
        vm.expectEmit(address(rewards));
        emit IRewardsDistributor.WorkRecorded(epoch, alice, PRICE_HRTH_VALUE, PRICE_HRTH_VALUE);
        vm.prank(stranger);
        market.finalizeJob(jobId);
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "finalized");
        assertEq(market.owed(address(usd), alice), PRICE - fee, "provider owed");
        assertEq(market.owed(address(usd), treasury), fee, "treasury owed");
        assertEq(staking.getProvider(alice).locked, 0, "collateral unlocked");
        IJobMarket.ProviderStats memory stats = market.providerStats(alice);
        assertEq(stats.completed, 1, "completed");
        assertEq(stats.gpuSeconds, 12, "gpu seconds");
        assertEq(stats.earnedPoints, PRICE_HRTH_VALUE, "points");
        assertEq(rewards.providerPoints(epoch, alice), PRICE_HRTH_VALUE, "rewards points");
    }

    function test_finalizeJob_revertsInsideChallengeWindow() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint256 windowEnd = block.timestamp + CHALLENGE_WINDOW;
        vm.warp(windowEnd - 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketChallengeWindowOpen.selector, jobId, windowEnd));
        market.finalizeJob(jobId);
    }

    function test_finalizeJob_revertsUnlessSubmitted() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Assigned, IJobMarket.JobStatus.Submitted));
        market.finalizeJob(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnknownJob.selector, 99));
        market.finalizeJob(99);
    }

    function test_finalizeJob_paysOnlyOnce() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        _passChallengeWindow();
        market.finalizeJob(jobId);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Finalized, IJobMarket.JobStatus.Submitted));
        market.finalizeJob(jobId);
    }

    function test_finalizeJob_paysSampledVerifierOutOfTheFee() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        address verifier = providers[2];
        vm.expectEmit(address(market));
        emit IJobMarket.JobVerified(jobId, verifier);
        vm.prank(address(court));
        market.recordVerification(jobId, verifier);
        assertTrue(market.getJob(jobId).verified, "verified");
        assertEq(market.verifierOf(jobId), verifier, "verifier");
        _passChallengeWindow();
        market.finalizeJob(jobId);
        uint256 fee = PRICE * PROTOCOL_FEE_BPS / BPS;
        uint256 verifierFee = PRICE * VERIFIER_FEE_BPS / BPS;
        assertEq(market.owed(address(usd), verifier), verifierFee, "verifier fee");
        assertEq(market.owed(address(usd), treasury), fee - verifierFee, "treasury keeps the rest");
        assertEq(market.owed(address(usd), alice), PRICE - fee, "provider unchanged");
    }

    // ---------------------------------------------------------------- finalizeJobs (batch)

    function test_finalizeJobs_settlesRunsOfProviders() public {
        uint256[] memory ids = new uint256[](4);
        ids[0] = _submittedUsdJob(alice, PRICE);
        ids[1] = _submittedUsdJob(alice, 2 * PRICE);
        ids[2] = _submittedUsdJob(bob, PRICE);
        ids[3] = _submittedUsdJob(alice, PRICE);
        _passChallengeWindow();
        uint256 epoch = rewards.currentEpoch();
        market.finalizeJobs(ids);
        for (uint256 i; i < 4; ++i) {
            assertEq(_status(ids[i]), uint256(IJobMarket.JobStatus.Finalized), "finalized");
        }
        assertEq(market.providerStats(alice).completed, 3, "alice completed");
        assertEq(market.providerStats(bob).completed, 1, "bob completed");
        assertEq(market.providerStats(alice).earnedPoints, 4 * PRICE_HRTH_VALUE, "alice points");
        assertEq(staking.getProvider(alice).locked, 0, "alice unlocked");
        assertEq(staking.getProvider(bob).locked, 0, "bob unlocked");
        assertEq(rewards.providerPoints(epoch, alice), 4 * PRICE_HRTH_VALUE, "alice rewards points");
        assertEq(rewards.epochPoints(epoch), 5 * PRICE_HRTH_VALUE, "epoch points");
        uint256 total = 5 * PRICE;
        uint256 owedTotal = market.owed(address(usd), alice) + market.owed(address(usd), bob)
            + market.owed(address(usd), treasury);
        assertEq(owedTotal, total, "every wei credited");
        assertEq(usd.balanceOf(address(market)), total, "held for withdrawal");
    }

    function test_finalizeJobs_revertsOnDuplicate() public {
        uint256[] memory ids = new uint256[](2);
        ids[0] = _submittedUsdJob(alice, PRICE);
        ids[1] = ids[0];
        _passChallengeWindow();
        vm.expectRevert(_wrongStatus(ids[0], IJobMarket.JobStatus.Finalized, IJobMarket.JobStatus.Submitted));
        market.finalizeJobs(ids);
    }

    function test_finalizeJobs_revertsEntirelyIfOneIsInWindow() public {
        uint256[] memory ids = new uint256[](2);
        ids[0] = _submittedUsdJob(alice, PRICE);
        _passChallengeWindow();
        ids[1] = _submittedUsdJob(bob, PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobMarketChallengeWindowOpen.selector, ids[1], block.timestamp + CHALLENGE_WINDOW
            )
        );
        market.finalizeJobs(ids);
        assertEq(_status(ids[0]), uint256(IJobMarket.JobStatus.Submitted), "first not applied");
    }

    function test_finalizeJobs_emptyIsNoop() public {
        market.finalizeJobs(new uint256[](0));
        assertEq(market.jobCount(), 0, "nothing happened");
    }

    // ---------------------------------------------------------------- releaseJob

    function test_releaseJob_reopensAndChargesTheShareOfTimeHeld() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Job memory claimed = market.getJob(jobId);
        uint256 window = claimed.deadline - claimed.claimedAt;
        vm.warp(block.timestamp + window / 4);
        uint256 penalty = COLLATERAL * EXPIRY_SLASH_BPS * (window / 4) / (BPS * window);
        assertGt(penalty, 0, "a quarter of the window costs something");
        vm.expectEmit(address(market));
        emit IJobMarket.JobReleased(jobId, alice, penalty);
        vm.prank(alice);
        market.releaseJob(jobId);

        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Open), "open again");
        assertEq(job.provider, address(0), "anyone may claim it");
        assertEq(job.collateral, 0, "no collateral held");
        assertEq(job.claimedAt, 0, "not claimed");
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.locked, 0, "collateral unlocked");
        assertEq(p.bonded, PROVIDER_STAKE - penalty, "charged the held share of the expiry slash");
        assertEq(p.jailedUntil, 0, "not jailed");
        assertEq(market.owed(address(token), requester), penalty, "the requester is compensated in HRTH");
        assertEq(market.providerStats(alice).released, 1, "counted");
        assertEq(market.providerStats(alice).expired, 0, "not an expiry");

        _claim(jobId, bob); // another provider takes it and delivers
        _submit(jobId);
        _passChallengeWindow();
        market.finalizeJob(jobId);
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Finalized), "finalized by bob");
    }

    function test_releaseJob_atOnceCostsNothing() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.expectEmit(address(market));
        emit IJobMarket.JobReleased(jobId, alice, 0);
        vm.prank(alice);
        market.releaseJob(jobId);
        assertEq(staking.getProvider(alice).bonded, PROVIDER_STAKE, "nothing taken");
        assertEq(staking.getProvider(alice).locked, 0, "unlocked");
        assertEq(market.owed(address(token), requester), 0, "nothing owed");
    }

    function test_releaseJob_keepsATargetedJobForItsProvider() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.provider = bob;
        uint256 jobId = _create(requester, r);
        _claim(jobId, bob);
        vm.prank(bob);
        market.releaseJob(jobId);
        assertEq(market.getJob(jobId).provider, bob, "still reserved");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotTargetProvider.selector, jobId, alice));
        vm.prank(alice);
        market.claimJob(jobId);
        vm.prank(requester);
        market.cancelJob(jobId); // the requester may take the money back at once
        assertEq(usd.balanceOf(requester), PRICE, "refunded");
    }

    function test_releaseJob_reverts() public {
        uint256 jobId = _createUsdJob(PRICE);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Open, IJobMarket.JobStatus.Assigned));
        vm.prank(alice);
        market.releaseJob(jobId);

        _claim(jobId, alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNotProvider.selector, jobId, bob));
        vm.prank(bob);
        market.releaseJob(jobId);

        uint256 deadline = market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlinePassed.selector, jobId, deadline));
        vm.prank(alice);
        market.releaseJob(jobId);

        uint256 submitted = _submittedUsdJob(bob, PRICE);
        vm.expectRevert(_wrongStatus(submitted, IJobMarket.JobStatus.Submitted, IJobMarket.JobStatus.Assigned));
        vm.prank(bob);
        market.releaseJob(submitted);
    }

    /// @dev Whenever it happens, a release never costs more than expiry would and never jails.
    function testFuzz_releaseJob_costsAtMostTheExpirySlash(uint256 heldSeconds) public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        IJobMarket.Job memory claimed = market.getJob(jobId);
        uint256 window = claimed.deadline - claimed.claimedAt;
        heldSeconds = heldSeconds % window; // before the deadline
        vm.warp(block.timestamp + heldSeconds);
        vm.prank(alice);
        market.releaseJob(jobId);
        uint256 taken = PROVIDER_STAKE - staking.getProvider(alice).bonded;
        assertEq(taken, COLLATERAL * EXPIRY_SLASH_BPS * heldSeconds / (BPS * window), "the held share");
        assertLt(taken, COLLATERAL * EXPIRY_SLASH_BPS / BPS + 1, "at most the expiry slash");
        assertEq(staking.getProvider(alice).jailedUntil, 0, "never jailed");
        assertEq(staking.getProvider(alice).locked, 0, "all collateral unlocked");
    }

    // ---------------------------------------------------------------- expireJob

    function test_expireJob_refundsOpenJob() public {
        IJobMarket.JobRequest memory r = _request(address(usd), PRICE);
        r.provider = bob;
        uint256 jobId = _create(requester, r);
        vm.warp(r.deadline);
        vm.expectEmit(address(market));
        emit IJobMarket.JobExpired(jobId, bob, PRICE, 0);
        vm.prank(stranger);
        market.expireJob(jobId);
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Expired), "expired");
        assertEq(market.owed(address(usd), requester), PRICE, "refund credited");
        assertEq(market.providerStats(bob).expired, 0, "no blame without a claim");
    }

    function test_expireJob_refundsAndSlashesAssignedJob() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.warp(market.getJob(jobId).deadline);
        uint256 slash = COLLATERAL * EXPIRY_SLASH_BPS / BPS;
        vm.expectEmit(address(market));
        emit IJobMarket.JobExpired(jobId, alice, PRICE, slash);
        market.expireJob(jobId);
        assertEq(market.owed(address(usd), requester), PRICE, "refund");
        assertEq(market.owed(address(token), requester), slash, "compensation in HRTH");
        assertEq(token.balanceOf(address(market)), slash, "slash arrived");
        IProviderStaking.Provider memory p = staking.getProvider(alice);
        assertEq(p.locked, 0, "collateral released");
        assertEq(p.bonded, PROVIDER_STAKE - slash, "slashed");
        assertEq(p.jailedUntil, block.timestamp + JAIL_PERIOD, "jailed");
        assertEq(market.providerStats(alice).expired, 1, "counted");
    }

    function test_expireJob_revertsBeforeDeadline() public {
        uint256 jobId = _createUsdJob(PRICE);
        uint256 deadline = market.getJob(jobId).deadline;
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketDeadlineNotPassed.selector, jobId, deadline));
        market.expireJob(jobId);
    }

    function test_expireJob_revertsForSubmittedOrUnknown() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.warp(market.getJob(jobId).deadline);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Submitted, IJobMarket.JobStatus.Assigned));
        market.expireJob(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketUnknownJob.selector, 5));
        market.expireJob(5);
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_paysOwedAndEmits() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        _passChallengeWindow();
        market.finalizeJob(jobId);
        uint256 owed = market.owed(address(usd), alice);
        vm.expectEmit(address(market));
        emit IJobMarket.Withdrawal(address(usd), alice, owed);
        vm.prank(alice);
        uint256 amount = market.withdraw(address(usd));
        assertEq(amount, owed, "returned");
        assertEq(usd.balanceOf(alice), owed, "received");
        assertEq(market.owed(address(usd), alice), 0, "cleared");
    }

    function test_withdraw_revertsWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketNothingToWithdraw.selector, address(usd), alice));
        vm.prank(alice);
        market.withdraw(address(usd));
    }

    // ---------------------------------------------------------------- dispute-court hooks

    function test_courtOnlyFunctions_revertForOthers() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        bytes memory unauthorized = abi.encodeWithSelector(IJobMarket.JobMarketUnauthorized.selector, requester);
        vm.startPrank(requester);
        vm.expectRevert(unauthorized);
        market.openDispute(jobId, requester);
        vm.expectRevert(unauthorized);
        market.settleDispute(jobId, true);
        vm.expectRevert(unauthorized);
        market.recordVerification(jobId, requester);
        vm.stopPrank();
    }

    function test_openDispute_revertsAfterWindow() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        uint256 windowEnd = market.challengeWindowEnd(jobId);
        vm.warp(windowEnd);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarketChallengeWindowClosed.selector, jobId, windowEnd));
        vm.prank(address(court));
        market.openDispute(jobId, challenger);
    }

    function test_openDispute_movesToDisputedAndEmits() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.expectEmit(address(market));
        emit IJobMarket.JobDisputed(jobId, challenger);
        vm.prank(address(court));
        IJobMarket.Job memory job = market.openDispute(jobId, challenger);
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Disputed), "returned");
        assertEq(_status(jobId), uint256(IJobMarket.JobStatus.Disputed), "stored");
    }

    function test_settleDispute_revertsUnlessDisputed() public {
        uint256 jobId = _submittedUsdJob(alice, PRICE);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Submitted, IJobMarket.JobStatus.Disputed));
        vm.prank(address(court));
        market.settleDispute(jobId, true);
    }

    function test_recordVerification_revertsUnlessSubmitted() public {
        uint256 jobId = _createUsdJob(PRICE);
        _claim(jobId, alice);
        vm.expectRevert(_wrongStatus(jobId, IJobMarket.JobStatus.Assigned, IJobMarket.JobStatus.Submitted));
        vm.prank(address(court));
        market.recordVerification(jobId, bob);
    }

    // ---------------------------------------------------------------- views

    function test_challengeWindowEnd_isZeroBeforeSubmission() public {
        assertEq(market.hrthValue(address(usd), USD), 10e18, "1 tUSD = 10 HRTH");
        assertEq(market.hrthValue(address(token), 5e18), 5e18, "HRTH at par");
        assertEq(market.hrthValue(stranger, 5e18), 0, "unknown token is worth nothing");
        uint256 jobId = _createUsdJob(PRICE);
        assertEq(market.challengeWindowEnd(jobId), 0, "no window before submission");
        assertEq(market.challengeWindowEnd(12345), 0, "no window for unknown jobs");
        assertEq(market.verifierOf(jobId), address(0), "no verifier");
        assertEq(market.getJob(12345).requester, address(0), "unknown job is empty");
    }
}
