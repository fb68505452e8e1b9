// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestStablecoin (tUSD)
/// @notice A 6-decimal dollar stand-in with permit, for the devnet and tests only. Never deployed elsewhere.
contract TestStablecoin is ERC20, ERC20Permit, Ownable {
    constructor(address owner_) ERC20("Hearth Test USD", "tUSD") ERC20Permit("Hearth Test USD") Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints test dollars. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
