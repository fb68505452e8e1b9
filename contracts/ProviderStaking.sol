// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IProviderStaking} from "./interfaces/IProviderStaking.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IRewardsDistributor} from "./interfaces/IRewardsDistributor.sol";

/// @title ProviderStaking
/// @notice Stake, collateral, unbonding, slashing and jailing for Hearth providers.
contract ProviderStaking is IProviderStaking, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Longest CID accepted for provider metadata.
    uint256 public constant MAX_METADATA_LENGTH = 128;
    /// @notice Highest declarable carbon intensity, gCO2/kWh (coal is about 1,000).
    uint32 public constant MAX_CARBON_INTENSITY = 2_000;
    /// @notice Most verifiers at once: keeps every stake-weighted draw bounded in gas.
    uint256 public constant MAX_VERIFIERS = 64;
    uint256 public constant MAX_MIN_STAKE = 10_000_000e18;
    uint64 public constant MAX_UNBONDING_PERIOD = 60 days;
    uint64 public constant MIN_JAIL_PERIOD = 1 minutes;
    uint64 public constant MAX_JAIL_PERIOD = 90 days;

    IERC20 private immutable _token;
    IJobMarket private _jobMarket;
    IDisputeCourt private _disputeCourt;
    IRewardsDistributor private _rewards;

    uint256 private _minStake;
    uint64 private _unbondingPeriod;
    uint64 private _jailPeriod;

    mapping(address provider => Provider) private _providers;
    mapping(address provider => string) private _metadataCids;
    address[] private _verifierList;

    constructor(IERC20 token_, address governor, uint256 minStake_, uint64 unbondingPeriod_, uint64 jailPeriod_)
        Ownable(governor)
    {
        _token = token_;
        _checkBounds("minStake", minStake_, 1, MAX_MIN_STAKE);
        _checkBounds("jailPeriod", jailPeriod_, MIN_JAIL_PERIOD, MAX_JAIL_PERIOD);
        _checkBounds("unbondingPeriod", unbondingPeriod_, 1, MAX_UNBONDING_PERIOD);
        _minStake = minStake_;
        _unbondingPeriod = unbondingPeriod_;
        _jailPeriod = jailPeriod_;
        emit ParametersUpdated(minStake_, unbondingPeriod_, jailPeriod_);
    }

    modifier onlyJobMarket() {
        if (msg.sender != address(_jobMarket)) revert StakingUnauthorized(msg.sender);
        _;
    }

    /// @notice Wires the other protocol contracts. Once, by the governor; unbonding must outlast a challenge
    /// window plus a whole dispute, so a provider cannot unbond its way out of a slash.
    function setProtocolContracts(IJobMarket jobMarket_, IDisputeCourt disputeCourt_, IRewardsDistributor rewards_)
        external
        onlyOwner
    {
        if (address(_jobMarket) != address(0)) revert StakingAlreadyConfigured();
        _jobMarket = jobMarket_;
        _disputeCourt = disputeCourt_;
        _rewards = rewards_;
        _checkUnbondingOutlastsDisputes(_unbondingPeriod);
        emit ProtocolContractsSet(address(jobMarket_), address(disputeCourt_), address(rewards_));
    }

    /// @notice Governance: minimum stake, unbonding and jail periods, each within its bound in code.
    function setParameters(uint256 minStake_, uint64 unbondingPeriod_, uint64 jailPeriod_) external onlyOwner {
        _checkBounds("minStake", minStake_, 1, MAX_MIN_STAKE);
        _checkBounds("jailPeriod", jailPeriod_, MIN_JAIL_PERIOD, MAX_JAIL_PERIOD);
        _checkBounds("unbondingPeriod", unbondingPeriod_, 1, MAX_UNBONDING_PERIOD);
        if (address(_jobMarket) != address(0)) _checkUnbondingOutlastsDisputes(unbondingPeriod_);
        _minStake = minStake_;
        _unbondingPeriod = unbondingPeriod_;
        _jailPeriod = jailPeriod_;
        emit ParametersUpdated(minStake_, unbondingPeriod_, jailPeriod_);
    }

    /// @inheritdoc IProviderStaking
    function register(string calldata metadataCid_, uint32 carbonIntensity) external {
        Provider storage p = _providers[msg.sender];
        if (p.registered) revert StakingAlreadyRegistered(msg.sender);
        _checkMetadata(metadataCid_, carbonIntensity);
        p.registered = true;
        p.carbonIntensity = carbonIntensity;
        _metadataCids[msg.sender] = metadataCid_;
        emit ProviderRegistered(msg.sender, metadataCid_, carbonIntensity);
    }

    /// @inheritdoc IProviderStaking
    function updateMetadata(string calldata metadataCid_, uint32 carbonIntensity) external {
        Provider storage p = _providers[msg.sender];
        if (!p.registered) revert StakingNotRegistered(msg.sender);
        _checkMetadata(metadataCid_, carbonIntensity);
        p.carbonIntensity = carbonIntensity;
        _metadataCids[msg.sender] = metadataCid_;
        emit ProviderMetadataUpdated(msg.sender, metadataCid_, carbonIntensity);
    }

    /// @inheritdoc IProviderStaking
    function stake(uint256 amount) external nonReentrant {
        _stake(amount);
    }

    /// @inheritdoc IProviderStaking
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // A permit front-run by someone else still leaves the allowance in place: ignore its failure and let
        // the transfer decide.
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _stake(amount);
    }

    /// @inheritdoc IProviderStaking
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert StakingZeroAmount();
        Provider storage p = _providers[msg.sender];
        uint256 free = p.bonded - p.locked;
        if (amount > free) revert StakingInsufficientFreeStake(free, amount);
        // Cannot underflow: amount <= free <= bonded. Cannot overflow: unbonding + amount <= total staked supply.
        unchecked {
            p.bonded -= uint128(amount);
            p.unbonding += uint128(amount);
        }
        uint64 end = uint64(block.timestamp) + _unbondingPeriod;
        p.unbondingEnd = end;
        if (p.verifier && p.bonded < _minStake) _removeVerifier(msg.sender, p);
        emit UnstakeRequested(msg.sender, amount, p.unbonding, end);
    }

    /// @inheritdoc IProviderStaking
    function withdraw() external nonReentrant {
        Provider storage p = _providers[msg.sender];
        uint256 amount = p.unbonding;
        if (amount == 0) revert StakingNothingToWithdraw();
        if (p.openDisputes > 0) revert StakingWithdrawalFrozen(msg.sender, p.openDisputes);
        if (block.timestamp < p.unbondingEnd) revert StakingUnbondingNotOver(p.unbondingEnd, uint64(block.timestamp));
        p.unbonding = 0;
        p.unbondingEnd = 0;
        _token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /// @inheritdoc IProviderStaking
    function setVerifier(bool enabled) external {
        Provider storage p = _providers[msg.sender];
        if (p.verifier == enabled) return;
        if (enabled) {
            if (!p.registered) revert StakingNotRegistered(msg.sender);
            if (p.bonded < _minStake) revert StakingBelowMinimum(p.bonded, _minStake);
            if (_verifierList.length >= MAX_VERIFIERS) revert StakingTooManyVerifiers(MAX_VERIFIERS);
            p.verifier = true;
            _verifierList.push(msg.sender);
            emit VerifierStatusChanged(msg.sender, true);
        } else {
            _removeVerifier(msg.sender, p);
        }
    }

    /// @inheritdoc IProviderStaking
    function lockCollateral(address provider, uint256 amount) external onlyJobMarket {
        Provider storage p = _providers[provider];
        if (!p.registered) revert StakingNotRegistered(provider);
        if (p.jailedUntil > block.timestamp) revert StakingJailed(provider, p.jailedUntil);
        uint256 free = p.bonded - p.locked;
        if (amount > free) revert StakingInsufficientFreeStake(free, amount);
        // Cannot overflow: locked + amount <= bonded.
        unchecked {
            p.locked += uint128(amount);
        }
        emit CollateralLocked(provider, amount, p.locked);
    }

    /// @inheritdoc IProviderStaking
    function unlockCollateral(address provider, uint256 amount) external onlyJobMarket {
        Provider storage p = _providers[provider];
        if (amount > p.locked) revert StakingInsufficientLocked(p.locked, amount);
        // Cannot underflow: checked above.
        unchecked {
            p.locked -= uint128(amount);
        }
        emit CollateralUnlocked(provider, amount, p.locked);
    }

    /// @inheritdoc IProviderStaking
    function slash(address provider, uint256 fromLocked, uint256 fromStake, address recipient, bool jail)
        external
        nonReentrant
        returns (uint256 slashed)
    {
        if (msg.sender != address(_jobMarket) && msg.sender != address(_disputeCourt)) {
            revert StakingUnauthorized(msg.sender);
        }
        Provider storage p = _providers[provider];
        slashed = _take(p, fromLocked, fromStake);
        uint64 jailedUntil = p.jailedUntil;
        if (jail) {
            jailedUntil = uint64(block.timestamp) + _jailPeriod;
            p.jailedUntil = jailedUntil;
            _rewards.forfeit(provider);
        }
        if (p.verifier && (jail || p.bonded < _minStake)) _removeVerifier(provider, p);
        emit Slashed(provider, slashed, fromLocked, recipient, jailedUntil);
        if (slashed > 0) _token.safeTransfer(recipient, slashed);
    }

    /// @inheritdoc IProviderStaking
    function disputeOpened(address provider) external {
        if (msg.sender != address(_disputeCourt)) revert StakingUnauthorized(msg.sender);
        _providers[provider].openDisputes += 1;
    }

    /// @inheritdoc IProviderStaking
    function disputeClosed(address provider) external {
        if (msg.sender != address(_disputeCourt)) revert StakingUnauthorized(msg.sender);
        _providers[provider].openDisputes -= 1;
    }

    /// @inheritdoc IProviderStaking
    function drawVerifiers(uint256 seed, uint256 count, address[] calldata excluded)
        external
        view
        returns (address[] memory drawn)
    {
        uint256 n = _verifierList.length;
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            address v = _verifierList[i];
            if (_isExcluded(v, excluded)) continue;
            Provider storage p = _providers[v];
            if (p.jailedUntil > block.timestamp || p.bonded < _minStake) continue;
            weights[i] = p.bonded;
            total += p.bonded;
        }
        address[] memory picked = new address[](count);
        uint256 found;
        for (; found < count && total > 0; ++found) {
            uint256 target = uint256(keccak256(abi.encode(seed, found))) % total;
            uint256 i;
            // Terminates: target < total = sum(weights), so some prefix sum passes it.
            while (target >= weights[i]) {
                target -= weights[i];
                ++i;
            }
            picked[found] = _verifierList[i];
            total -= weights[i];
            weights[i] = 0; // without replacement
        }
        drawn = new address[](found);
        for (uint256 i; i < found; ++i) {
            drawn[i] = picked[i];
        }
    }

    /// @inheritdoc IProviderStaking
    function isEligible(address provider, uint256 requiredStake, uint32 maxCarbon) external view returns (bool) {
        Provider storage p = _providers[provider];
        uint256 needed = requiredStake > _minStake ? requiredStake : _minStake;
        return p.registered && p.jailedUntil <= block.timestamp && p.bonded >= needed
            && (maxCarbon == 0 || p.carbonIntensity <= maxCarbon);
    }

    /// @inheritdoc IProviderStaking
    function getProvider(address provider) external view returns (Provider memory) {
        return _providers[provider];
    }

    /// @inheritdoc IProviderStaking
    function metadataCid(address provider) external view returns (string memory) {
        return _metadataCids[provider];
    }

    /// @inheritdoc IProviderStaking
    function freeStake(address provider) external view returns (uint256) {
        Provider storage p = _providers[provider];
        return p.bonded - p.locked;
    }

    /// @inheritdoc IProviderStaking
    function verifiers() external view returns (address[] memory) {
        return _verifierList;
    }

    /// @inheritdoc IProviderStaking
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IProviderStaking
    function unbondingPeriod() external view returns (uint64) {
        return _unbondingPeriod;
    }

    /// @inheritdoc IProviderStaking
    function jailPeriod() external view returns (uint64) {
        return _jailPeriod;
    }

    /// @inheritdoc IProviderStaking
    function token() external view returns (address) {
        return address(_token);
    }

    function _stake(uint256 amount) private {
        if (amount == 0) revert StakingZeroAmount();
        Provider storage p = _providers[msg.sender];
        if (!p.registered) revert StakingNotRegistered(msg.sender);
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        // HRTH takes no fee on transfer, but never credit more than actually arrived.
        uint256 received = _token.balanceOf(address(this)) - before;
        p.bonded = (uint256(p.bonded) + received).toUint128();
        emit Staked(msg.sender, received, p.bonded);
    }

    /// @dev Takes `fromLocked` of locked collateral, then up to `fromStake` from free stake, then from stake
    /// that is unbonding: unbonding never escapes a slash. Never more than the provider has.
    function _take(Provider storage p, uint256 fromLocked, uint256 fromStake) private returns (uint256) {
        uint256 bonded = p.bonded;
        uint256 locked = p.locked;
        uint256 unbonding = p.unbonding;
        if (fromLocked > locked) revert StakingInsufficientLocked(locked, fromLocked);
        uint256 free = bonded - locked;
        uint256 fromFree = fromStake < free ? fromStake : free;
        uint256 rest = fromStake - fromFree;
        uint256 fromUnbonding = rest < unbonding ? rest : unbonding;
        p.locked = (locked - fromLocked).toUint128();
        p.bonded = (bonded - fromLocked - fromFree).toUint128();
        p.unbonding = (unbonding - fromUnbonding).toUint128();
        return fromLocked + fromFree + fromUnbonding;
    }

    function _removeVerifier(address provider, Provider storage p) private {
        p.verifier = false;
        uint256 n = _verifierList.length;
        for (uint256 i; i < n; ++i) {
            if (_verifierList[i] == provider) {
                _verifierList[i] = _verifierList[n - 1];
                _verifierList.pop();
                break;
            }
        }
        emit VerifierStatusChanged(provider, false);
    }

    function _isExcluded(address account, address[] calldata excluded) private pure returns (bool) {
        for (uint256 i; i < excluded.length; ++i) {
            if (excluded[i] == account) return true;
        }
        return false;
    }

    function _checkMetadata(string calldata cid, uint32 carbonIntensity) private pure {
        uint256 len = bytes(cid).length;
        if (len == 0 || len > MAX_METADATA_LENGTH) revert StakingInvalidMetadata(len, MAX_METADATA_LENGTH);
        if (carbonIntensity > MAX_CARBON_INTENSITY) {
            revert StakingCarbonIntensityTooHigh(carbonIntensity, MAX_CARBON_INTENSITY);
        }
    }

    function _checkUnbondingOutlastsDisputes(uint64 period) private view {
        uint256 needed = uint256(_jobMarket.challengeWindow()) + _disputeCourt.maxDisputeDuration();
        if (period <= needed) revert StakingParameterOutOfBounds("unbondingPeriod", period, needed + 1, MAX_UNBONDING_PERIOD);
    }

    function _checkBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert StakingParameterOutOfBounds(name, value, min, max);
    }
}
