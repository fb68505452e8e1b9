// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IProviderStaking} from "./interfaces/IProviderStaking.sol";

/// @title DisputeCourt
/// @notice Randomness for committees and sampling is the hash of a block mined after the triggering
/// transaction (it commits to that block's `prevrandao`); never `block.timestamp` or anything a party
/// chooses. The loser pays: a cheating provider loses collateral plus a capped share of stake, a wrong
/// challenger loses its bond, members who do not reveal are penalised.
contract DisputeCourt is IDisputeCourt, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 private constant BPS = 10_000;
    uint64 public constant RANDOMNESS_DELAY = 2;
    uint8 public constant MAX_COMMITTEE_SIZE = 9;
    uint32 public constant MIN_PHASE = 10 seconds;
    uint32 public constant MAX_PHASE = 3 days;
    /// @notice Time allowed for the committee draw in `maxDisputeDuration`.
    uint256 public constant DRAW_ALLOWANCE = 10 minutes;
    uint16 public constant MAX_BOND_BPS = 20_000;
    uint96 public constant MIN_BOND_FLOOR = 1e18; // cheap challenges cannot grief: every bond costs >= 1 HRTH
    uint96 public constant MAX_MIN_BOND = 1_000_000e18;
    uint16 public constant MAX_BOUNTY_BPS = 5_000;
    uint16 public constant MAX_COMMITTEE_REWARD_BPS = 3_000;
    uint96 public constant MAX_NON_REVEAL_PENALTY = 100_000e18;

    IJobMarket private immutable _market;
    IProviderStaking private immutable _staking;
    IERC20 private immutable _hrth;
    Parameters private _params;

    mapping(uint256 jobId => Dispute) private _disputes;
    mapping(uint256 jobId => address[]) private _committees;
    mapping(uint256 jobId => mapping(address member => bytes32)) private _commitments;
    mapping(uint256 jobId => mapping(address member => bool)) private _revealed;
    mapping(uint256 jobId => mapping(address member => bool)) private _votedFault;
    mapping(uint256 jobId => address) private _sampledVerifiers;

    constructor(IJobMarket market_, IProviderStaking staking_, address governor, Parameters memory params)
        Ownable(governor)
    {
        _market = market_;
        _staking = staking_;
        _hrth = IERC20(staking_.token());
        _setParameters(params);
    }

    /// @notice Governance: committee size, phases, bonds, bounty and rewards, penalty and sampling rate, each
    /// within its bound in code.
    function setParameters(Parameters calldata params) external onlyOwner {
        _setParameters(params);
        uint256 needed = uint256(_market.challengeWindow()) + maxDisputeDuration();
        uint256 unbonding = _staking.unbondingPeriod();
        if (needed >= unbonding) revert CourtParameterOutOfBounds("maxDisputeDuration", needed, 0, unbonding - 1);
    }

    /// @inheritdoc IDisputeCourt
    function challenge(uint256 jobId) external nonReentrant returns (uint256 bond) {
        IJobMarket.Job memory job = _market.openDispute(jobId, msg.sender);
        bond = _bond(job.token, job.price);
        uint64 drawBlock = uint64(block.number) + RANDOMNESS_DELAY;
        _disputes[jobId] = Dispute({
            challenger: msg.sender,
            bond: uint96(bond),
            drawBlock: drawBlock,
            commitDeadline: 0,
            revealDeadline: 0,
            status: DisputeStatus.AwaitingDraw,
            outcome: Outcome.None,
            commits: 0,
            faultVotes: 0,
            correctVotes: 0
        });
        _staking.disputeOpened(job.provider);
        emit DisputeOpened(jobId, msg.sender, bond, drawBlock, _sampledVerifiers[jobId] == msg.sender);
        _hrth.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IDisputeCourt
    function drawCommittee(uint256 jobId) external nonReentrant {
        Dispute storage d = _disputes[jobId];
        _expectStatus(jobId, d.status, DisputeStatus.AwaitingDraw);
        if (block.number <= d.drawBlock) revert CourtRandomnessNotReady(jobId, d.drawBlock, block.number);
        bytes32 blockHash = blockhash(d.drawBlock);
        if (blockHash == bytes32(0)) {
            // Older than 256 blocks: nobody can have picked this outcome, so simply draw from a new future block.
            d.drawBlock = uint64(block.number) + RANDOMNESS_DELAY;
            emit CommitteeDrawRescheduled(jobId, d.drawBlock);
            return;
        }
        IJobMarket.Job memory job = _market.getJob(jobId);
        address[] memory excluded = new address[](3);
        excluded[0] = job.provider;
        excluded[1] = d.challenger;
        excluded[2] = job.requester;
        address[] memory members =
            _staking.drawVerifiers(uint256(keccak256(abi.encode(blockHash, jobId, "committee"))), _params.committeeSize, excluded);
        if (members.length == 0) {
            // Nobody eligible to judge: the provider is presumed honest and the challenger gets its bond back.
            _settle(jobId, d, job, Outcome.Inconclusive);
            return;
        }
        _committees[jobId] = members;
        uint40 commitDeadline = uint40(block.timestamp + _params.commitPeriod);
        uint40 revealDeadline = commitDeadline + _params.revealPeriod;
        d.commitDeadline = commitDeadline;
        d.revealDeadline = revealDeadline;
        d.status = DisputeStatus.Voting;
        emit CommitteeDrawn(jobId, members, commitDeadline, revealDeadline);
    }

    /// @inheritdoc IDisputeCourt
    function commitVote(uint256 jobId, bytes32 commitment) external {
        Dispute storage d = _disputes[jobId];
        _expectStatus(jobId, d.status, DisputeStatus.Voting);
        if (!_isMember(jobId, msg.sender)) revert CourtNotCommitteeMember(jobId, msg.sender);
        if (block.timestamp >= d.commitDeadline) revert CourtCommitPhaseOver(jobId, d.commitDeadline);
        if (_commitments[jobId][msg.sender] != bytes32(0)) revert CourtAlreadyCommitted(jobId, msg.sender);
        // A zero commitment could be sent again and again, inflating `commits` and opening reveals early.
        if (commitment == bytes32(0)) revert CourtCommitmentMismatch(jobId, msg.sender);
        _commitments[jobId][msg.sender] = commitment;
        d.commits += 1;
        emit VoteCommitted(jobId, msg.sender);
    }

    /// @inheritdoc IDisputeCourt
    function revealVote(uint256 jobId, bool providerAtFault, bytes32 salt) external {
        Dispute storage d = _disputes[jobId];
        _expectStatus(jobId, d.status, DisputeStatus.Voting);
        if (block.timestamp < d.commitDeadline && d.commits < _committees[jobId].length) {
            revert CourtRevealNotOpen(jobId, d.commitDeadline);
        }
        if (block.timestamp >= d.revealDeadline) revert CourtRevealPhaseOver(jobId, d.revealDeadline);
        bytes32 commitment = _commitments[jobId][msg.sender];
        if (commitment == bytes32(0)) revert CourtNotCommitted(jobId, msg.sender);
        if (_revealed[jobId][msg.sender]) revert CourtAlreadyRevealed(jobId, msg.sender);
        if (commitment != commitmentFor(jobId, msg.sender, providerAtFault, salt)) {
            revert CourtCommitmentMismatch(jobId, msg.sender);
        }
        _revealed[jobId][msg.sender] = true;
        _votedFault[jobId][msg.sender] = providerAtFault;
        if (providerAtFault) d.faultVotes += 1;
        else d.correctVotes += 1;
        emit VoteRevealed(jobId, msg.sender, providerAtFault);
    }

    /// @inheritdoc IDisputeCourt
    function resolve(uint256 jobId) external nonReentrant {
        Dispute storage d = _disputes[jobId];
        _expectStatus(jobId, d.status, DisputeStatus.Voting);
        uint256 size = _committees[jobId].length;
        if (block.timestamp < d.revealDeadline && d.faultVotes + d.correctVotes < size) {
            revert CourtVotingNotOver(jobId, d.revealDeadline);
        }
        Outcome outcome;
        if (d.faultVotes + d.correctVotes == 0) outcome = Outcome.Inconclusive;
        else if (d.faultVotes > d.correctVotes) outcome = Outcome.ProviderAtFault;
        else outcome = Outcome.ChallengerWrong; // a tie keeps the presumption of honesty
        _settle(jobId, d, _market.getJob(jobId), outcome);
    }

    /// @inheritdoc IDisputeCourt
    function drawVerifier(uint256 jobId) external returns (address verifier) {
        if (_sampledVerifiers[jobId] != address(0)) revert CourtAlreadySampled(jobId, _sampledVerifiers[jobId]);
        bool sampled;
        (sampled, verifier) = previewSample(jobId);
        if (!sampled || verifier == address(0)) revert CourtNotSampled(jobId);
        _sampledVerifiers[jobId] = verifier;
        emit JobSampled(jobId, verifier);
    }

    /// @inheritdoc IDisputeCourt
    function passVerification(uint256 jobId) external {
        address verifier = _sampledVerifiers[jobId];
        if (msg.sender != verifier || verifier == address(0)) revert CourtNotSampledVerifier(jobId, msg.sender, verifier);
        uint256 windowEnd = _market.challengeWindowEnd(jobId);
        if (block.timestamp >= windowEnd) revert CourtWindowClosed(jobId, windowEnd);
        _market.recordVerification(jobId, verifier);
        emit VerificationPassed(jobId, verifier);
    }

    /// @inheritdoc IDisputeCourt
    function previewSample(uint256 jobId) public view returns (bool sampled, address verifier) {
        IJobMarket.Job memory job = _market.getJob(jobId);
        if (job.status != IJobMarket.JobStatus.Submitted) return (false, address(0));
        if (block.number <= job.randomnessBlock) {
            revert CourtRandomnessNotReady(jobId, job.randomnessBlock, block.number);
        }
        bytes32 blockHash = blockhash(job.randomnessBlock);
        if (blockHash == bytes32(0)) revert CourtRandomnessExpired(jobId, job.randomnessBlock);
        uint256 seed = uint256(keccak256(abi.encode(blockHash, jobId, "sample")));
        if (seed % BPS >= _params.samplingRateBps) return (false, address(0));
        address[] memory excluded = new address[](2);
        excluded[0] = job.provider;
        excluded[1] = job.requester;
        address[] memory drawn = _staking.drawVerifiers(seed, 1, excluded);
        return (true, drawn.length == 0 ? address(0) : drawn[0]);
    }

    /// @inheritdoc IDisputeCourt
    function getDispute(uint256 jobId) external view returns (Dispute memory) {
        return _disputes[jobId];
    }

    /// @inheritdoc IDisputeCourt
    function committee(uint256 jobId) external view returns (address[] memory) {
        return _committees[jobId];
    }

    /// @inheritdoc IDisputeCourt
    function sampledVerifier(uint256 jobId) external view returns (address) {
        return _sampledVerifiers[jobId];
    }

    /// @inheritdoc IDisputeCourt
    function bondFor(uint256 jobId) external view returns (uint256) {
        IJobMarket.Job memory job = _market.getJob(jobId);
        return _bond(job.token, job.price);
    }

    /// @inheritdoc IDisputeCourt
    function commitmentFor(uint256 jobId, address member, bool providerAtFault, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(jobId, member, providerAtFault, salt));
    }

    /// @inheritdoc IDisputeCourt
    function maxDisputeDuration() public view returns (uint256) {
        return DRAW_ALLOWANCE + _params.commitPeriod + _params.revealPeriod;
    }

    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    function _settle(uint256 jobId, Dispute storage d, IJobMarket.Job memory job, Outcome outcome) private {
        d.status = DisputeStatus.Resolved;
        d.outcome = outcome;
        Parameters memory p = _params;
        uint256 bond = d.bond;
        uint256 slashed;
        uint256 bounty;
        uint256 committeeReward;
        uint256 toProvider;
        uint256 toTreasury;

        if (outcome == Outcome.ProviderAtFault) {
            slashed = _market.settleDispute(jobId, true);
            bounty = slashed * p.bountyBps / BPS;
            committeeReward = slashed * p.committeeRewardBps / BPS;
            toTreasury = slashed - bounty - committeeReward;
            _hrth.safeTransfer(d.challenger, bond + bounty);
        } else if (outcome == Outcome.ChallengerWrong) {
            _market.settleDispute(jobId, false);
            toProvider = bond * p.providerBondShareBps / BPS;
            committeeReward = bond - toProvider;
            _hrth.safeTransfer(job.provider, toProvider);
        } else {
            _market.settleDispute(jobId, false);
            _hrth.safeTransfer(d.challenger, bond);
        }
        _staking.disputeClosed(job.provider);
        toTreasury += _payCommittee(jobId, outcome == Outcome.ProviderAtFault, committeeReward, p);
        if (toTreasury > 0) _hrth.safeTransfer(p.treasury, toTreasury);
        emit DisputeResolved(jobId, outcome, d.faultVotes, d.correctVotes, slashed, bounty, committeeReward, toProvider);
    }

    /// @dev Splits `reward` equally among the members who revealed the winning vote and penalises those who
    /// did not reveal. Returns the remainder of the division, for the treasury.
    function _payCommittee(uint256 jobId, bool faultWon, uint256 reward, Parameters memory p)
        private
        returns (uint256 remainder)
    {
        Dispute storage d = _disputes[jobId];
        uint256 winners = faultWon ? d.faultVotes : d.correctVotes;
        uint256 each = winners == 0 ? 0 : reward / winners;
        remainder = reward - each * winners;
        address[] storage members = _committees[jobId];
        for (uint256 i; i < members.length; ++i) {
            address member = members[i];
            if (!_revealed[jobId][member]) {
                uint256 penalty = _staking.slash(member, 0, p.nonRevealPenalty, p.treasury, true);
                emit NonRevealPenalized(jobId, member, penalty);
            } else if (each > 0 && _votedFault[jobId][member] == faultWon) {
                _hrth.safeTransfer(member, each);
            }
        }
    }

    function _bond(address token, uint256 price) private view returns (uint256) {
        uint256 proportional = _market.hrthValue(token, price) * _params.bondBps / BPS;
        return Math.max(proportional, _params.minBond);
    }

    function _isMember(uint256 jobId, address account) private view returns (bool) {
        address[] storage members = _committees[jobId];
        for (uint256 i; i < members.length; ++i) {
            if (members[i] == account) return true;
        }
        return false;
    }

    function _expectStatus(uint256 jobId, DisputeStatus status, DisputeStatus expected) private pure {
        if (status != expected) revert CourtWrongStatus(jobId, status, expected);
    }

    function _setParameters(Parameters memory p) private {
        _bound("committeeSize", p.committeeSize, 1, MAX_COMMITTEE_SIZE);
        _bound("commitPeriod", p.commitPeriod, MIN_PHASE, MAX_PHASE);
        _bound("revealPeriod", p.revealPeriod, MIN_PHASE, MAX_PHASE);
        _bound("bondBps", p.bondBps, 0, MAX_BOND_BPS);
        _bound("minBond", p.minBond, MIN_BOND_FLOOR, MAX_MIN_BOND);
        _bound("bountyBps", p.bountyBps, 0, MAX_BOUNTY_BPS);
        _bound("committeeRewardBps", p.committeeRewardBps, 0, MAX_COMMITTEE_REWARD_BPS);
        _bound("providerBondShareBps", p.providerBondShareBps, 0, BPS);
        _bound("nonRevealPenalty", p.nonRevealPenalty, 0, MAX_NON_REVEAL_PENALTY);
        _bound("samplingRateBps", p.samplingRateBps, 0, BPS);
        if (p.treasury == address(0)) revert CourtParameterOutOfBounds("treasury", 0, 1, type(uint160).max);
        _params = p;
        emit ParametersUpdated(p);
    }

    function _bound(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert CourtParameterOutOfBounds(name, value, min, max);
    }
}
