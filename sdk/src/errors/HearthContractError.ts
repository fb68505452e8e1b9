import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatEther,
  formatUnits,
  hexToString,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  WebSocketRequestError,
  type Address,
  type Hex,
} from "viem";
import { BaseError, type BaseErrorParameters } from "./BaseError.ts";
import { hearthErrorsAbi } from "../chain/hearthErrorsAbi.ts";
import { jobStatusName } from "../chain/jobStatus.ts";

/** A Hearth contract refused a transaction; `errorName` and `args` are the decoded custom error. */
export class HearthContractError extends BaseError {
  override name = "HearthContractError";
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(errorName: string, args: readonly unknown[], cause: unknown) {
    const { message, hint } = explain(errorName, args);
    super(message, { metaMessages: hint ? [hint] : undefined, details: `${errorName}(${args.map(String).join(", ")})`, cause });
    this.errorName = errorName;
    this.args = args;
  }
}

/** Why the wallet or node refused a transaction before the contract ran (or why it reverted on chain). */
export type TransactionFailure = "rejected" | "insufficientFunds" | "wrongChain" | "reverted";

/** The wallet or node refused before the contract ran: rejected signature, no funds for gas, wrong chain. */
export class HearthTransactionError extends BaseError {
  override name = "HearthTransactionError";
  readonly reason: TransactionFailure;

  constructor(reason: TransactionFailure, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters);
    this.reason = reason;
  }
}

const fmt = (value: unknown) => (typeof value === "bigint" ? value.toString() : String(value));
/** Staking amounts are always HRTH (18 decimals). */
const hrth = (value: unknown) => `${formatUnits(BigInt(fmt(value)), 18)} HRTH`;
/** A unix time from a contract, in UTC. */
const utc = (value: unknown) => `${new Date(Number(value) * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "")} UTC`;
/** How long from `now` to `then` (both unix seconds), for people. */
function after(then: unknown, now: unknown): string {
  const seconds = Number(then) - Number(now);
  if (seconds <= 0) return "now";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}
const disputeStatuses = ["none", "awaiting its committee draw", "voting", "resolved"];

type Explanation = { message: string; hint?: string };

/** Every custom error of the five contracts (and OpenZeppelin's ERC-20 errors), in words, with what to do. */
function explain(name: string, args: readonly unknown[]): Explanation {
  const a = args.map(fmt);
  switch (name) {
    // JobMarket
    case "JobMarketTokenNotAllowed":
      return { message: `Token ${a[0]} is not accepted for payment.`, hint: "Pay in HRTH or the allow-listed stablecoin." };
    case "JobMarketInvalidPrice":
      return { message: "The job's price must be greater than zero.", hint: "Pass --pay with a positive amount." };
    case "JobMarketInvalidDeadline":
      return {
        message: `The deadline ${utc(args[0])} is outside the allowed range, ${utc(args[1])} to ${utc(args[2])}.`,
        hint: "Pass --deadline with a number of seconds inside that range.",
      };
    case "JobMarketInvalidSpec":
      return { message: `The job spec reference is ${a[0]} bytes long; at most ${a[1]} are allowed.`, hint: "Reference the spec by its CID." };
    case "JobMarketWrongStatus":
      return {
        message: `Job ${a[0]} is ${jobStatusName(Number(args[1]))}, not ${jobStatusName(Number(args[2]))}.`,
        hint: "Check it with `hearth job status <id>`.",
      };
    case "JobMarketUnknownJob":
      return { message: `There is no job ${a[0]} on this network.`, hint: "Check the id and the network (--network)." };
    case "JobMarketNotRequester":
      return { message: `Only the requester of job ${a[0]} can do that; ${a[1]} is not it.` };
    case "JobMarketNotTargetProvider":
      return { message: `Job ${a[0]} is reserved for another provider; ${a[1]} cannot claim it.` };
    case "JobMarketNotProvider":
      return { message: `Only job ${a[0]}'s provider can release it; ${a[1]} is not it.` };
    case "JobMarketProviderNotEligible":
      return {
        message: `Provider ${a[1]} is not eligible for job ${a[0]}.`,
        hint: "It needs to be registered, not jailed, with enough free stake and a carbon intensity under the job's cap.",
      };
    case "JobMarketInvalidSignature":
      return { message: `The attestation for job ${a[0]} is not signed by its provider ${a[2]} (sent by ${a[1]}).` };
    case "JobMarketLengthMismatch":
      return { message: `${a[0]} attestations were sent with ${a[1]} signatures; each needs one.` };
    case "JobMarketChallengeWindowOpen":
      return { message: `Job ${a[0]}'s challenge window is open until ${utc(args[1])}.`, hint: "Finalize after it closes." };
    case "JobMarketChallengeWindowClosed":
      return { message: `Job ${a[0]}'s challenge window closed at ${utc(args[1])}.` };
    case "JobMarketDeadlinePassed":
      return { message: `Job ${a[0]}'s deadline (${utc(args[1])}) has passed.`, hint: "Expire it to refund the requester: `hearth job expire <id>`." };
    case "JobMarketDeadlineNotPassed":
      return { message: `Job ${a[0]}'s deadline (${utc(args[1])}) has not passed yet.` };
    case "JobMarketNothingToWithdraw":
      return { message: `Nothing to withdraw in token ${a[0]} for ${a[1]}.` };
    case "JobMarketTransferAmountMismatch":
      return { message: `The escrow received ${a[1]} instead of ${a[0]}: fee-on-transfer tokens are not supported.` };
    // ProviderStaking
    case "StakingZeroAmount":
      return { message: "The amount must be greater than zero." };
    case "StakingAlreadyRegistered":
      return { message: `${a[0]} is already registered as a provider.`, hint: "Stake with `hearth provider stake <AMOUNT>`." };
    case "StakingNotRegistered":
      return { message: `${a[0]} is not a registered provider.`, hint: "Run `hearth provider register` first." };
    case "StakingInvalidMetadata":
      return { message: `The metadata CID is ${a[0]} characters long; it must be 1 to ${a[1]}.`, hint: "Run `hearth provider init` to store the metadata on IPFS." };
    case "StakingCarbonIntensityTooHigh":
      return { message: `A carbon intensity of ${a[0]} gCO2/kWh is above the protocol's cap of ${a[1]}.`, hint: "Declare the intensity of your supply in gCO2/kWh." };
    case "StakingBelowMinimum":
      return { message: `Bonded stake is ${hrth(args[0])}; verifiers need at least ${hrth(args[1])}.`, hint: "Stake more with `hearth provider stake`." };
    case "StakingTooManyVerifiers":
      return { message: `The verifier set is full (${a[0]} verifiers).`, hint: "Try again when a verifier leaves." };
    case "StakingInsufficientFreeStake":
      return { message: `Not enough free stake: ${hrth(args[0])} free, ${hrth(args[1])} needed.`, hint: "Stake more with `hearth provider stake`, or wait for jobs holding collateral to finish." };
    case "StakingInsufficientLocked":
      return { message: `Only ${hrth(args[0])} of collateral is locked; ${hrth(args[1])} was to be released or slashed.` };
    case "StakingNothingToWithdraw":
      return { message: "Nothing is unbonding, so there is nothing to withdraw.", hint: "Start unbonding with `hearth provider unstake <AMOUNT>`, then withdraw once the period is over." };
    case "StakingUnbondingNotOver":
      return { message: `Unbonding ends at ${utc(args[0])}, in ${after(args[0], args[1])}.`, hint: "Withdraw after that." };
    case "StakingWithdrawalFrozen":
      return { message: `Withdrawals are frozen while ${a[1]} dispute(s) against ${a[0]} are open.`, hint: "They unfreeze when the disputes are resolved." };
    case "StakingJailed":
      return { message: `Provider ${a[0]} is jailed until ${utc(args[1])}.`, hint: "A jailed provider cannot claim jobs or serve as a verifier." };
    // DisputeCourt
    case "CourtWrongStatus":
      return { message: `The dispute on job ${a[0]} is ${disputeStatuses[Number(args[1])] ?? a[1]}, not ${disputeStatuses[Number(args[2])] ?? a[2]}.` };
    case "CourtWindowClosed":
      return { message: `Job ${a[0]}'s challenge window closed at ${utc(args[1])}.` };
    case "CourtRandomnessNotReady":
      return { message: `Randomness for job ${a[0]} comes from block ${a[1]}; the chain is at ${a[2]}.`, hint: "Wait a few blocks." };
    case "CourtRandomnessExpired":
      return { message: `Block ${a[1]}'s hash, the randomness for job ${a[0]}, is older than 256 blocks and no longer readable.` };
    case "CourtAlreadySampled":
      return { message: `Job ${a[0]} was already drawn for sampling (verifier ${a[1]}).` };
    case "CourtNotSampled":
      return { message: `Job ${a[0]} was not drawn for sampling.` };
    case "CourtNotSampledVerifier":
      return { message: `Job ${a[0]}'s sample belongs to verifier ${a[2]}, not ${a[1]}.` };
    case "CourtNotCommitteeMember":
      return { message: `${a[1]} is not on job ${a[0]}'s dispute committee.` };
    case "CourtAlreadyCommitted":
      return { message: `${a[1]} has already committed a vote on job ${a[0]}.` };
    case "CourtCommitPhaseOver":
      return { message: `The commit phase of job ${a[0]}'s dispute ended at ${utc(args[1])}.` };
    case "CourtRevealNotOpen":
      return { message: `Votes on job ${a[0]} can be revealed after ${utc(args[1])}.` };
    case "CourtRevealPhaseOver":
      return { message: `The reveal phase of job ${a[0]}'s dispute ended at ${utc(args[1])}.` };
    case "CourtNotCommitted":
      return { message: `${a[1]} has no committed vote on job ${a[0]} to reveal.` };
    case "CourtAlreadyRevealed":
      return { message: `${a[1]} has already revealed its vote on job ${a[0]}.` };
    case "CourtCommitmentMismatch":
      return { message: `The revealed vote of ${a[1]} on job ${a[0]} does not match its commitment.`, hint: "Reveal the same verdict and salt that were committed." };
    case "CourtVotingNotOver":
      return { message: `Voting on job ${a[0]} runs until ${utc(args[1])}.`, hint: "Resolve the dispute after that." };
    // RewardsDistributor
    case "RewardsEpochNotOver":
      return { message: `Epoch ${a[0]} is not over; the current epoch is ${a[1]}.`, hint: "Claim an epoch's rewards once it has ended." };
    case "RewardsNothingToClaim":
      return { message: `${a[1]} has no rewards in epoch ${a[0]}.` };
    case "RewardsAlreadyClaimed":
      return { message: `${a[1]} has already claimed its rewards for epoch ${a[0]}.` };
    case "RewardsForfeitedInEpoch":
      return { message: `${a[1]} lost a dispute in epoch ${a[0]} and forfeited that epoch's rewards.` };
    // HearthToken
    case "HearthTokenCapExceeded":
      return { message: `Minting ${hrth(args[0])} would pass the supply cap; ${hrth(args[1])} remain.` };
    // Governance and set-up: only the deployer or the governor meets these.
    case "JobMarketUnauthorized":
    case "StakingUnauthorized":
    case "RewardsUnauthorized":
    case "HearthTokenUnauthorized":
      return { message: `${a[0]} is not allowed to call this (${name}).` };
    case "JobMarketAlreadyConfigured":
    case "StakingAlreadyConfigured":
    case "RewardsAlreadyConfigured":
      return { message: `The contracts are already wired together (${name}); this is done once, at deployment.` };
    case "HearthTokenMinterAlreadySet":
      return { message: `The token's minter is already set to ${a[0]}; it is set once, at deployment.` };
    case "HearthTokenZeroMinter":
      return { message: "The token's minter cannot be the zero address." };
    case "JobMarketParameterOutOfBounds":
    case "StakingParameterOutOfBounds":
    case "RewardsParameterOutOfBounds":
    case "CourtParameterOutOfBounds":
      return { message: `Parameter ${parameterName(args[0])} = ${a[1]} is outside its bounds [${a[2]}, ${a[3]}].` };
    // OpenZeppelin: ERC-20, permits, signatures and guards
    case "ERC2612ExpiredSignature":
      return { message: `The permit signature expired at ${utc(args[0])}.`, hint: "Sign a new permit and send it at once." };
    case "ERC2612InvalidSigner":
      return { message: `The permit is signed by ${a[0]}, not by the token owner ${a[1]}.`, hint: "Sign the permit with the paying account." };
    case "InvalidAccountNonce":
      return { message: `The permit's nonce is stale: ${a[0]} is at nonce ${a[1]}.`, hint: "Sign a new permit; another permit was used meanwhile." };
    case "ECDSAInvalidSignature":
    case "ECDSAInvalidSignatureLength":
    case "ECDSAInvalidSignatureS":
      return { message: `The signature is malformed (${name}).`, hint: "Sign again with a standard EIP-712 signer." };
    case "ERC20InvalidReceiver":
    case "ERC20InvalidSender":
    case "ERC20InvalidApprover":
    case "ERC20InvalidSpender":
      return { message: `${a[0]} cannot take part in a token transfer or approval (${name}).` };
    case "SafeERC20FailedOperation":
      return { message: `A transfer of token ${a[0]} failed.`, hint: "Check the token's balance and allowance." };
    case "SafeCastOverflowedUintDowncast":
      return { message: `The value ${a[1]} does not fit in ${a[0]} bits.` };
    case "ReentrancyGuardReentrantCall":
      return { message: "The contract refused a re-entrant call." };
    case "OwnableUnauthorizedAccount":
      return { message: `${a[0]} is not the owner and cannot call this.` };
    case "OwnableInvalidOwner":
      return { message: `${a[0]} cannot be the owner.` };
    case "StringTooLong":
    case "InvalidShortString":
      return { message: `A name is too long for the contract's short-string storage (${name}).` };
    case "ERC20InsufficientBalance":
      return { message: `Insufficient token balance: ${a[1]} available, ${a[2]} needed (smallest units).`, hint: "Fund the account or lower the payment." };
    case "ERC20InsufficientAllowance":
      return { message: `Allowance too low: ${a[1]} approved, ${a[2]} needed (smallest units).` };
    default:
      return { message: `The contract refused: ${name}(${a.join(", ")}).` };
  }
}

/** Governance parameters are named by a bytes32 holding their name's text. */
function parameterName(value: unknown): string {
  const text = typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value) ? hexToString(value as Hex).replace(/\0+$/, "") : "";
  return /^[\x20-\x7e]+$/.test(text) ? text : fmt(value);
}

/**
 * Turns whatever viem threw for a contract call into a Hearth error: a decoded custom error when the
 * contract reverted; a plain explanation when the wallet or node refused (rejected signature, too little ETH
 * for gas, wrong chain) or the RPC endpoint could not be reached. Anything else is returned unchanged.
 * `account` (the sender) and `rpcUrl` make the messages name what to fix.
 */
export function decodeHearthError(error: unknown, context: { account?: Address | undefined; rpcUrl?: string | undefined } = {}): unknown {
  if (error instanceof BaseError) return error;
  if (!(error instanceof ViemBaseError)) return error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    if (reverted.data?.errorName) return new HearthContractError(reverted.data.errorName, reverted.data.args ?? [], error);
    const raw = (reverted as { raw?: Hex }).raw;
    if (raw) {
      try {
        const decoded = decodeErrorResult({ abi: hearthErrorsAbi, data: raw });
        return new HearthContractError(decoded.errorName, decoded.args ?? [], error);
      } catch {
        // fall through to the generic message
      }
    }
  }
  const text = collectText(error);
  if (/User rejected|user denied|rejected the request/i.test(text) || error.walk((e) => (e as { code?: unknown }).code === 4001)) {
    return new HearthTransactionError("rejected", "The signature request was rejected in the wallet.", { cause: error });
  }
  // viem recognises geth's wording; Hardhat's EDR says "Sender doesn't have enough funds to send tx. The max upfront
  // cost is: N and the sender's balance is: M."
  if (error.walk((e) => e instanceof InsufficientFundsError) || /insufficient funds|doesn't have enough funds/i.test(text)) {
    const who = context.account ?? "The account";
    const figures = /max upfront cost is: (\d+) and the sender's balance is: (\d+)/.exec(text);
    const shortMessage = figures
      ? `${who} has too little ETH to pay for gas: it holds ${formatEther(BigInt(figures[2]!))} ETH and this transaction can cost up to ${formatEther(BigInt(figures[1]!))} ETH.`
      : `${who} has too little ETH to pay for gas.`;
    return new HearthTransactionError("insufficientFunds", shortMessage, {
      metaMessages: [context.account ? `Send ETH on this network to ${context.account}.` : "Fund it with ETH on this network."],
      cause: error,
    });
  }
  if (/chain ?id|ChainMismatch/i.test(text)) {
    return new HearthTransactionError("wrongChain", "The wallet is on a different network than the Hearth deployment.", {
      metaMessages: ["Switch the wallet to the right chain."],
      cause: error,
    });
  }
  const unreachable = error.walk((e) => e instanceof HttpRequestError || e instanceof WebSocketRequestError || e instanceof TimeoutError);
  if (unreachable) {
    const url = (unreachable as { url?: string }).url ?? context.rpcUrl;
    const timedOut = unreachable instanceof TimeoutError;
    const status = (unreachable as { status?: number }).status;
    return new HearthRpcUnreachableError(
      `${timedOut ? "The chain did not answer in time" : "Cannot reach the chain"}${url ? ` at ${url}` : ""}${status ? ` (HTTP ${status})` : ""}.`,
      {
        metaMessages: ["Is the node or devnet running (`npm start`)? Check the RPC URL (--rpc-url, or rpcUrl in the config)."],
        details: (unreachable as ViemBaseError).details,
        cause: error,
      },
    );
  }
  return error;
}

/** The RPC endpoint did not answer: nothing was sent, or the outcome is unknown until it answers again. */
export class HearthRpcUnreachableError extends BaseError {
  override name = "HearthRpcUnreachableError";
}

/** Every message and detail along viem's cause chain, for matching node-specific wording. */
function collectText(error: ViemBaseError): string {
  const parts: string[] = [];
  error.walk((e) => {
    if (e instanceof ViemBaseError) parts.push(e.shortMessage, e.details ?? "");
    else if (e instanceof Error) parts.push(e.message);
    return false;
  });
  return parts.join(" ");
}
