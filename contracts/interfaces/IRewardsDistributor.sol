// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Rewards distributor
/// @notice Each epoch mints a decaying emission of HRTH, split among providers in proportion to their
/// finalized work points (the HRTH value of fees paid for their finalized jobs). A provider slashed in an
/// epoch forfeits that epoch's rewards. Accounting is O(1) per job; claims are O(epochs claimed).
interface IRewardsDistributor {
    event WorkRecorded(uint256 indexed epoch, address indexed provider, uint256 points, uint256 epochPoints);
    event RewardsForfeited(uint256 indexed epoch, address indexed provider);
    event RewardsClaimed(uint256 indexed epoch, address indexed provider, uint256 amount);

    error RewardsUnauthorized(address caller);
    error RewardsEpochNotOver(uint256 epoch, uint256 currentEpoch);
    error RewardsAlreadyClaimed(uint256 epoch, address provider);
    error RewardsForfeitedInEpoch(uint256 epoch, address provider);
    error RewardsNothingToClaim(uint256 epoch, address provider);
    error RewardsParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error RewardsAlreadyConfigured();

    /// @notice Job market only: adds `points` of finalized work for `provider` in the current epoch.
    function recordWork(address provider, uint256 points) external;

    /// @notice Staking only: `provider` was slashed; it forfeits the current epoch's rewards.
    function forfeit(address provider) external;

    /// @notice Mints the caller's rewards for each of `epochs` (all must be over).
    function claim(uint256[] calldata epochs) external returns (uint256 total);

    /// @notice The epoch `timestamp` falls in.
    function epochAt(uint256 timestamp) external view returns (uint256);

    function currentEpoch() external view returns (uint256);

    /// @notice The HRTH emitted for `epoch`: initialEmission * decay^epoch.
    function emissionForEpoch(uint256 epoch) external view returns (uint256);

    /// @notice What `provider` can claim for `epoch` (zero if not over, forfeited or claimed).
    function claimable(uint256 epoch, address provider) external view returns (uint256);

    function epochPoints(uint256 epoch) external view returns (uint256);
    function providerPoints(uint256 epoch, address provider) external view returns (uint256);
    function isForfeited(uint256 epoch, address provider) external view returns (bool);
    function isClaimed(uint256 epoch, address provider) external view returns (bool);
}
