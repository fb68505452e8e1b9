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
import {IProviderStaking} from "../../../contracts/interfaces/IProviderStaking.sol";
import {Vm} from "../utils/Vm.sol";
import {ReentrantToken, ITransferHook} from "../mocks/ReentrantToken.sol";

/// @notice Drives the whole protocol through bounded, mostly-valid actions by several actors, for the
/// invariant suite. Each action picks its target among the jobs in the right state, so few calls are wasted.
/// Ghost state: how often each job was paid and ended (counted from the market's own events), what rewards
/// minted, and whether any re-entry through the hooked payment token ever got through.
contract HearthHandler is ITransferHook {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 private constant MAX_JOBS = 40;
    string private constant SPEC_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    HearthToken public immutable token;
    TestStablecoin public immutable usd;
    ReentrantToken public immutable rent;
    ProviderStaking public immutable staking;
    JobMarket public immutable market;
    DisputeCourt public immutable court;
    RewardsDistributor public immutable rewards;
    address public immutable treasury;

    address[] private _providers;
    address[] private _requesters;
    address[] private _accounts; // everyone the market can owe
    mapping(address provider => uint256) private _keyOf;
    uint256[] private _jobIds;

    mapping(uint256 jobId => uint256) public timesPaid;
    mapping(uint256 jobId => uint256) public timesEnded;
    uint256 public maxTimesPaid;
    uint256 public maxTimesEnded;
    uint256 public rewardsMinted;
    uint256 public reentryAttempts;
    uint256 public reentrySuccesses;
    /// @notice Calls per action that changed something (emitted an event): for tuning the handler's reach.
    mapping(string action => uint256) public successes;

    mapping(uint256 jobId => mapping(address member => uint8)) private _votes; // 1 = at fault, 2 = correct

    constructor(
        HearthToken token_,
        TestStablecoin usd_,
        ReentrantToken rent_,
        ProviderStaking staking_,
        JobMarket market_,
        DisputeCourt court_,
        RewardsDistributor rewards_,
        address treasury_
    ) {
        token = token_;
        usd = usd_;
        rent = rent_;
        staking = staking_;
        market = market_;
        court = court_;
        rewards = rewards_;
        treasury = treasury_;
    }

    /// @notice Creates the actors; the handler must already hold HRTH and own tUSD.
    function init(uint256 providerCount, uint256 requesterCount, uint256 stakeEach) external {
        for (uint256 i; i < providerCount; ++i) {
            uint256 key = uint256(keccak256(abi.encode("invariant provider", i)));
            address p = vm.addr(key);
            _keyOf[p] = key;
            _providers.push(p);
            _accounts.push(p);
            token.transfer(p, stakeEach);
            vm.prank(p);
            staking.register("bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve", uint32(50 * i));
            vm.prank(p);
            token.approve(address(staking), stakeEach);
            vm.prank(p);
            staking.stake(stakeEach);
            vm.prank(p);
            staking.setVerifier(true);
        }
        for (uint256 i; i < requesterCount; ++i) {
            address r = vm.addr(uint256(keccak256(abi.encode("invariant requester", i))));
            _requesters.push(r);
            _accounts.push(r);
        }
        _accounts.push(treasury);
    }

    // ================================================================ bookkeeping

    modifier tracked(string memory action) {
        vm.recordLogs();
        _;
        if (_countOutcomes() > 0) ++successes[action];
    }

    /// @dev Counts payments and endings from the market's events, whatever path emitted them.
    function _countOutcomes() private returns (uint256) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(market) || log.topics.length < 2) continue;
            bytes32 topic = log.topics[0];
            uint256 jobId = uint256(log.topics[1]);
            if (topic == IJobMarket.JobFinalized.selector) {
                uint256 paid = ++timesPaid[jobId];
                if (paid > maxTimesPaid) maxTimesPaid = paid;
            }
            if (
                topic == IJobMarket.JobFinalized.selector || topic == IJobMarket.JobCancelled.selector
                    || topic == IJobMarket.JobExpired.selector || topic == IJobMarket.JobRejected.selector
            ) {
                uint256 ended = ++timesEnded[jobId];
                if (ended > maxTimesEnded) maxTimesEnded = ended;
            }
        }
        return logs.length;
    }

    function _status(uint256 jobId) private view returns (IJobMarket.JobStatus) {
        return market.getJob(jobId).status;
    }

    /// @dev The first job at or after a seeded position that `accept` takes; 0 when none does.
    function _pick(uint256 seed, function(uint256) view returns (bool) accept) private view returns (uint256) {
        uint256 n = _jobIds.length;
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            uint256 jobId = _jobIds[(start + k) % n];
            if (accept(jobId)) return jobId;
        }
        return 0;
    }

    function _provider(uint256 seed) private view returns (address) {
        return _providers[seed % _providers.length];
    }

    function _paymentToken(uint256 seed) private view returns (address) {
        uint256 i = seed % 3;
        return i == 0 ? address(token) : i == 1 ? address(usd) : address(rent);
    }

    function _fund(address paymentToken, address to, uint256 amount) private {
        if (paymentToken == address(token)) token.transfer(to, amount);
        else if (paymentToken == address(usd)) usd.mint(to, amount);
        else rent.mint(to, amount);
    }

    // ================================================================ job actions

    function createJob(uint256 actorSeed, uint256 tokenSeed, uint256 price, uint256 duration, uint256 targetSeed)
        external
        tracked("createJob")
    {
        _createJob(actorSeed, tokenSeed, price, duration, targetSeed);
    }

    function _createJob(uint256 actorSeed, uint256 tokenSeed, uint256 price, uint256 duration, uint256 targetSeed)
        private
        returns (uint256 jobId)
    {
        if (_jobIds.length >= MAX_JOBS) return 0;
        address requester = _requesters[actorSeed % _requesters.length];
        address paymentToken = _paymentToken(tokenSeed);
        // At most 300 HRTH of value: 450 HRTH of collateral against stakes of a few thousand.
        price = paymentToken == address(usd) ? _bound(price, 1, 30e6) : _bound(price, 1, 300e18);
        IJobMarket.JobRequest memory request = IJobMarket.JobRequest({
            specCid: SPEC_CID,
            token: paymentToken,
            price: uint96(price),
            deadline: uint40(block.timestamp + _bound(duration, 10, 2 hours)),
            requiredStake: 0,
            provider: targetSeed % 4 == 0 ? _provider(targetSeed / 4) : address(0),
            maxCarbon: 0
        });
        _fund(paymentToken, requester, price);
        vm.prank(requester);
        IERC20(paymentToken).approve(address(market), price);
        vm.prank(requester);
        jobId = market.createJob(request);
        _jobIds.push(jobId);
    }

    function _isOpen(uint256 jobId) private view returns (bool) {
        return _status(jobId) == IJobMarket.JobStatus.Open;
    }

    function cancelJob(uint256 jobSeed) external tracked("cancelJob") {
        uint256 jobId = _pick(jobSeed, _isOpen);
        if (jobId == 0) return;
        vm.prank(market.getJob(jobId).requester);
        market.cancelJob(jobId);
    }

    function _isClaimable(uint256 jobId) private view returns (bool) {
        return _isOpen(jobId) && block.timestamp < market.getJob(jobId).deadline;
    }

    function claimJob(uint256 jobSeed, uint256 providerSeed) external tracked("claimJob") {
        _claimJob(jobSeed, providerSeed);
    }

    /// @dev Claims a claimable job, creating one first when there is none.
    function _claimJob(uint256 jobSeed, uint256 providerSeed) private returns (uint256 jobId) {
        jobId = _pick(jobSeed, _isClaimable);
        if (jobId == 0) jobId = _createJob(jobSeed, jobSeed >> 8, jobSeed >> 16, 5 minutes + jobSeed % 1 hours, 1);
        if (jobId == 0) return 0;
        IJobMarket.Job memory job = market.getJob(jobId);
        address provider = job.provider != address(0) ? job.provider : _provider(providerSeed);
        if (!staking.isEligible(provider, job.requiredStake, job.maxCarbon)) return 0;
        if (staking.freeStake(provider) < _collateral(job)) return 0;
        vm.prank(provider);
        market.claimJob(jobId);
    }

    function _collateral(IJobMarket.Job memory job) private view returns (uint256) {
        uint256 scaled = uint256(job.price) * market.tokenConfig(job.token).hrthPerUnitWad
            * market.parameters().collateralBps;
        return (scaled + 1e22 - 1) / 1e22;
    }

    function _isSubmittable(uint256 jobId) private view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        return job.status == IJobMarket.JobStatus.Assigned && block.timestamp < job.deadline;
    }

    function _attestation(uint256 jobId) private view returns (IJobMarket.Attestation memory a, bytes memory sig) {
        a = IJobMarket.Attestation({
            jobId: jobId,
            resultCid: "bafkreiresultresultresultresultresultresultresultresultre",
            outputRoot: keccak256(abi.encode(jobId, block.number)),
            gpuTimeMs: uint64(jobId * 1_234),
            energyMillijoules: uint64(jobId * 5_678),
            energyEstimated: jobId % 2 == 0,
            device: "SwiftShader"
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf[market.getJob(jobId).provider], market.attestationDigest(a));
        sig = abi.encodePacked(r, s, v);
    }

    function submit(uint256 jobSeed) external tracked("submit") {
        _submit(jobSeed);
    }

    /// @dev Submits for an assigned job, claiming one first when there is none.
    function _submit(uint256 jobSeed) private returns (uint256 jobId) {
        jobId = _pick(jobSeed, _isSubmittable);
        if (jobId == 0) jobId = _claimJob(jobSeed, jobSeed >> 4);
        if (jobId == 0) return 0;
        (IJobMarket.Attestation memory a, bytes memory sig) = _attestation(jobId);
        market.submitAttestation(a, sig);
    }

    function submitBatch(uint256 jobSeed, uint256 count) external tracked("submitBatch") {
        uint256[] memory ids = _collect(jobSeed, _bound(count, 1, 4), _isSubmittable);
        if (ids.length == 0) return;
        IJobMarket.Attestation[] memory atts = new IJobMarket.Attestation[](ids.length);
        bytes[] memory sigs = new bytes[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            (atts[i], sigs[i]) = _attestation(ids[i]);
        }
        market.submitAttestations(atts, sigs);
    }

    function _collect(uint256 seed, uint256 count, function(uint256) view returns (bool) accept)
        private
        view
        returns (uint256[] memory ids)
    {
        uint256 n = _jobIds.length;
        uint256[] memory found = new uint256[](count);
        uint256 k;
        for (uint256 j; j < n && k < count; ++j) {
            uint256 jobId = _jobIds[(seed + j) % n];
            if (accept(jobId)) found[k++] = jobId;
        }
        ids = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            ids[i] = found[i];
        }
    }

    function _isFinalizable(uint256 jobId) private view returns (bool) {
        return _status(jobId) == IJobMarket.JobStatus.Submitted && block.timestamp >= market.challengeWindowEnd(jobId);
    }

    /// @dev Deliberately also tries jobs that are already finalized: paying twice must be impossible.
    function finalize(uint256 jobSeed, bool anyJob) external tracked("finalize") {
        uint256 jobId = anyJob && _jobIds.length > 0 ? _jobIds[jobSeed % _jobIds.length] : _pick(jobSeed, _isFinalizable);
        if (jobId == 0) return;
        try market.finalizeJob(jobId) {} catch {}
    }

    function finalizeBatch(uint256 jobSeed, uint256 count) external tracked("finalizeBatch") {
        uint256[] memory ids = _collect(jobSeed, _bound(count, 1, 5), _isFinalizable);
        if (ids.length == 0) {
            // Let the window of some submitted job pass, then try again.
            uint256 jobId = _pick(jobSeed, _isSubmitted);
            if (jobId == 0) return;
            vm.warp(market.challengeWindowEnd(jobId));
            ids = _collect(jobSeed, _bound(count, 1, 5), _isFinalizable);
        }
        market.finalizeJobs(ids);
    }

    function _isSubmitted(uint256 jobId) private view returns (bool) {
        return _status(jobId) == IJobMarket.JobStatus.Submitted;
    }

    /// @dev The provider gives back an assigned job before its deadline; it is open again.
    function release(uint256 jobSeed) external tracked("release") {
        uint256 jobId = _pick(jobSeed, _isSubmittable);
        if (jobId == 0) return;
        vm.prank(market.getJob(jobId).provider);
        market.releaseJob(jobId);
    }

    function _isExpirable(uint256 jobId) private view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        return (job.status == IJobMarket.JobStatus.Open || job.status == IJobMarket.JobStatus.Assigned)
            && block.timestamp >= job.deadline;
    }

    function expire(uint256 jobSeed) external tracked("expire") {
        uint256 jobId = _pick(jobSeed, _isExpirable);
        if (jobId == 0) return;
        market.expireJob(jobId);
    }

    // ================================================================ dispute actions

    function _isChallengeable(uint256 jobId) private view returns (bool) {
        return _status(jobId) == IJobMarket.JobStatus.Submitted && block.timestamp < market.challengeWindowEnd(jobId);
    }

    function challenge(uint256 jobSeed, uint256 challengerSeed) external tracked("challenge") {
        uint256 jobId = _pick(jobSeed, _isChallengeable);
        if (jobId == 0) jobId = _submit(jobSeed);
        if (jobId == 0) return;
        address challenger = _requesters[challengerSeed % _requesters.length];
        uint256 bond = court.bondFor(jobId);
        token.transfer(challenger, bond);
        vm.prank(challenger);
        token.approve(address(court), bond);
        vm.prank(challenger);
        court.challenge(jobId);
    }

    function _isAwaitingDraw(uint256 jobId) private view returns (bool) {
        return court.getDispute(jobId).status == IDisputeCourt.DisputeStatus.AwaitingDraw;
    }

    function drawCommittee(uint256 jobSeed) external tracked("drawCommittee") {
        uint256 jobId = _pick(jobSeed, _isAwaitingDraw);
        if (jobId == 0) return;
        uint64 drawBlock = court.getDispute(jobId).drawBlock;
        if (block.number <= drawBlock) vm.roll(drawBlock + 1);
        court.drawCommittee(jobId);
    }

    function _isCommitting(uint256 jobId) private view returns (bool) {
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        return d.status == IDisputeCourt.DisputeStatus.Voting && block.timestamp < d.commitDeadline;
    }

    function _salt(uint256 jobId, address member) private pure returns (bytes32) {
        return keccak256(abi.encode("invariant salt", jobId, member));
    }

    function commit(uint256 jobSeed, uint256 memberSeed, bool providerAtFault) external tracked("commit") {
        uint256 jobId = _pick(jobSeed, _isCommitting);
        if (jobId == 0) {
            // Draw a committee for a dispute that awaits one, then commit in it.
            jobId = _pick(jobSeed, _isAwaitingDraw);
            if (jobId == 0) return;
            uint64 drawBlock = court.getDispute(jobId).drawBlock;
            if (block.number <= drawBlock) vm.roll(drawBlock + 1);
            court.drawCommittee(jobId);
            if (!_isCommitting(jobId)) return;
        }
        address member = _member(jobId, memberSeed, 0);
        if (member == address(0)) return;
        _votes[jobId][member] = providerAtFault ? 1 : 2;
        bytes32 commitment = court.commitmentFor(jobId, member, providerAtFault, _salt(jobId, member));
        vm.prank(member);
        court.commitVote(jobId, commitment);
    }

    /// @dev A committee member, from a seeded position, whose vote is in `state` (0 = none yet, 1 or 2 =
    /// committed at fault or correct, 3 = revealed); zero when none is.
    function _member(uint256 jobId, uint256 seed, uint8 state) private view returns (address) {
        address[] memory members = court.committee(jobId);
        for (uint256 k; k < members.length; ++k) {
            address member = members[(seed + k) % members.length];
            if (_votes[jobId][member] == state) return member;
        }
        return address(0);
    }

    function _isRevealing(uint256 jobId) private view returns (bool) {
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        if (d.status != IDisputeCourt.DisputeStatus.Voting || block.timestamp >= d.revealDeadline) return false;
        return block.timestamp >= d.commitDeadline || d.commits == court.committee(jobId).length;
    }

    function _isVotingWithCommits(uint256 jobId) private view returns (bool) {
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        return d.status == IDisputeCourt.DisputeStatus.Voting && d.commits > 0;
    }

    function reveal(uint256 jobSeed, uint256 memberSeed) external tracked("reveal") {
        uint256 jobId = _pick(jobSeed, _isRevealing);
        if (jobId == 0) {
            // Close the commit phase of a vote that has commitments.
            jobId = _pick(jobSeed, _isVotingWithCommits);
            if (jobId == 0) return;
            IDisputeCourt.Dispute memory d = court.getDispute(jobId);
            if (block.timestamp >= d.revealDeadline) return;
            if (block.timestamp < d.commitDeadline) vm.warp(d.commitDeadline);
        }
        address member = _member(jobId, memberSeed, 1);
        if (member == address(0)) member = _member(jobId, memberSeed, 2);
        if (member == address(0)) return;
        uint8 vote = _votes[jobId][member];
        _votes[jobId][member] = 3; // revealed
        vm.prank(member);
        court.revealVote(jobId, vote == 1, _salt(jobId, member));
    }

    function _isResolvable(uint256 jobId) private view returns (bool) {
        IDisputeCourt.Dispute memory d = court.getDispute(jobId);
        if (d.status != IDisputeCourt.DisputeStatus.Voting) return false;
        return block.timestamp >= d.revealDeadline
            || uint256(d.faultVotes) + d.correctVotes == court.committee(jobId).length;
    }

    function _isVoting(uint256 jobId) private view returns (bool) {
        return court.getDispute(jobId).status == IDisputeCourt.DisputeStatus.Voting;
    }

    function resolve(uint256 jobSeed) external tracked("resolve") {
        uint256 jobId = _pick(jobSeed, _isResolvable);
        if (jobId == 0) {
            jobId = _pick(jobSeed, _isVoting);
            if (jobId == 0) return;
            vm.warp(court.getDispute(jobId).revealDeadline);
        }
        court.resolve(jobId);
    }

    // ================================================================ sampling actions

    function _isUnsampled(uint256 jobId) private view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        return job.status == IJobMarket.JobStatus.Submitted && court.sampledVerifier(jobId) == address(0)
            && block.number <= uint256(job.randomnessBlock) + 256;
    }

    function drawVerifier(uint256 jobSeed) external tracked("drawVerifier") {
        uint256 jobId = _pick(jobSeed, _isUnsampled);
        if (jobId == 0) return;
        uint64 randomnessBlock = market.getJob(jobId).randomnessBlock;
        if (block.number <= randomnessBlock) vm.roll(randomnessBlock + 1);
        (bool sampled, address verifier) = court.previewSample(jobId);
        if (!sampled || verifier == address(0)) return;
        court.drawVerifier(jobId);
    }

    function _isVerifiable(uint256 jobId) private view returns (bool) {
        IJobMarket.Job memory job = market.getJob(jobId);
        return job.status == IJobMarket.JobStatus.Submitted && !job.verified
            && court.sampledVerifier(jobId) != address(0) && block.timestamp < market.challengeWindowEnd(jobId);
    }

    function passVerification(uint256 jobSeed) external tracked("passVerification") {
        uint256 jobId = _pick(jobSeed, _isVerifiable);
        if (jobId == 0) return;
        vm.prank(court.sampledVerifier(jobId));
        court.passVerification(jobId);
    }

    // ================================================================ stake, withdrawals, rewards

    function stake(uint256 providerSeed, uint256 amount) external tracked("stake") {
        address provider = _provider(providerSeed);
        amount = _bound(amount, 1, 2_000e18);
        token.transfer(provider, amount);
        vm.prank(provider);
        token.approve(address(staking), amount);
        vm.prank(provider);
        staking.stake(amount);
    }

    function requestUnstake(uint256 providerSeed, uint256 amount) external tracked("requestUnstake") {
        address provider = _provider(providerSeed);
        uint256 free = staking.freeStake(provider);
        if (free == 0) return;
        vm.prank(provider);
        staking.requestUnstake(_bound(amount, 1, free));
    }

    function withdrawStake(uint256 providerSeed) external tracked("withdrawStake") {
        address provider = _provider(providerSeed);
        IProviderStaking.Provider memory p = staking.getProvider(provider);
        if (p.unbonding == 0 || p.openDisputes > 0 || block.timestamp < p.unbondingEnd) return;
        vm.prank(provider);
        staking.withdraw();
    }

    function setVerifier(uint256 providerSeed, bool enabled) external tracked("setVerifier") {
        address provider = _provider(providerSeed);
        if (enabled && staking.getProvider(provider).bonded < staking.minStake()) return;
        vm.prank(provider);
        staking.setVerifier(enabled);
    }

    function withdrawOwed(uint256 accountSeed, uint256 tokenSeed) external tracked("withdrawOwed") {
        address account = _accounts[accountSeed % _accounts.length];
        address paymentToken = _paymentToken(tokenSeed);
        if (market.owed(paymentToken, account) == 0) return;
        vm.prank(account);
        market.withdraw(paymentToken);
    }

    function claimRewards(uint256 providerSeed) external tracked("claimRewards") {
        address provider = _provider(providerSeed);
        uint256 current = rewards.currentEpoch();
        uint256 first = current > 8 ? current - 8 : 0;
        uint256[] memory found = new uint256[](current - first);
        uint256 k;
        for (uint256 e = first; e < current; ++e) {
            if (rewards.claimable(e, provider) > 0) found[k++] = e;
        }
        if (k == 0) return;
        uint256[] memory epochs = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            epochs[i] = found[i];
        }
        uint256 supplyBefore = token.totalSupply();
        vm.prank(provider);
        uint256 minted = rewards.claim(epochs);
        require(token.totalSupply() - supplyBefore == minted, "claim minted what it reported");
        rewardsMinted += minted;
    }

    // ================================================================ time

    function warp(uint256 seconds_) external tracked("warp") {
        vm.warp(block.timestamp + _bound(seconds_, 1, 900));
    }

    function roll(uint256 blocks) external tracked("roll") {
        // Mostly a few blocks; now and then past the 256-block horizon of blockhash.
        vm.roll(block.number + (blocks % 10 == 0 ? 300 : _bound(blocks, 1, 6)));
    }

    // ================================================================ the hooked payment token

    /// @notice Called by the reentrant token in the middle of every transfer: tries to re-enter the market.
    function onTokenTransfer(address from, address to, uint256) external {
        if (msg.sender != address(rent)) return;
        if (from != address(market) && to != address(market)) return;
        reentryAttempts += 1;
        (bool ok,) = address(market).call(abi.encodeCall(IJobMarket.withdraw, (address(rent))));
        if (ok) ++reentrySuccesses;
        if (_jobIds.length > 0) {
            uint256 last = _jobIds[_jobIds.length - 1];
            (ok,) = address(market).call(abi.encodeCall(IJobMarket.expireJob, (last)));
            if (ok) ++reentrySuccesses;
            (ok,) = address(market).call(abi.encodeCall(IJobMarket.finalizeJob, (last)));
            if (ok) ++reentrySuccesses;
        }
    }

    // ================================================================ the end state

    /// @notice Drives every live job and dispute to an end state, then has everyone withdraw everything.
    function drainAll() external {
        for (uint256 round; round < 40; ++round) {
            if (!_advanceLiveJobs()) break;
        }
        address[3] memory paymentTokens = [address(token), address(usd), address(rent)];
        for (uint256 i; i < _accounts.length; ++i) {
            for (uint256 t; t < 3; ++t) {
                if (market.owed(paymentTokens[t], _accounts[i]) == 0) continue;
                vm.prank(_accounts[i]);
                market.withdraw(paymentTokens[t]);
            }
        }
        for (uint256 i; i < _providers.length; ++i) {
            uint256 free = staking.freeStake(_providers[i]);
            if (free == 0) continue;
            vm.prank(_providers[i]);
            staking.requestUnstake(free);
        }
        vm.warp(block.timestamp + staking.unbondingPeriod());
        for (uint256 i; i < _providers.length; ++i) {
            if (staking.getProvider(_providers[i]).unbonding == 0) continue;
            vm.prank(_providers[i]);
            staking.withdraw();
        }
    }

    /// @dev One pass over the jobs, moving each live one forward; returns whether any was still live.
    function _advanceLiveJobs() private returns (bool anyLive) {
        for (uint256 i; i < _jobIds.length; ++i) {
            uint256 jobId = _jobIds[i];
            IJobMarket.Job memory job = market.getJob(jobId);
            if (job.status == IJobMarket.JobStatus.Open) {
                vm.prank(job.requester);
                market.cancelJob(jobId);
            } else if (job.status == IJobMarket.JobStatus.Assigned) {
                if (block.timestamp < job.deadline) vm.warp(job.deadline);
                market.expireJob(jobId);
            } else if (job.status == IJobMarket.JobStatus.Submitted) {
                uint256 windowEnd = market.challengeWindowEnd(jobId);
                if (block.timestamp < windowEnd) vm.warp(windowEnd);
                market.finalizeJob(jobId);
            } else if (job.status == IJobMarket.JobStatus.Disputed) {
                anyLive = true;
                IDisputeCourt.Dispute memory d = court.getDispute(jobId);
                if (d.status == IDisputeCourt.DisputeStatus.AwaitingDraw) {
                    if (block.number <= d.drawBlock) vm.roll(d.drawBlock + 1);
                    court.drawCommittee(jobId);
                } else {
                    if (block.timestamp < d.revealDeadline) vm.warp(d.revealDeadline);
                    court.resolve(jobId);
                }
            }
        }
    }

    // ================================================================ views for the invariants

    function jobIds() external view returns (uint256[] memory) {
        return _jobIds;
    }

    function providers() external view returns (address[] memory) {
        return _providers;
    }

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    /// @notice Escrow of live jobs (Open, Assigned, Submitted, Disputed) in `paymentToken`.
    function liveEscrow(address paymentToken) external view returns (uint256 total) {
        for (uint256 i; i < _jobIds.length; ++i) {
            IJobMarket.Job memory job = market.getJob(_jobIds[i]);
            if (job.token != paymentToken) continue;
            if (
                job.status == IJobMarket.JobStatus.Open || job.status == IJobMarket.JobStatus.Assigned
                    || job.status == IJobMarket.JobStatus.Submitted || job.status == IJobMarket.JobStatus.Disputed
            ) total += job.price;
        }
    }

    function totalOwed(address paymentToken) external view returns (uint256 total) {
        for (uint256 i; i < _accounts.length; ++i) {
            total += market.owed(paymentToken, _accounts[i]);
        }
    }

    /// @notice Collateral of `provider`'s claimed, unfinished jobs (Assigned, Submitted, Disputed).
    function liveCollateral(address provider) external view returns (uint256 total) {
        for (uint256 i; i < _jobIds.length; ++i) {
            IJobMarket.Job memory job = market.getJob(_jobIds[i]);
            if (job.provider != provider) continue;
            if (
                job.status == IJobMarket.JobStatus.Assigned || job.status == IJobMarket.JobStatus.Submitted
                    || job.status == IJobMarket.JobStatus.Disputed
            ) total += job.collateral;
        }
    }

    function unresolvedBonds() external view returns (uint256 total) {
        for (uint256 i; i < _jobIds.length; ++i) {
            IDisputeCourt.Dispute memory d = court.getDispute(_jobIds[i]);
            if (d.status == IDisputeCourt.DisputeStatus.AwaitingDraw || d.status == IDisputeCourt.DisputeStatus.Voting)
            {
                total += d.bond;
            }
        }
    }

    function _bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        return min + x % (max - min + 1);
    }
}
