// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Provider staking
/// @notice Providers register metadata and stake HRTH. The job market locks part of the stake as collateral
/// for each job; unstaking goes through an unbonding period during which the stake can still be slashed.
/// A slashed provider is jailed (takes no jobs) for `jailPeriod`.
interface IProviderStaking {
    /// @notice A provider's stake and standing. `bonded` includes `locked`.
    struct Provider {
        uint128 bonded;
        uint128 locked;
        uint128 unbonding;
        uint64 unbondingEnd;
        uint64 jailedUntil;
        uint32 carbonIntensity;
        bool registered;
        bool verifier;
        uint16 openDisputes;
    }

    event ProviderRegistered(address indexed provider, string metadataCid, uint32 carbonIntensity);
    event ProviderMetadataUpdated(address indexed provider, string metadataCid, uint32 carbonIntensity);
    event Staked(address indexed provider, uint256 amount, uint256 bonded);
    event UnstakeRequested(address indexed provider, uint256 amount, uint256 unbonding, uint64 unbondingEnd);
    event Withdrawn(address indexed provider, uint256 amount);
    event CollateralLocked(address indexed provider, uint256 amount, uint256 locked);
    event CollateralUnlocked(address indexed provider, uint256 amount, uint256 locked);
    /// @notice `amount` was slashed (`fromLocked` of it from job collateral) and sent to `recipient`.
    event Slashed(
        address indexed provider, uint256 amount, uint256 fromLocked, address indexed recipient, uint64 jailedUntil
    );
    event VerifierStatusChanged(address indexed provider, bool verifier);
    event ParametersUpdated(uint256 minStake, uint64 unbondingPeriod, uint64 jailPeriod);
    event ProtocolContractsSet(address jobMarket, address disputeCourt, address rewards);

    error StakingUnauthorized(address caller);
    error StakingAlreadyRegistered(address provider);
    error StakingNotRegistered(address provider);
    error StakingInvalidMetadata(uint256 length, uint256 maxLength);
    error StakingCarbonIntensityTooHigh(uint32 carbonIntensity, uint32 max);
    error StakingZeroAmount();
    error StakingInsufficientFreeStake(uint256 free, uint256 needed);
    error StakingUnbondingNotOver(uint64 unbondingEnd, uint64 nowTime);
    error StakingNothingToWithdraw();
    error StakingJailed(address provider, uint64 jailedUntil);
    error StakingBelowMinimum(uint256 bonded, uint256 minStake);
    error StakingTooManyVerifiers(uint256 max);
    error StakingParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    error StakingAlreadyConfigured();
    error StakingInsufficientLocked(uint256 locked, uint256 needed);
    error StakingWithdrawalFrozen(address provider, uint256 openDisputes);

    /// @notice Registers the caller as a provider with a metadata CID (JSON on IPFS) and its declared carbon
    /// intensity in gCO2/kWh.
    function register(string calldata metadataCid, uint32 carbonIntensity) external;

    /// @notice Replaces the caller's metadata CID and carbon intensity.
    function updateMetadata(string calldata metadataCid, uint32 carbonIntensity) external;

    /// @notice Adds `amount` HRTH to the caller's bonded stake (after `approve`).
    function stake(uint256 amount) external;

    /// @notice Adds `amount` HRTH to the caller's bonded stake with an EIP-2612 permit instead of `approve`.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Moves `amount` of free (unlocked) stake into unbonding; it can be withdrawn after
    /// `unbondingPeriod` and can be slashed until then. A new request restarts the unbonding clock.
    function requestUnstake(uint256 amount) external;

    /// @notice Withdraws all unbonded stake once the unbonding period is over.
    function withdraw() external;

    /// @notice Opts the caller in or out of verification (sampled re-execution and dispute committees).
    function setVerifier(bool enabled) external;

    /// @notice Locks `amount` of `provider`'s free stake as collateral for a job. Job market only.
    function lockCollateral(address provider, uint256 amount) external;

    /// @notice Releases `amount` of `provider`'s locked collateral. Job market only.
    function unlockCollateral(address provider, uint256 amount) external;

    /// @notice Slashes `fromLocked` of the provider's locked collateral plus up to `fromStake` of its other
    /// stake (free first, then unbonding), sends it to `recipient` and, if `jail`, jails the provider.
    /// Job market and dispute court only. Never takes more than the provider has.
    /// @return slashed The total amount taken.
    function slash(address provider, uint256 fromLocked, uint256 fromStake, address recipient, bool jail)
        external
        returns (uint256 slashed);

    /// @notice Dispute court only: a dispute against `provider` opened; withdrawals freeze until it closes,
    /// so stake that is unbonding cannot leave before the verdict.
    function disputeOpened(address provider) external;

    /// @notice Dispute court only: a dispute against `provider` closed.
    function disputeClosed(address provider) external;

    /// @notice Draws up to `count` distinct verifiers with probability proportional to bonded stake, from
    /// `seed`, skipping `excluded` accounts and verifiers that are jailed or under the minimum stake.
    function drawVerifiers(uint256 seed, uint256 count, address[] calldata excluded)
        external
        view
        returns (address[] memory drawn);

    /// @notice Whether `provider` may take a job needing `requiredStake` and at most `maxCarbon` gCO2/kWh
    /// (0 = no cap).
    function isEligible(address provider, uint256 requiredStake, uint32 maxCarbon) external view returns (bool);

    function getProvider(address provider) external view returns (Provider memory);
    function metadataCid(address provider) external view returns (string memory);
    function freeStake(address provider) external view returns (uint256);
    function verifiers() external view returns (address[] memory);
    function minStake() external view returns (uint256);
    function unbondingPeriod() external view returns (uint64);
    function jailPeriod() external view returns (uint64);
    function token() external view returns (address);
}
