// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IHearthToken} from "./interfaces/IHearthToken.sol";

/// @title HearthToken (HRTH)
/// @notice Fixed genesis supply minted to the treasury; emissions only through the minter, capped in code.
contract HearthToken is ERC20, ERC20Permit, IHearthToken {
    /// @notice Minted once, at deployment, to the genesis holder.
    uint256 public constant GENESIS_SUPPLY = 1_000_000_000e18;
    /// @notice Hard cap on the total supply: at most 500M HRTH can ever be emitted on top of genesis.
    uint256 public constant MAX_SUPPLY = 1_500_000_000e18;

    address private immutable _deployer;
    address private _minter;

    constructor(address genesisHolder) ERC20("Hearth", "HRTH") ERC20Permit("Hearth") {
        _deployer = msg.sender;
        _mint(genesisHolder, GENESIS_SUPPLY);
    }

    /// @inheritdoc IHearthToken
    function setMinter(address minter_) external {
        if (msg.sender != _deployer) revert HearthTokenUnauthorized(msg.sender);
        if (_minter != address(0)) revert HearthTokenMinterAlreadySet(_minter);
        if (minter_ == address(0)) revert HearthTokenZeroMinter();
        _minter = minter_;
        emit MinterSet(minter_);
    }

    /// @inheritdoc IHearthToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != _minter || msg.sender == address(0)) revert HearthTokenUnauthorized(msg.sender);
        uint256 remaining = MAX_SUPPLY - totalSupply();
        if (amount > remaining) revert HearthTokenCapExceeded(amount, remaining);
        _mint(to, amount);
    }

    /// @inheritdoc IHearthToken
    function minter() external view returns (address) {
        return _minter;
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
