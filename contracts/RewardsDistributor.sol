// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IHearthToken} from "./interfaces/IHearthToken.sol";
import {IRewardsDistributor} from "./interfaces/IRewardsDistributor.sol";

/// @title RewardsDistributor
/// @notice The emission schedule is fixed at deployment (no governance knob): epoch length, first-epoch
/// emission and per-epoch decay, each within bounds in code; the token's own cap bounds the total.
contract RewardsDistributor is IRewardsDistributor, Ownable {
    uint256 private constant WAD = 1e18;
    uint256 private constant BPS = 10_000;
    uint256 public constant MIN_EPOCH_LENGTH = 10 seconds;
    uint256 public constant MAX_EPOCH_LENGTH = 30 days;
    uint256 public constant MAX_INITIAL_EMISSION = 10_000_000e18;
    uint256 public constant MIN_DECAY_BPS = 5_000;
    uint256 public constant MAX_DECAY_BPS = 9_999; // emissions must decay

    IHearthToken private immutable _token;
    uint256 public immutable genesisTime;
    uint256 public immutable epochLength;
    uint256 public immutable initialEmission;
    uint256 public immutable decayBps;

    address private _jobMarket;
    address private _staking;

    mapping(uint256 epoch => uint256) private _epochPoints;
    mapping(uint256 epoch => mapping(address provider => uint256)) private _points;
    mapping(uint256 epoch => mapping(address provider => bool)) private _forfeited;
    mapping(uint256 epoch => mapping(address provider => bool)) private _claimed;

    constructor(IHearthToken token_, address deployer, uint256 epochLength_, uint256 initialEmission_, uint256 decayBps_)
        Ownable(deployer)
    {
        if (epochLength_ < MIN_EPOCH_LENGTH || epochLength_ > MAX_EPOCH_LENGTH) {
            revert RewardsParameterOutOfBounds("epochLength", epochLength_, MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH);
        }
        if (initialEmission_ > MAX_INITIAL_EMISSION) {
            revert RewardsParameterOutOfBounds("initialEmission", initialEmission_, 0, MAX_INITIAL_EMISSION);
        }
        if (decayBps_ < MIN_DECAY_BPS || decayBps_ > MAX_DECAY_BPS) {
            revert RewardsParameterOutOfBounds("decayBps", decayBps_, MIN_DECAY_BPS, MAX_DECAY_BPS);
        }
        _token = token_;
        genesisTime = block.timestamp;
        epochLength = epochLength_;
        initialEmission = initialEmission_;
        decayBps = decayBps_;
    }

    /// @notice Wires the job market and staking contracts, once; then ownership is renounced.
    function setProtocolContracts(address jobMarket_, address staking_) external onlyOwner {
        if (_jobMarket != address(0)) revert RewardsAlreadyConfigured();
        _jobMarket = jobMarket_;
        _staking = staking_;
        renounceOwnership();
    }

    /// @inheritdoc IRewardsDistributor
    function recordWork(address provider, uint256 points) external {
        if (msg.sender != _jobMarket) revert RewardsUnauthorized(msg.sender);
        uint256 epoch = currentEpoch();
        uint256 total = _epochPoints[epoch] + points;
        _epochPoints[epoch] = total;
        _points[epoch][provider] += points;
        emit WorkRecorded(epoch, provider, points, total);
    }

    /// @inheritdoc IRewardsDistributor
    function forfeit(address provider) external {
        if (msg.sender != _staking) revert RewardsUnauthorized(msg.sender);
        uint256 epoch = currentEpoch();
        if (_forfeited[epoch][provider]) return;
        _forfeited[epoch][provider] = true;
        emit RewardsForfeited(epoch, provider);
    }

    /// @inheritdoc IRewardsDistributor
    function claim(uint256[] calldata epochs) external returns (uint256 total) {
        uint256 current = currentEpoch();
        for (uint256 i; i < epochs.length; ++i) {
            uint256 epoch = epochs[i];
            if (epoch >= current) revert RewardsEpochNotOver(epoch, current);
            if (_claimed[epoch][msg.sender]) revert RewardsAlreadyClaimed(epoch, msg.sender);
            if (_forfeited[epoch][msg.sender]) revert RewardsForfeitedInEpoch(epoch, msg.sender);
            uint256 amount = _share(epoch, msg.sender);
            if (amount == 0) revert RewardsNothingToClaim(epoch, msg.sender);
            _claimed[epoch][msg.sender] = true;
            total += amount;
            emit RewardsClaimed(epoch, msg.sender, amount);
        }
        _token.mint(msg.sender, total);
    }

    /// @inheritdoc IRewardsDistributor
    function epochAt(uint256 timestamp) public view returns (uint256) {
        if (timestamp < genesisTime) return 0;
        return (timestamp - genesisTime) / epochLength;
    }

    /// @inheritdoc IRewardsDistributor
    function currentEpoch() public view returns (uint256) {
        return epochAt(block.timestamp);
    }

    /// @inheritdoc IRewardsDistributor
    function emissionForEpoch(uint256 epoch) public view returns (uint256) {
        return Math.mulDiv(initialEmission, _rpow(decayBps * 1e14, epoch), WAD);
    }

    /// @inheritdoc IRewardsDistributor
    function claimable(uint256 epoch, address provider) external view returns (uint256) {
        if (epoch >= currentEpoch() || _claimed[epoch][provider] || _forfeited[epoch][provider]) return 0;
        return _share(epoch, provider);
    }

    /// @inheritdoc IRewardsDistributor
    function epochPoints(uint256 epoch) external view returns (uint256) {
        return _epochPoints[epoch];
    }

    /// @inheritdoc IRewardsDistributor
    function providerPoints(uint256 epoch, address provider) external view returns (uint256) {
        return _points[epoch][provider];
    }

    /// @inheritdoc IRewardsDistributor
    function isForfeited(uint256 epoch, address provider) external view returns (bool) {
        return _forfeited[epoch][provider];
    }

    /// @inheritdoc IRewardsDistributor
    function isClaimed(uint256 epoch, address provider) external view returns (bool) {
        return _claimed[epoch][provider];
    }

    function _share(uint256 epoch, address provider) private view returns (uint256) {
        uint256 total = _epochPoints[epoch];
        if (total == 0) return 0;
        return Math.mulDiv(emissionForEpoch(epoch), _points[epoch][provider], total);
    }

    /// @dev x^n for a WAD-scaled x <= 1, by squaring: O(log n).
    function _rpow(uint256 x, uint256 n) private pure returns (uint256 z) {
        z = n % 2 != 0 ? x : WAD;
        for (n /= 2; n != 0; n /= 2) {
            x = x * x / WAD;
            if (n % 2 != 0) z = z * x / WAD;
        }
    }
}
