// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @notice Hearth's own test base, in place of forge-std (whose npm copy does not resolve under Hardhat 3):
/// the cheatcodes, assertions that revert with both values, `bound()`, and the invariant-target getters
/// that the runner (EDR, a Foundry derivative) reads, laid out as in forge-std's StdInvariant.
abstract contract HearthTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev ABI-identical to forge-std's `StdInvariant.FuzzSelector`: the runner decodes it by shape.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    address[] private _targetedSenders;
    FuzzSelector[] private _targetedSelectors;

    // ---------------------------------------------------------------- assertions

    function assertTrue(bool condition, string memory message) internal pure {
        vm.assertTrue(condition, message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        vm.assertFalse(condition, message);
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(address left, address right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bool left, bool right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bytes32 left, bytes32 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bytes memory left, bytes memory right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(string memory left, string memory right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertNotEq(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertNotEq(address left, address right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertNotEq(bytes32 left, bytes32 right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertLt(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertLt(left, right, message);
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertLe(left, right, message);
    }

    function assertGt(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertGt(left, right, message);
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertGe(left, right, message);
    }

    // ---------------------------------------------------------------- fuzzing helpers

    /// @notice Maps any `x` into [min, max], keeping values already inside unchanged and sending the
    /// extremes of uint256 to the extremes of the range, so the fuzzer's edge cases stay edge cases.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        // The range holds span + 1 values; that overflows only for the full range, which returned above.
        uint256 span = max - min;
        // The fuzzer favours 0..3 and MAX-3..MAX: keep them at the range's two ends.
        if (x <= 3 && x <= span) return min + x;
        if (x >= type(uint256).max - 3 && type(uint256).max - x <= span) return max - (type(uint256).max - x);
        if (x < min) return min + (min - x - 1) % (span + 1);
        return max - (x - max - 1) % (span + 1);
    }

    /// @notice A deterministic labelled address for `name`.
    function makeAddr(string memory name) internal returns (address account) {
        (account,) = makeAddrAndKey(name);
    }

    /// @notice A deterministic labelled address for `name`, with its private key (for signatures).
    function makeAddrAndKey(string memory name) internal returns (address account, uint256 key) {
        key = uint256(keccak256(bytes(name))) % SECP256K1_ORDER;
        account = vm.addr(key);
        vm.label(account, name);
    }

    uint256 internal constant SECP256K1_ORDER =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    // ---------------------------------------------------------------- invariant targets

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

    function targetSelector(address target, bytes4[] memory selectors) internal {
        _targetedSelectors.push(FuzzSelector({addr: target, selectors: selectors}));
    }

    /// @notice Read by the invariant runner: the only contracts it calls.
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @notice Read by the invariant runner: the only functions it calls on each target.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    /// @notice Read by the invariant runner: the callers it uses (all, when empty).
    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }
}
