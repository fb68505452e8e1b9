// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {HearthToken} from "../../contracts/HearthToken.sol";
import {IHearthToken} from "../../contracts/interfaces/IHearthToken.sol";
import {TestStablecoin} from "../../contracts/devnet/TestStablecoin.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {HearthFixture} from "./utils/HearthFixture.sol";

contract HearthTokenTest is HearthFixture {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    HearthToken private fresh;
    address private minterAccount;

    function setUp() public override {
        super.setUp();
        minterAccount = makeAddr("minter");
        vm.prank(deployer);
        fresh = new HearthToken(treasury);
    }

    function _permitDigest(address tokenAddress, address owner, address spender, uint256 value, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, spender, value, HearthToken(tokenAddress).nonces(owner), deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", HearthToken(tokenAddress).DOMAIN_SEPARATOR(), structHash));
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_mintsGenesisSupplyToHolder() public view {
        assertEq(fresh.totalSupply(), fresh.GENESIS_SUPPLY(), "total supply");
        assertEq(fresh.balanceOf(treasury), 1_000_000_000e18, "genesis holder balance");
        assertEq(fresh.name(), "Hearth", "name");
        assertEq(fresh.symbol(), "HRTH", "symbol");
        assertEq(fresh.decimals(), 18, "decimals");
        assertEq(fresh.MAX_SUPPLY(), 1_500_000_000e18, "cap");
        assertEq(fresh.minter(), address(0), "no minter yet");
    }

    function test_minter_isRewardsAfterDeployment() public view {
        assertEq(token.minter(), address(rewards), "minter");
        assertEq(token.balanceOf(deployer), token.GENESIS_SUPPLY(), "genesis to deployer");
    }

    // ---------------------------------------------------------------- setMinter

    function test_setMinter_setsOnceAndEmits() public {
        vm.expectEmit(address(fresh));
        emit IHearthToken.MinterSet(minterAccount);
        vm.prank(deployer);
        fresh.setMinter(minterAccount);
        assertEq(fresh.minter(), minterAccount, "minter");
    }

    function test_setMinter_revertsForNonDeployer() public {
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenUnauthorized.selector, treasury));
        vm.prank(treasury);
        fresh.setMinter(minterAccount);
    }

    function test_setMinter_revertsWhenAlreadySet() public {
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenMinterAlreadySet.selector, address(rewards)));
        vm.prank(deployer);
        token.setMinter(minterAccount);
    }

    function test_setMinter_revertsOnZeroAddress() public {
        vm.expectRevert(IHearthToken.HearthTokenZeroMinter.selector);
        vm.prank(deployer);
        fresh.setMinter(address(0));
    }

    // ---------------------------------------------------------------- mint

    function test_mint_byMinterIncreasesSupply() public {
        vm.prank(deployer);
        fresh.setMinter(minterAccount);
        vm.prank(minterAccount);
        fresh.mint(stranger, 5e18);
        assertEq(fresh.balanceOf(stranger), 5e18, "minted balance");
        assertEq(fresh.totalSupply(), fresh.GENESIS_SUPPLY() + 5e18, "supply");
    }

    function test_mint_revertsForNonMinter() public {
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenUnauthorized.selector, deployer));
        vm.prank(deployer);
        token.mint(deployer, 1);
    }

    function test_mint_revertsForZeroCallerBeforeMinterSet() public {
        // Before setMinter the minter is address(0): a call "from" address(0) must not pass as the minter.
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenUnauthorized.selector, address(0)));
        vm.prank(address(0));
        fresh.mint(stranger, 1);
    }

    function test_mint_upToCapExactly() public {
        vm.prank(deployer);
        fresh.setMinter(minterAccount);
        uint256 remaining = fresh.MAX_SUPPLY() - fresh.totalSupply();
        vm.prank(minterAccount);
        fresh.mint(stranger, remaining);
        assertEq(fresh.totalSupply(), fresh.MAX_SUPPLY(), "at cap");
    }

    function test_mint_revertsPastCap() public {
        vm.prank(deployer);
        fresh.setMinter(minterAccount);
        uint256 remaining = fresh.MAX_SUPPLY() - fresh.totalSupply();
        vm.prank(minterAccount);
        fresh.mint(stranger, remaining - 10);
        vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenCapExceeded.selector, 11, 10));
        vm.prank(minterAccount);
        fresh.mint(stranger, 11);
    }

    function testFuzz_mint_neverPassesCap(uint256 first, uint256 second) public {
        vm.prank(deployer);
        fresh.setMinter(minterAccount);
        uint256 headroom = fresh.MAX_SUPPLY() - fresh.GENESIS_SUPPLY();
        first = bound(first, 0, headroom);
        vm.prank(minterAccount);
        fresh.mint(stranger, first);
        second = bound(second, 0, headroom);
        uint256 remaining = headroom - first;
        if (second > remaining) {
            vm.expectRevert(abi.encodeWithSelector(IHearthToken.HearthTokenCapExceeded.selector, second, remaining));
        }
        vm.prank(minterAccount);
        fresh.mint(stranger, second);
        assertLe(fresh.totalSupply(), fresh.MAX_SUPPLY(), "supply within cap");
    }

    // ---------------------------------------------------------------- permit

    function test_permit_setsAllowanceFromSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(address(token), requester, address(staking), 42e18, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(requesterKey, digest);
        vm.prank(stranger); // anyone may relay a permit
        token.permit(requester, address(staking), 42e18, deadline, v, r, s);
        assertEq(token.allowance(requester, address(staking)), 42e18, "allowance");
        assertEq(token.nonces(requester), 1, "nonce used");
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(requesterKey, _permitDigest(address(token), requester, stranger, 1, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(requester, stranger, 1, deadline, v, r, s);
    }

    function test_permit_revertsForWrongSigner() public {
        uint256 deadline = block.timestamp + 1;
        (address other, uint256 otherKey) = makeAddrAndKey("other");
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(otherKey, _permitDigest(address(token), requester, stranger, 1, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, other, requester));
        token.permit(requester, stranger, 1, deadline, v, r, s);
    }

    function test_permit_cannotBeReplayed() public {
        uint256 deadline = block.timestamp + 1;
        bytes32 digest = _permitDigest(address(token), requester, stranger, 1, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(requesterKey, digest);
        token.permit(requester, stranger, 1, deadline, v, r, s);
        // Second use: the nonce moved on, so the same signature recovers to some other account.
        vm.expectRevert();
        token.permit(requester, stranger, 1, deadline, v, r, s);
        assertEq(token.nonces(requester), 1, "one nonce used");
    }

    function test_transfer_revertsBeyondBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, stranger, uint256(0), uint256(1))
        );
        vm.prank(stranger);
        token.transfer(requester, 1);
    }

    // ---------------------------------------------------------------- TestStablecoin (devnet only)

    function test_stablecoinMint_byOwnerWithSixDecimals() public {
        assertEq(usd.decimals(), 6, "decimals");
        assertEq(usd.owner(), deployer, "owner");
        vm.prank(deployer);
        usd.mint(stranger, 7 * USD);
        assertEq(usd.balanceOf(stranger), 7 * USD, "minted");
    }

    function test_stablecoinMint_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        usd.mint(stranger, 1);
    }

    function test_stablecoinPermit_setsAllowance() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(requesterKey, _permitDigest(address(usd), requester, address(market), 3 * USD, deadline));
        TestStablecoin(address(usd)).permit(requester, address(market), 3 * USD, deadline, v, r, s);
        assertEq(usd.allowance(requester, address(market)), 3 * USD, "allowance");
    }
}
