// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Job market
/// @notice Escrow and lifecycle of GPU jobs: Open -> Assigned -> Submitted -> Finalized, with cancel,
/// release (Assigned -> Open), expiry and disputes (Submitted -> Disputed -> Finalized or Rejected).
interface IJobMarket {
    enum JobStatus {
        None,
        Open,
        Assigned,
        Submitted,
        Disputed,
        Finalized,
        Cancelled,
        Expired,
        Rejected
    }

    /// @notice A job, packed into four storage slots.
    struct Job {
        // slot 0
        address requester;
        JobStatus status;
        uint40 deadline;
        uint32 maxCarbon;
        bool verified;
        bool targeted; // the requester named a provider: a released job stays reserved for it
        // slot 1 (`provider` is the target provider while Open, if one was named)
        address provider;
        uint32 claimedAt;
        uint32 submittedAt;
        uint32 gpuSeconds;
        // slot 2
        address token;
        uint96 price;
        // slot 3
        uint96 requiredStake;
        uint96 collateral;
        uint64 randomnessBlock;
    }

    /// @notice What a requester asks for.
    struct JobRequest {
        string specCid;
        address token;
        uint96 price;
        uint40 deadline;
        uint96 requiredStake;
        address provider;
        uint32 maxCarbon;
    }

    /// @notice What a provider signs (EIP-712) when it delivers a result.
    struct Attestation {
        uint256 jobId;
        string resultCid;
        bytes32 outputRoot;
        uint64 gpuTimeMs;
        uint64 energyMillijoules;
        bool energyEstimated;
        string device;
    }

    /// @notice Per-provider reputation counters, moved only by job outcomes.
    struct ProviderStats {
        uint32 completed;
        uint32 expired;
        uint32 disputesLost;
        uint32 disputesWon;
        uint32 released;
        uint64 gpuSeconds;
        uint128 earnedPoints;
    }

    /// @notice An allow-listed payment token and its HRTH value, used for collateral, bonds and work points.
    struct TokenConfig {
        bool allowed;
        uint128 hrthPerUnitWad;
    }

    event JobCreated(
        uint256 indexed jobId,
        address indexed requester,
        address indexed provider,
        address token,
        uint256 price,
        uint40 deadline,
        uint96 requiredStake,
        uint32 maxCarbon,
        string specCid
    );
    event JobCancelled(uint256 indexed jobId);
    event JobClaimed(uint256 indexed jobId, address indexed provider, uint256 collateral);
    event AttestationSubmitted(
        uint256 indexed jobId,
        address indexed provider,
        string resultCid,
        bytes32 outputRoot,
        uint64 gpuTimeMs,
        uint64 energyMillijoules,
        bool energyEstimated,
        string device,
        uint64 randomnessBlock
    );
    event JobFinalized(
        uint256 indexed jobId, address indexed provider, uint256 providerPayout, uint256 protocolFee, uint256 verifierFee
    );
    event JobExpired(uint256 indexed jobId, address indexed provider, uint256 refund, uint256 collateralSlashed);
    event JobReleased(uint256 indexed jobId, address indexed provider, uint256 collateralSlashed);
    event JobDisputed(uint256 indexed jobId, address indexed challenger);
    event JobRejected(uint256 indexed jobId, address indexed provider, uint256 refund, uint256 slashed);
    event JobVerified(uint256 indexed jobId, address indexed verifier);
    event Withdrawal(address indexed token, address indexed account, uint256 amount);
    event TokenConfigured(address indexed token, bool allowed, uint128 hrthPerUnitWad);
    event ParametersUpdated(
        uint16 protocolFeeBps,
        uint16 verifierFeeBps,
        uint16 collateralBps,
        uint16 expirySlashBps,
        uint16 disputeSlashBps,
        uint64 challengeWindow,
        address treasury
    );
    event DisputeCourtSet(address disputeCourt);

    error JobMarketUnauthorized(address caller);
    error JobMarketTokenNotAllowed(address token);
    error JobMarketInvalidPrice(uint256 price);
    error JobMarketInvalidDeadline(uint256 deadline, uint256 earliest, uint256 latest);
    error JobMarketInvalidSpec(uint256 length, uint256 maxLength);
    error JobMarketTransferAmountMismatch(uint256 expected, uint256 received);
    error JobMarketWrongStatus(uint256 jobId, JobStatus status, JobStatus expected);
    error JobMarketNotRequester(uint256 jobId, address caller);
    error JobMarketNotTargetProvider(uint256 jobId, address provider);
    error JobMarketNotProvider(uint256 jobId, address caller);
    error JobMarketProviderNotEligible(uint256 jobId, address provider);
    error JobMarketDeadlinePassed(uint256 jobId, uint256 deadline);
    error JobMarketDeadlineNotPassed(uint256 jobId, uint256 deadline);
    /// @notice The attestation for `jobId`, relayed by `relayer`, is not signed by the job's `provider`.
    error JobMarketInvalidSignature(uint256 jobId, address relayer, address provider);
    error JobMarketChallengeWindowOpen(uint256 jobId, uint256 windowEnd);
    error JobMarketChallengeWindowClosed(uint256 jobId, uint256 windowEnd);
    error JobMarketLengthMismatch(uint256 attestations, uint256 signatures);
    error JobMarketNothingToWithdraw(address token, address account);
    error JobMarketParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error JobMarketAlreadyConfigured();
    error JobMarketUnknownJob(uint256 jobId);

    /// @notice Creates a job and escrows `price` of `token` from the caller (after `approve`).
    function createJob(JobRequest calldata request) external returns (uint256 jobId);

    /// @notice Creates a job, approving the escrow with an EIP-2612 permit.
    function createJobWithPermit(
        JobRequest calldata request,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Cancels an open job; the escrow goes back to the requester at once.
    function cancelJob(uint256 jobId) external;

    /// @notice Claims an open job for the caller, locking collateral (>= 1.1x the price in HRTH) from its stake.
    function claimJob(uint256 jobId) external;

    /// @notice The job's provider gives back a job it cannot finish (its kernel overran the job's own wall-time
    /// limit on this hardware, the device was lost, the inputs could not be fetched) before the deadline. The
    /// job is open again for other providers (or only for the named one); the provider gets its collateral back
    /// less `expirySlashBps` of it scaled by the share of the claim-to-deadline time it held the job, paid to
    /// the requester, and is not jailed. Releasing at once costs almost nothing; holding a job until the
    /// deadline costs what expiry would.
    function releaseJob(uint256 jobId) external;

    /// @notice Submits a provider-signed attestation, before the job's deadline; anyone may relay it.
    function submitAttestation(Attestation calldata attestation, bytes calldata signature) external;

    /// @notice Submits several attestations in one transaction; reverts entirely if any is invalid.
    function submitAttestations(Attestation[] calldata attestations, bytes[] calldata signatures) external;

    /// @notice Pays the provider of a submitted job once its challenge window has passed. Anyone may call.
    function finalizeJob(uint256 jobId) external;

    /// @notice Finalizes several jobs; collateral, rewards and counters are settled once per run of jobs
    /// that share a provider.
    function finalizeJobs(uint256[] calldata jobIds) external;

    /// @notice Ends a job whose deadline passed: an open one is refunded; an assigned one is refunded and
    /// part of its provider's collateral is slashed to the requester. Anyone may call.
    function expireJob(uint256 jobId) external;

    /// @notice Withdraws what the caller is owed in `token` (payouts, refunds, fees).
    function withdraw(address token) external returns (uint256 amount);

    /// @notice Dispute court only: moves a submitted job within its window into dispute.
    function openDispute(uint256 jobId, address challenger) external returns (Job memory job);

    /// @notice Dispute court only: settles a dispute. At fault: the requester is refunded in full and the
    /// provider loses the job's collateral plus `disputeSlashBps` of its other stake (capped in code), sent to
    /// the court. Otherwise the job is finalized and paid.
    function settleDispute(uint256 jobId, bool providerAtFault) external returns (uint256 slashed);

    /// @notice Dispute court only: records that a sampled verifier re-executed the job and passed it.
    function recordVerification(uint256 jobId, address verifier) external;

    function getJob(uint256 jobId) external view returns (Job memory);
    function jobCount() external view returns (uint256);
    function providerStats(address provider) external view returns (ProviderStats memory);
    function owed(address token, address account) external view returns (uint256);
    function tokenConfig(address token) external view returns (TokenConfig memory);
    function challengeWindow() external view returns (uint64);
    function challengeWindowEnd(uint256 jobId) external view returns (uint256);
    function hrthValue(address token, uint256 amount) external view returns (uint256);
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32);
}
