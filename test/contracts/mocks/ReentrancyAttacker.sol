// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {ITransferHook} from "./ReentrantToken.sol";

/// @notice A requester contract that, when a transfer of the hooked token hands it control, re-enters the
/// market with prepared calls and records how each one ended. Test-only.
contract ReentrancyAttacker is ITransferHook {
    IJobMarket public immutable market;
    bytes[] private _attacks;
    bool[] public succeeded;
    bytes[] private _results;
    bool private _armed;

    constructor(IJobMarket market_) {
        market = market_;
    }

    /// @notice Queues calls to run against the market on the next hooked transfer.
    function arm(bytes[] calldata attacks) external {
        delete _attacks;
        delete succeeded;
        delete _results;
        for (uint256 i; i < attacks.length; ++i) {
            _attacks.push(attacks[i]);
        }
        _armed = true;
    }

    function onTokenTransfer(address, address, uint256) external {
        if (!_armed) return;
        _armed = false; // one round of attacks per arming
        for (uint256 i; i < _attacks.length; ++i) {
            (bool ok, bytes memory returned) = address(market).call(_attacks[i]);
            succeeded.push(ok);
            _results.push(returned);
        }
    }

    function result(uint256 i) external view returns (bytes memory) {
        return _results[i];
    }

    function attempts() external view returns (uint256) {
        return succeeded.length;
    }

    function approve(IERC20 token, uint256 amount) external {
        token.approve(address(market), amount);
    }

    function createJob(IJobMarket.JobRequest calldata request) external returns (uint256) {
        return market.createJob(request);
    }

    function cancelJob(uint256 jobId) external {
        market.cancelJob(jobId);
    }

    function withdraw(address token) external returns (uint256) {
        return market.withdraw(token);
    }
}
