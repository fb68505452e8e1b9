// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title HRTH, the Hearth network token
/// @notice ERC-20 with EIP-2612 permit. The genesis supply is fixed; later emissions are minted only by
/// the rewards contract, and never past `MAX_SUPPLY`, which is a constant.
interface IHearthToken is IERC20, IERC20Permit {
    /// @notice The minter (the rewards contract) was set. It can be set only once.
    event MinterSet(address indexed minter);

    /// @notice Only the deployer may set the minter, and only once.
    error HearthTokenUnauthorized(address caller);
    /// @notice The minter was already set to `minter`.
    error HearthTokenMinterAlreadySet(address minter);
    /// @notice Minting `requested` would pass the hard cap; only `remaining` can still be minted.
    error HearthTokenCapExceeded(uint256 requested, uint256 remaining);
    /// @notice The zero address cannot be the minter.
    error HearthTokenZeroMinter();

    /// @notice Sets the only account that may mint emissions. Callable once, by the deployer.
    function setMinter(address minter) external;

    /// @notice Mints `amount` to `to`. Only the minter; reverts past `MAX_SUPPLY`.
    function mint(address to, uint256 amount) external;

    /// @notice The account allowed to mint (the rewards contract), or zero before it is set.
    function minter() external view returns (address);
}
