// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Called by `ReentrantToken` after every transfer, like an ERC-777 `tokensReceived` hook.
interface ITransferHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @notice A token with a transfer hook that hands control to an outside contract in the middle of every
/// transfer, as ERC-777 tokens and several exploited peer networks' payment tokens did. Test-only.
contract ReentrantToken is ERC20 {
    address public hook;

    constructor() ERC20("Reentrant Token", "RENT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address hook_) external {
        hook = hook_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address h = hook;
        if (h != address(0) && from != address(0)) ITransferHook(h).onTokenTransfer(from, to, value);
    }
}
