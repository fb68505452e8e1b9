// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderStaking} from "./interfaces/IProviderStaking.sol";
import {IRewardsDistributor} from "./interfaces/IRewardsDistributor.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";

/// @title JobMarket
/// @notice Escrow, claims, EIP-712 attestations, finalization and expiry of Hearth GPU jobs. Payouts,
/// refunds and fees are credited and pulled with `withdraw`, so one account that cannot receive tokens
/// never blocks anyone else's settlement.
contract JobMarket is IJobMarket, Ownable2Step, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint256 jobId,string resultCid,bytes32 outputRoot,uint64 gpuTimeMs,uint64 energyMillijoules,bool energyEstimated,string device)"
    );

    uint256 private constant BPS = 10_000;
    uint16 public constant MAX_PROTOCOL_FEE_BPS = 1_000; // 10%
    uint16 public constant MIN_COLLATERAL_BPS = 11_000; // a lying provider must lose more than it could gain
    uint16 public constant MAX_COLLATERAL_BPS = 50_000;
    uint16 public constant MAX_EXPIRY_SLASH_BPS = 5_000; // of the job's collateral
    uint16 public constant MAX_DISPUTE_SLASH_BPS = 5_000; // of the provider's remaining stake
    uint64 public constant MIN_CHALLENGE_WINDOW = 10 seconds;
    uint64 public constant MAX_CHALLENGE_WINDOW = 7 days;
    uint64 public constant MIN_JOB_DURATION = 10 seconds;
    uint64 public constant MAX_JOB_DURATION = 30 days;
    uint256 public constant MAX_SPEC_CID_LENGTH = 128;
    uint128 public constant MAX_HRTH_PER_UNIT_WAD = 1e36;
    /// @notice Blocks between an attestation and the block whose hash decides whether it is sampled.
    uint64 public constant RANDOMNESS_DELAY = 2;

    IProviderStaking private immutable _staking;
    IRewardsDistributor private immutable _rewards;
    address private immutable _hrth;
    address private _disputeCourt;

    address private _treasury;
    uint16 private _protocolFeeBps;
    uint16 private _verifierFeeBps;
    uint16 private _collateralBps;
    uint16 private _expirySlashBps;
    uint16 private _disputeSlashBps;
    uint64 private _challengeWindow;

    uint256 private _jobCount;
    mapping(uint256 jobId => Job) private _jobs;
    mapping(uint256 jobId => address) private _verifierOf;
    mapping(address provider => ProviderStats) private _stats;
    mapping(address token => TokenConfig) private _tokens;
    mapping(address token => mapping(address account => uint256)) private _owed;

    /// @notice Fee and slash parameters, in basis points, plus the challenge window in seconds.
    struct Parameters {
        uint16 protocolFeeBps;
        uint16 verifierFeeBps;
        uint16 collateralBps;
        uint16 expirySlashBps;
        uint16 disputeSlashBps;
        uint64 challengeWindow;
        address treasury;
    }

    constructor(
        IProviderStaking staking_,
        IRewardsDistributor rewards_,
        address hrth,
        address governor,
        Parameters memory params
    ) Ownable(governor) EIP712("Hearth JobMarket", "1") {
        _staking = staking_;
        _rewards = rewards_;
        _hrth = hrth;
        _setParameters(params, false);
        _tokens[hrth] = TokenConfig({allowed: true, hrthPerUnitWad: 1e18});
        emit TokenConfigured(hrth, true, 1e18);
    }

    modifier onlyDisputeCourt() {
        if (msg.sender != _disputeCourt) revert JobMarketUnauthorized(msg.sender);
        _;
    }

    /// @notice Wires the dispute court. Once, by the governor.
    function setDisputeCourt(address court) external onlyOwner {
        if (_disputeCourt != address(0)) revert JobMarketAlreadyConfigured();
        _disputeCourt = court;
        emit DisputeCourtSet(court);
    }

    /// @notice Governance: fees, collateral, slashes and the challenge window, each bounded in code. The
    /// window plus a whole dispute must stay shorter than unbonding, so nobody unbonds out of a slash.
    function setParameters(Parameters calldata params) external onlyOwner {
        _setParameters(params, _disputeCourt != address(0));
    }

    /// @notice Governance: allow-lists a payment token with its HRTH value (HRTH wei per token unit, x1e18),
    /// which sizes collateral, challenge bonds and work points. Disallowing stops new jobs only.
    function configureToken(address token, bool allowed, uint128 hrthPerUnitWad) external onlyOwner {
        if (hrthPerUnitWad == 0 || hrthPerUnitWad > MAX_HRTH_PER_UNIT_WAD) {
            revert JobMarketParameterOutOfBounds("hrthPerUnitWad", hrthPerUnitWad, 1, MAX_HRTH_PER_UNIT_WAD);
        }
        _tokens[token] = TokenConfig({allowed: allowed, hrthPerUnitWad: hrthPerUnitWad});
        emit TokenConfigured(token, allowed, hrthPerUnitWad);
    }

    /// @inheritdoc IJobMarket
    function createJob(JobRequest calldata request) external nonReentrant returns (uint256) {
        return _createJob(request);
    }

    /// @inheritdoc IJobMarket
    function createJobWithPermit(
        JobRequest calldata request,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        // A front-run permit leaves the allowance in place; the transfer below decides.
        try IERC20Permit(request.token).permit(msg.sender, address(this), request.price, permitDeadline, v, r, s) {}
            catch {}
        return _createJob(request);
    }

    /// @inheritdoc IJobMarket
    function cancelJob(uint256 jobId) external nonReentrant {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Open);
        if (msg.sender != job.requester) revert JobMarketNotRequester(jobId, msg.sender);
        job.status = JobStatus.Cancelled;
        emit JobCancelled(jobId);
        IERC20(job.token).safeTransfer(job.requester, job.price);
    }

    /// @inheritdoc IJobMarket
    function claimJob(uint256 jobId) external {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Open);
        if (block.timestamp >= job.deadline) revert JobMarketDeadlinePassed(jobId, job.deadline);
        address target = job.provider;
        if (target != address(0) && target != msg.sender) revert JobMarketNotTargetProvider(jobId, msg.sender);
        if (!_staking.isEligible(msg.sender, job.requiredStake, job.maxCarbon)) {
            revert JobMarketProviderNotEligible(jobId, msg.sender);
        }
        // Rounded up from the exact value (not from the floored `hrthValue`): never less than collateralBps of it.
        uint256 collateral = Math.mulDiv(
            job.price, uint256(_tokens[job.token].hrthPerUnitWad) * _collateralBps, 1e18 * BPS, Math.Rounding.Ceil
        );
        job.status = JobStatus.Assigned;
        job.provider = msg.sender;
        job.claimedAt = uint32(block.timestamp);
        job.collateral = collateral.toUint96();
        _staking.lockCollateral(msg.sender, collateral);
        emit JobClaimed(jobId, msg.sender, collateral);
    }

    /// @inheritdoc IJobMarket
    function releaseJob(uint256 jobId) external nonReentrant {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Assigned);
        address provider = job.provider;
        if (msg.sender != provider) revert JobMarketNotProvider(jobId, msg.sender);
        uint256 deadline = job.deadline;
        if (block.timestamp >= deadline) revert JobMarketDeadlinePassed(jobId, deadline);
        uint256 collateral = job.collateral;
        // The expiry slash, scaled by the share of the claim-to-deadline time the job was held (claimedAt < now
        // < deadline, so the share is below 1 and the penalty below the expiry slash).
        uint256 claimedAt = job.claimedAt;
        uint256 toSlash = Math.mulDiv(collateral * _expirySlashBps, block.timestamp - claimedAt, BPS * (deadline - claimedAt));
        job.status = JobStatus.Open;
        if (!job.targeted) job.provider = address(0);
        job.claimedAt = 0;
        job.collateral = 0;
        _stats[provider].released += 1;
        _staking.unlockCollateral(provider, collateral - toSlash);
        uint256 slashed;
        if (toSlash > 0) {
            slashed = _staking.slash(provider, toSlash, 0, address(this), false);
            _owed[_hrth][job.requester] += slashed;
        }
        emit JobReleased(jobId, provider, slashed);
    }

    /// @inheritdoc IJobMarket
    function submitAttestation(Attestation calldata attestation, bytes calldata signature) external {
        _submit(attestation, signature);
    }

    /// @inheritdoc IJobMarket
    function submitAttestations(Attestation[] calldata attestations, bytes[] calldata signatures) external {
        if (attestations.length != signatures.length) {
            revert JobMarketLengthMismatch(attestations.length, signatures.length);
        }
        for (uint256 i; i < attestations.length; ++i) {
            _submit(attestations[i], signatures[i]);
        }
    }

    /// @inheritdoc IJobMarket
    function finalizeJob(uint256 jobId) external nonReentrant {
        Job storage job = _jobs[jobId];
        _expectFinalizable(jobId, job);
        address provider = job.provider;
        (uint256 collateral, uint256 points, uint256 gpuSeconds) = _pay(jobId, job);
        _settleRun(provider, collateral, points, gpuSeconds, 1);
    }

    /// @inheritdoc IJobMarket
    function finalizeJobs(uint256[] calldata jobIds) external nonReentrant {
        address runProvider;
        uint256 runCollateral;
        uint256 runPoints;
        uint256 runGpu;
        uint256 runJobs;
        for (uint256 i; i < jobIds.length; ++i) {
            Job storage job = _jobs[jobIds[i]];
            _expectFinalizable(jobIds[i], job);
            address provider = job.provider;
            if (provider != runProvider) {
                if (runJobs > 0) _settleRun(runProvider, runCollateral, runPoints, runGpu, runJobs);
                (runProvider, runCollateral, runPoints, runGpu, runJobs) = (provider, 0, 0, 0, 0);
            }
            (uint256 collateral, uint256 points, uint256 gpuSeconds) = _pay(jobIds[i], job);
            runCollateral += collateral;
            runPoints += points;
            runGpu += gpuSeconds;
            ++runJobs;
        }
        if (runJobs > 0) _settleRun(runProvider, runCollateral, runPoints, runGpu, runJobs);
    }

    /// @inheritdoc IJobMarket
    function expireJob(uint256 jobId) external nonReentrant {
        Job storage job = _jobs[jobId];
        JobStatus status = job.status;
        if (status != JobStatus.Open && status != JobStatus.Assigned) {
            _expectStatus(jobId, status, JobStatus.Assigned);
        }
        if (block.timestamp < job.deadline) revert JobMarketDeadlineNotPassed(jobId, job.deadline);
        address requester = job.requester;
        address token = job.token;
        uint256 price = job.price;
        job.status = JobStatus.Expired;
        _owed[token][requester] += price;
        uint256 slashed;
        address provider;
        if (status == JobStatus.Assigned) {
            provider = job.provider;
            uint256 collateral = job.collateral;
            uint256 toSlash = collateral * _expirySlashBps / BPS;
            _stats[provider].expired += 1;
            _staking.unlockCollateral(provider, collateral - toSlash);
            // The slashed collateral (HRTH) compensates the requester for the lost time.
            slashed = _staking.slash(provider, toSlash, 0, address(this), true);
            _owed[_hrth][requester] += slashed;
        } else {
            provider = job.provider; // the target, if any
        }
        emit JobExpired(jobId, provider, price, slashed);
    }

    /// @inheritdoc IJobMarket
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        amount = _owed[token][msg.sender];
        if (amount == 0) revert JobMarketNothingToWithdraw(token, msg.sender);
        _owed[token][msg.sender] = 0;
        emit Withdrawal(token, msg.sender, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IJobMarket
    function openDispute(uint256 jobId, address challenger) external onlyDisputeCourt returns (Job memory) {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Submitted);
        uint256 windowEnd = uint256(job.submittedAt) + _challengeWindow;
        if (block.timestamp >= windowEnd) revert JobMarketChallengeWindowClosed(jobId, windowEnd);
        job.status = JobStatus.Disputed;
        emit JobDisputed(jobId, challenger);
        return job;
    }

    /// @inheritdoc IJobMarket
    function settleDispute(uint256 jobId, bool providerAtFault)
        external
        onlyDisputeCourt
        nonReentrant
        returns (uint256 slashed)
    {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Disputed);
        address provider = job.provider;
        if (!providerAtFault) {
            _stats[provider].disputesWon += 1;
            (uint256 collateral, uint256 points, uint256 gpuSeconds) = _pay(jobId, job);
            _settleRun(provider, collateral, points, gpuSeconds, 1);
            return 0;
        }
        job.status = JobStatus.Rejected;
        _owed[job.token][job.requester] += job.price;
        _stats[provider].disputesLost += 1;
        IProviderStaking.Provider memory p = _staking.getProvider(provider);
        // The capped share applies to everything else the provider has at stake, unbonding included.
        uint256 extraSlash = (uint256(p.bonded) - job.collateral + p.unbonding) * _disputeSlashBps / BPS;
        slashed = _staking.slash(provider, job.collateral, extraSlash, msg.sender, true);
        emit JobRejected(jobId, provider, job.price, slashed);
    }

    /// @inheritdoc IJobMarket
    function recordVerification(uint256 jobId, address verifier) external onlyDisputeCourt {
        Job storage job = _jobs[jobId];
        _expectStatus(jobId, job.status, JobStatus.Submitted);
        job.verified = true;
        _verifierOf[jobId] = verifier;
        emit JobVerified(jobId, verifier);
    }

    /// @inheritdoc IJobMarket
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobMarket
    function providerStats(address provider) external view returns (ProviderStats memory) {
        return _stats[provider];
    }

    /// @inheritdoc IJobMarket
    function owed(address token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    /// @inheritdoc IJobMarket
    function tokenConfig(address token) external view returns (TokenConfig memory) {
        return _tokens[token];
    }

    /// @inheritdoc IJobMarket
    function challengeWindow() external view returns (uint64) {
        return _challengeWindow;
    }

    /// @inheritdoc IJobMarket
    function challengeWindowEnd(uint256 jobId) external view returns (uint256) {
        Job storage job = _jobs[jobId];
        if (job.submittedAt == 0) return 0;
        return uint256(job.submittedAt) + _challengeWindow;
    }

    /// @inheritdoc IJobMarket
    function hrthValue(address token, uint256 amount) public view returns (uint256) {
        return Math.mulDiv(amount, _tokens[token].hrthPerUnitWad, 1e18);
    }

    /// @inheritdoc IJobMarket
    function attestationDigest(Attestation calldata a) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ATTESTATION_TYPEHASH,
                    a.jobId,
                    keccak256(bytes(a.resultCid)),
                    a.outputRoot,
                    a.gpuTimeMs,
                    a.energyMillijoules,
                    a.energyEstimated,
                    keccak256(bytes(a.device))
                )
            )
        );
    }

    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory) {
        return Parameters({
            protocolFeeBps: _protocolFeeBps,
            verifierFeeBps: _verifierFeeBps,
            collateralBps: _collateralBps,
            expirySlashBps: _expirySlashBps,
            disputeSlashBps: _disputeSlashBps,
            challengeWindow: _challengeWindow,
            treasury: _treasury
        });
    }

    /// @notice The staking, rewards and dispute-court contracts this market works with.
    function protocolContracts() external view returns (address staking, address rewards, address court) {
        return (address(_staking), address(_rewards), _disputeCourt);
    }

    /// @notice The verifier that passed a sampled job, if any.
    function verifierOf(uint256 jobId) external view returns (address) {
        return _verifierOf[jobId];
    }

    function _createJob(JobRequest calldata request) private returns (uint256 jobId) {
        _checkRequest(request);
        _escrow(IERC20(request.token), request.price);
        jobId = ++_jobCount;
        _jobs[jobId] = Job({
            requester: msg.sender,
            status: JobStatus.Open,
            deadline: request.deadline,
            maxCarbon: request.maxCarbon,
            verified: false,
            targeted: request.provider != address(0),
            provider: request.provider,
            claimedAt: 0,
            submittedAt: 0,
            gpuSeconds: 0,
            token: request.token,
            price: request.price,
            requiredStake: request.requiredStake,
            collateral: 0,
            randomnessBlock: 0
        });
        emit JobCreated(
            jobId,
            msg.sender,
            request.provider,
            request.token,
            request.price,
            request.deadline,
            request.requiredStake,
            request.maxCarbon,
            request.specCid
        );
    }

    function _checkRequest(JobRequest calldata request) private view {
        if (!_tokens[request.token].allowed) revert JobMarketTokenNotAllowed(request.token);
        if (request.price == 0) revert JobMarketInvalidPrice(0);
        uint256 earliest = block.timestamp + MIN_JOB_DURATION;
        uint256 latest = block.timestamp + MAX_JOB_DURATION;
        if (request.deadline < earliest || request.deadline > latest) {
            revert JobMarketInvalidDeadline(request.deadline, earliest, latest);
        }
        uint256 specLength = bytes(request.specCid).length;
        if (specLength == 0 || specLength > MAX_SPEC_CID_LENGTH) {
            revert JobMarketInvalidSpec(specLength, MAX_SPEC_CID_LENGTH);
        }
    }

    function _escrow(IERC20 token, uint256 price) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), price);
        // Fee-on-transfer or rebasing tokens would leave escrow short: refuse them.
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != price) revert JobMarketTransferAmountMismatch(price, received);
    }

    function _submit(Attestation calldata a, bytes calldata signature) private {
        Job storage job = _jobs[a.jobId];
        _expectStatus(a.jobId, job.status, JobStatus.Assigned);
        // Same boundary as claimJob and expireJob: at the deadline the job is late, so a submission and an
        // expiry can never both be valid in one block.
        if (block.timestamp >= job.deadline) revert JobMarketDeadlinePassed(a.jobId, job.deadline);
        address provider = job.provider;
        if (!SignatureChecker.isValidSignatureNow(provider, attestationDigest(a), signature)) {
            revert JobMarketInvalidSignature(a.jobId, msg.sender, provider);
        }
        uint64 randomnessBlock = uint64(block.number) + RANDOMNESS_DELAY;
        job.status = JobStatus.Submitted;
        job.submittedAt = uint32(block.timestamp);
        job.gpuSeconds = uint32(Math.min(a.gpuTimeMs / 1000, type(uint32).max));
        job.randomnessBlock = randomnessBlock;
        emit AttestationSubmitted(
            a.jobId,
            provider,
            a.resultCid,
            a.outputRoot,
            a.gpuTimeMs,
            a.energyMillijoules,
            a.energyEstimated,
            a.device,
            randomnessBlock
        );
    }

    /// @dev Credits the provider (and a sampled verifier) for one job and marks it finalized. Collateral,
    /// reward points and counters are returned for the caller to settle once per run of jobs.
    function _pay(uint256 jobId, Job storage job)
        private
        returns (uint256 collateral, uint256 points, uint256 gpuSeconds)
    {
        address provider = job.provider;
        address token = job.token;
        uint256 price = job.price;
        uint256 fee = price * _protocolFeeBps / BPS;
        uint256 verifierFee;
        if (job.verified) {
            verifierFee = Math.min(price * _verifierFeeBps / BPS, fee);
            _owed[token][_verifierOf[jobId]] += verifierFee;
        }
        job.status = JobStatus.Finalized;
        _owed[token][provider] += price - fee;
        if (fee > verifierFee) _owed[token][_treasury] += fee - verifierFee;
        emit JobFinalized(jobId, provider, price - fee, fee - verifierFee, verifierFee);
        return (job.collateral, hrthValue(token, price), job.gpuSeconds);
    }

    function _settleRun(address provider, uint256 collateral, uint256 points, uint256 gpuSeconds, uint256 jobs)
        private
    {
        ProviderStats storage s = _stats[provider];
        s.completed += uint32(jobs);
        s.gpuSeconds += uint64(gpuSeconds);
        s.earnedPoints += uint128(points);
        _staking.unlockCollateral(provider, collateral);
        _rewards.recordWork(provider, points);
    }

    function _expectFinalizable(uint256 jobId, Job storage job) private view {
        _expectStatus(jobId, job.status, JobStatus.Submitted);
        uint256 windowEnd = uint256(job.submittedAt) + _challengeWindow;
        if (block.timestamp < windowEnd) revert JobMarketChallengeWindowOpen(jobId, windowEnd);
    }

    function _expectStatus(uint256 jobId, JobStatus status, JobStatus expected) private pure {
        if (status == JobStatus.None) revert JobMarketUnknownJob(jobId);
        if (status != expected) revert JobMarketWrongStatus(jobId, status, expected);
    }

    function _setParameters(Parameters memory p, bool checkUnbonding) private {
        _bound("protocolFeeBps", p.protocolFeeBps, 0, MAX_PROTOCOL_FEE_BPS);
        _bound("verifierFeeBps", p.verifierFeeBps, 0, p.protocolFeeBps);
        _bound("collateralBps", p.collateralBps, MIN_COLLATERAL_BPS, MAX_COLLATERAL_BPS);
        _bound("expirySlashBps", p.expirySlashBps, 0, MAX_EXPIRY_SLASH_BPS);
        _bound("disputeSlashBps", p.disputeSlashBps, 0, MAX_DISPUTE_SLASH_BPS);
        _bound("challengeWindow", p.challengeWindow, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        if (p.treasury == address(0)) revert JobMarketParameterOutOfBounds("treasury", 0, 1, type(uint160).max);
        if (checkUnbonding) {
            uint256 needed = uint256(p.challengeWindow) + IDisputeCourt(_disputeCourt).maxDisputeDuration();
            uint256 unbonding = _staking.unbondingPeriod();
            if (needed >= unbonding) revert JobMarketParameterOutOfBounds("challengeWindow", needed, 0, unbonding - 1);
        }
        _protocolFeeBps = p.protocolFeeBps;
        _verifierFeeBps = p.verifierFeeBps;
        _collateralBps = p.collateralBps;
        _expirySlashBps = p.expirySlashBps;
        _disputeSlashBps = p.disputeSlashBps;
        _challengeWindow = p.challengeWindow;
        _treasury = p.treasury;
        emit ParametersUpdated(
            p.protocolFeeBps,
            p.verifierFeeBps,
            p.collateralBps,
            p.expirySlashBps,
            p.disputeSlashBps,
            p.challengeWindow,
            p.treasury
        );
    }

    function _bound(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert JobMarketParameterOutOfBounds(name, value, min, max);
    }
}
