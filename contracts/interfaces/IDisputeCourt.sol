// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dispute court
/// @notice Challenges with a bond, stake-weighted committees drawn from randomness fixed after the challenge,
/// commit-reveal votes and payouts; plus sampled verification of submitted jobs by a drawn verifier.
interface IDisputeCourt {
    enum DisputeStatus {
        None,
        AwaitingDraw,
        Voting,
        Resolved
    }

    enum Outcome {
        None,
        ProviderAtFault,
        ChallengerWrong,
        Inconclusive
    }

    struct Dispute {
        address challenger;
        uint96 bond;
        uint64 drawBlock;
        uint40 commitDeadline;
        uint40 revealDeadline;
        DisputeStatus status;
        Outcome outcome;
        uint8 commits;
        uint8 faultVotes;
        uint8 correctVotes;
    }

    struct Parameters {
        uint8 committeeSize;
        uint32 commitPeriod;
        uint32 revealPeriod;
        uint16 bondBps;
        uint96 minBond;
        uint16 bountyBps;
        uint16 committeeRewardBps;
        uint16 providerBondShareBps;
        uint96 nonRevealPenalty;
        uint16 samplingRateBps;
        address treasury;
    }

    event DisputeOpened(
        uint256 indexed jobId, address indexed challenger, uint256 bond, uint64 drawBlock, bool bySampledVerifier
    );
    event CommitteeDrawRescheduled(uint256 indexed jobId, uint64 drawBlock);
    event CommitteeDrawn(uint256 indexed jobId, address[] members, uint40 commitDeadline, uint40 revealDeadline);
    event VoteCommitted(uint256 indexed jobId, address indexed member);
    event VoteRevealed(uint256 indexed jobId, address indexed member, bool providerAtFault);
    event NonRevealPenalized(uint256 indexed jobId, address indexed member, uint256 penalty);
    /// @notice `slashed` is what the provider lost; `bounty` went to the challenger on top of its bond;
    /// `committeeReward` was split among the majority; `toProvider` is the provider's share of a lost bond.
    event DisputeResolved(
        uint256 indexed jobId,
        Outcome outcome,
        uint8 faultVotes,
        uint8 correctVotes,
        uint256 slashed,
        uint256 bounty,
        uint256 committeeReward,
        uint256 toProvider
    );
    event JobSampled(uint256 indexed jobId, address indexed verifier);
    event VerificationPassed(uint256 indexed jobId, address indexed verifier);
    event ParametersUpdated(Parameters parameters);

    error CourtWrongStatus(uint256 jobId, DisputeStatus status, DisputeStatus expected);
    error CourtRandomnessNotReady(uint256 jobId, uint256 randomnessBlock, uint256 currentBlock);
    error CourtRandomnessExpired(uint256 jobId, uint256 randomnessBlock);
    error CourtNotSampled(uint256 jobId);
    error CourtAlreadySampled(uint256 jobId, address verifier);
    error CourtNotSampledVerifier(uint256 jobId, address caller, address verifier);
    error CourtWindowClosed(uint256 jobId, uint256 windowEnd);
    error CourtNotCommitteeMember(uint256 jobId, address caller);
    error CourtCommitPhaseOver(uint256 jobId, uint256 commitDeadline);
    error CourtAlreadyCommitted(uint256 jobId, address member);
    error CourtRevealNotOpen(uint256 jobId, uint256 commitDeadline);
    error CourtRevealPhaseOver(uint256 jobId, uint256 revealDeadline);
    error CourtNotCommitted(uint256 jobId, address member);
    error CourtAlreadyRevealed(uint256 jobId, address member);
    error CourtCommitmentMismatch(uint256 jobId, address member);
    error CourtVotingNotOver(uint256 jobId, uint256 revealDeadline);
    error CourtParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);

    /// @notice Challenges a submitted job within its window, posting a bond in HRTH (after `approve`).
    function challenge(uint256 jobId) external returns (uint256 bond);

    /// @notice Draws the committee from the hash of the dispute's draw block; anyone may call once that block
    /// exists. If more than 256 blocks passed, the draw moves to a new future block instead.
    function drawCommittee(uint256 jobId) external;

    /// @notice Commits a committee vote: keccak256(abi.encode(jobId, member, providerAtFault, salt)). A zero
    /// commitment is refused with `CourtCommitmentMismatch`.
    function commitVote(uint256 jobId, bytes32 commitment) external;

    /// @notice Reveals a committed vote, once the commit phase is over or every member has committed.
    function revealVote(uint256 jobId, bool providerAtFault, bytes32 salt) external;

    /// @notice Settles a dispute after the reveal phase (or once every member revealed). Anyone may call.
    function resolve(uint256 jobId) external;

    /// @notice Decides whether a submitted job is sampled (from its randomness block's hash) and, if so,
    /// records the verifier drawn by stake weight. Anyone may call.
    function drawVerifier(uint256 jobId) external returns (address verifier);

    /// @notice The drawn verifier re-executed the job and found it correct.
    function passVerification(uint256 jobId) external;

    /// @notice What `drawVerifier` would decide now, without a transaction.
    function previewSample(uint256 jobId) external view returns (bool sampled, address verifier);

    function getDispute(uint256 jobId) external view returns (Dispute memory);
    function committee(uint256 jobId) external view returns (address[] memory);
    function sampledVerifier(uint256 jobId) external view returns (address);
    function bondFor(uint256 jobId) external view returns (uint256);
    function commitmentFor(uint256 jobId, address member, bool providerAtFault, bytes32 salt)
        external
        pure
        returns (bytes32);

    /// @notice The longest a dispute can take from challenge to resolution, given the current phases.
    function maxDisputeDuration() external view returns (uint256);
}
