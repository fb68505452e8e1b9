// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {HearthToken} from "../../../contracts/HearthToken.sol";
import {ProviderStaking} from "../../../contracts/ProviderStaking.sol";
import {RewardsDistributor} from "../../../contracts/RewardsDistributor.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {DisputeCourt} from "../../../contracts/DisputeCourt.sol";
import {TestStablecoin} from "../../../contracts/devnet/TestStablecoin.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IDisputeCourt} from "../../../contracts/interfaces/IDisputeCourt.sol";
import {HearthTest} from "./HearthTest.sol";

/// @notice Deploys and wires the protocol the way `ignition/modules/Hearth.ts` and `Devnet.ts` do, with the
/// devnet parameters (`ignition/parameters/devnet.json`), plus actors and helpers shared by every suite.
abstract contract HearthFixture is HearthTest {
    // The chain starts with history behind it: committee and sampling draws read recent block hashes, and the
    // rewards epochs count from the deployment time.
    uint256 internal constant START_TIME = 1_750_000_000;
    uint256 internal constant START_BLOCK = 1_000;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant HRTH = 1e18;
    uint256 internal constant USD = 1e6;
    /// @dev Devnet.ts: 1 tUSD (1e6 units) is worth 10 HRTH.
    uint128 internal constant USD_HRTH_PER_UNIT_WAD = 1e31;

    // ignition/parameters/devnet.json, falling back to the defaults in ignition/modules/Hearth.ts.
    uint256 internal constant MIN_STAKE = 100e18;
    uint64 internal constant UNBONDING_PERIOD = 1200;
    uint64 internal constant JAIL_PERIOD = 300;
    uint256 internal constant EPOCH_LENGTH = 60;
    uint256 internal constant INITIAL_EMISSION = 1_000_000e18;
    uint256 internal constant DECAY_BPS = 9_900;
    uint16 internal constant PROTOCOL_FEE_BPS = 250;
    uint16 internal constant VERIFIER_FEE_BPS = 100;
    uint16 internal constant COLLATERAL_BPS = 15_000;
    uint16 internal constant EXPIRY_SLASH_BPS = 1_000;
    uint16 internal constant DISPUTE_SLASH_BPS = 1_000;
    uint64 internal constant CHALLENGE_WINDOW = 20;
    uint8 internal constant COMMITTEE_SIZE = 3;
    uint32 internal constant COMMIT_PERIOD = 20;
    uint32 internal constant REVEAL_PERIOD = 20;
    uint16 internal constant BOND_BPS = 5_000;
    uint96 internal constant MIN_BOND = 10e18;
    uint16 internal constant BOUNTY_BPS = 3_000;
    uint16 internal constant COMMITTEE_REWARD_BPS = 2_000;
    uint16 internal constant PROVIDER_BOND_SHARE_BPS = 5_000;
    uint96 internal constant NON_REVEAL_PENALTY = 100e18;
    uint16 internal constant SAMPLING_RATE_BPS = 2_000;

    string internal constant SPEC_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    string internal constant META_CID = "bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve";
    uint256 internal constant PROVIDER_STAKE = 1_000e18;
    uint256 internal constant PROVIDER_COUNT = 5;

    HearthToken internal token;
    ProviderStaking internal staking;
    RewardsDistributor internal rewards;
    JobMarket internal market;
    DisputeCourt internal court;
    TestStablecoin internal usd;

    address internal deployer;
    address internal governor;
    address internal treasury;
    address internal requester;
    uint256 internal requesterKey;
    address internal challenger;
    address internal stranger;
    address[] internal providers;
    mapping(address provider => uint256) internal keyOf;

    function setUp() public virtual {
        vm.warp(START_TIME);
        vm.roll(START_BLOCK);
        deployer = makeAddr("deployer");
        governor = makeAddr("governor");
        treasury = makeAddr("treasury");
        (requester, requesterKey) = makeAddrAndKey("requester");
        challenger = makeAddr("challenger");
        stranger = makeAddr("stranger");
        for (uint256 i; i < PROVIDER_COUNT; ++i) {
            (address p, uint256 key) = makeAddrAndKey(string.concat("provider", vm.toString(i)));
            providers.push(p);
            keyOf[p] = key;
        }
        _deploy();
    }

    function _marketParameters() internal view returns (JobMarket.Parameters memory) {
        return JobMarket.Parameters({
            protocolFeeBps: PROTOCOL_FEE_BPS,
            verifierFeeBps: VERIFIER_FEE_BPS,
            collateralBps: COLLATERAL_BPS,
            expirySlashBps: EXPIRY_SLASH_BPS,
            disputeSlashBps: DISPUTE_SLASH_BPS,
            challengeWindow: CHALLENGE_WINDOW,
            treasury: treasury
        });
    }

    function _courtParameters() internal view returns (IDisputeCourt.Parameters memory) {
        return IDisputeCourt.Parameters({
            committeeSize: COMMITTEE_SIZE,
            commitPeriod: COMMIT_PERIOD,
            revealPeriod: REVEAL_PERIOD,
            bondBps: BOND_BPS,
            minBond: MIN_BOND,
            bountyBps: BOUNTY_BPS,
            committeeRewardBps: COMMITTEE_REWARD_BPS,
            providerBondShareBps: PROVIDER_BOND_SHARE_BPS,
            nonRevealPenalty: NON_REVEAL_PENALTY,
            samplingRateBps: SAMPLING_RATE_BPS,
            treasury: treasury
        });
    }

    /// @dev Same order as the Ignition modules: deploy, wire (minter, court, staking, rewards), offer ownership
    /// to the governor, then Devnet's tUSD allow-listing by the deployer. The governor accepts (Ownable2Step).
    function _deploy() internal {
        vm.startPrank(deployer);
        token = new HearthToken(deployer);
        staking = new ProviderStaking(token, deployer, MIN_STAKE, UNBONDING_PERIOD, JAIL_PERIOD);
        rewards = new RewardsDistributor(token, deployer, EPOCH_LENGTH, INITIAL_EMISSION, DECAY_BPS);
        market = new JobMarket(staking, rewards, address(token), deployer, _marketParameters());
        court = new DisputeCourt(market, staking, deployer, _courtParameters());
        token.setMinter(address(rewards));
        market.setDisputeCourt(address(court));
        staking.setProtocolContracts(market, court, rewards);
        rewards.setProtocolContracts(address(market), address(staking));
        staking.transferOwnership(governor);
        market.transferOwnership(governor);
        court.transferOwnership(governor);
        usd = new TestStablecoin(deployer);
        market.configureToken(address(usd), true, USD_HRTH_PER_UNIT_WAD);
        vm.stopPrank();
        vm.startPrank(governor);
        staking.acceptOwnership();
        market.acceptOwnership();
        court.acceptOwnership();
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- funds

    function _giveHrth(address to, uint256 amount) internal {
        vm.prank(deployer);
        token.transfer(to, amount);
    }

    function _giveUsd(address to, uint256 amount) internal {
        vm.prank(deployer);
        usd.mint(to, amount);
    }

    // ---------------------------------------------------------------- providers

    function _registerAndStake(address provider, uint256 amount) internal {
        _registerAndStake(provider, amount, 100);
    }

    function _registerAndStake(address provider, uint256 amount, uint32 carbonIntensity) internal {
        _giveHrth(provider, amount);
        vm.startPrank(provider);
        staking.register(META_CID, carbonIntensity);
        token.approve(address(staking), amount);
        staking.stake(amount);
        vm.stopPrank();
    }

    /// @dev Every provider registered, staked and opted in as a verifier: enough for committees of three
    /// that exclude a job's provider, requester and challenger.
    function _setUpProviders() internal {
        for (uint256 i; i < providers.length; ++i) {
            _registerAndStake(providers[i], PROVIDER_STAKE);
            vm.prank(providers[i]);
            staking.setVerifier(true);
        }
    }

    // ---------------------------------------------------------------- jobs

    function _request(address paymentToken, uint256 price) internal view returns (IJobMarket.JobRequest memory) {
        return IJobMarket.JobRequest({
            specCid: SPEC_CID,
            token: paymentToken,
            price: uint96(price),
            deadline: uint40(block.timestamp + 1 hours),
            requiredStake: 0,
            provider: address(0),
            maxCarbon: 0
        });
    }

    /// @dev Funds `who` with the price, approves and creates the job.
    function _create(address who, IJobMarket.JobRequest memory request) internal returns (uint256 jobId) {
        if (request.token == address(token)) _giveHrth(who, request.price);
        else if (request.token == address(usd)) _giveUsd(who, request.price);
        vm.startPrank(who);
        IERC20(request.token).approve(address(market), request.price);
        jobId = market.createJob(request);
        vm.stopPrank();
    }

    function _createUsdJob(uint256 price) internal returns (uint256) {
        return _create(requester, _request(address(usd), price));
    }

    function _claim(uint256 jobId, address provider) internal {
        vm.prank(provider);
        market.claimJob(jobId);
    }

    function _attestation(uint256 jobId) internal pure returns (IJobMarket.Attestation memory) {
        return IJobMarket.Attestation({
            jobId: jobId,
            resultCid: "bafkreiresultresultresultresultresultresultresultresultre",
            outputRoot: keccak256(abi.encode("outputs", jobId)),
            gpuTimeMs: 12_345,
            energyMillijoules: 6_789_000,
            energyEstimated: true,
            device: "NVIDIA H200 (vulkan)"
        });
    }

    function _sign(uint256 key, IJobMarket.Attestation memory attestation) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, market.attestationDigest(attestation));
        return abi.encodePacked(r, s, v);
    }

    /// @dev Signs with the assigned provider's key and relays from a stranger (anyone may relay).
    function _submit(uint256 jobId) internal {
        IJobMarket.Attestation memory a = _attestation(jobId);
        bytes memory signature = _sign(keyOf[market.getJob(jobId).provider], a);
        vm.prank(stranger);
        market.submitAttestation(a, signature);
    }

    function _submittedUsdJob(address provider, uint256 price) internal returns (uint256 jobId) {
        jobId = _createUsdJob(price);
        _claim(jobId, provider);
        _submit(jobId);
    }

    function _passChallengeWindow() internal {
        vm.warp(block.timestamp + market.challengeWindow());
    }

    // ---------------------------------------------------------------- disputes

    function _challenge(uint256 jobId, address who) internal returns (uint256 bond) {
        bond = court.bondFor(jobId);
        _giveHrth(who, bond);
        vm.startPrank(who);
        token.approve(address(court), bond);
        court.challenge(jobId);
        vm.stopPrank();
    }

    function _drawCommittee(uint256 jobId) internal returns (address[] memory members) {
        vm.roll(court.getDispute(jobId).drawBlock + 1);
        court.drawCommittee(jobId);
        members = court.committee(jobId);
    }

    function _salt(uint256 jobId, address member) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", jobId, member));
    }

    function _commit(uint256 jobId, address member, bool providerAtFault) internal {
        bytes32 commitment = court.commitmentFor(jobId, member, providerAtFault, _salt(jobId, member));
        vm.prank(member);
        court.commitVote(jobId, commitment);
    }

    function _reveal(uint256 jobId, address member, bool providerAtFault) internal {
        vm.prank(member);
        court.revealVote(jobId, providerAtFault, _salt(jobId, member));
    }

    /// @dev Every member commits, then reveals, its vote from `faults` (true = provider at fault).
    function _vote(uint256 jobId, bool[3] memory faults) internal {
        address[] memory members = court.committee(jobId);
        for (uint256 i; i < members.length; ++i) {
            _commit(jobId, members[i], faults[i]);
        }
        for (uint256 i; i < members.length; ++i) {
            _reveal(jobId, members[i], faults[i]);
        }
    }

    function _status(uint256 jobId) internal view returns (uint256) {
        return uint256(market.getJob(jobId).status);
    }
}
