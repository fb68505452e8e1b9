import { BaseError as ViemBaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from "viem";
import { BaseError } from "./BaseError.ts";
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

/** The wallet or node refused before the contract ran: rejected signature, no funds for gas, wrong chain. */
export class HearthTransactionError extends BaseError {
  override name = "HearthTransactionError";
}

const fmt = (value: unknown) => (typeof value === "bigint" ? value.toString() : String(value));

function explain(name: string, args: readonly unknown[]): { message: string; hint?: string } {
  const a = args.map(fmt);
  switch (name) {
    case "JobMarketTokenNotAllowed":
      return { message: `Token ${a[0]} is not accepted for payment.`, hint: "Pay in HRTH or the allow-listed stablecoin." };
    case "JobMarketInvalidPrice":
      return { message: "The job's price must be greater than zero.", hint: "Pass --pay with a positive amount." };
    case "JobMarketInvalidDeadline":
      return { message: `The deadline ${a[0]} is outside the allowed range [${a[1]}, ${a[2]}] (unix seconds).` };
    case "JobMarketWrongStatus":
      return {
        message: `Job ${a[0]} is ${jobStatusName(Number(args[1]))}, not ${jobStatusName(Number(args[2]))}.`,
        hint: "Check it with `hearth job status <id>`.",
      };
    case "JobMarketUnknownJob":
      return { message: `There is no job ${a[0]} on this network.`, hint: "Check the id and the network (--network)." };
    case "JobMarketNotRequester":
      return { message: `Only the requester of job ${a[0]} can do that; ${a[1]} is not it.` };
    case "JobMarketProviderNotEligible":
      return {
        message: `Provider ${a[1]} is not eligible for job ${a[0]}.`,
        hint: "It needs to be registered, not jailed, with enough stake and a carbon intensity under the job's cap.",
      };
    case "JobMarketChallengeWindowOpen":
      return { message: `Job ${a[0]}'s challenge window is open until ${a[1]} (unix seconds).`, hint: "Finalize after it closes." };
    case "JobMarketChallengeWindowClosed":
      return { message: `Job ${a[0]}'s challenge window closed at ${a[1]} (unix seconds).` };
    case "JobMarketDeadlinePassed":
      return { message: `Job ${a[0]}'s deadline (${a[1]}) has passed.` };
    case "JobMarketDeadlineNotPassed":
      return { message: `Job ${a[0]}'s deadline (${a[1]}) has not passed yet.` };
    case "JobMarketNothingToWithdraw":
      return { message: `Nothing to withdraw in token ${a[0]} for ${a[1]}.` };
    case "JobMarketTransferAmountMismatch":
      return { message: `The escrow received ${a[1]} instead of ${a[0]}: fee-on-transfer tokens are not supported.` };
    case "StakingInsufficientFreeStake":
      return { message: `Not enough free stake: ${a[0]} free, ${a[1]} needed.`, hint: "Stake more with `hearth provider stake`." };
    case "StakingNotRegistered":
      return { message: `${a[0]} is not a registered provider.`, hint: "Run `hearth provider register` first." };
    case "StakingUnbondingNotOver":
      return { message: `Unbonding ends at ${a[0]} (unix seconds); it is now ${a[1]}.` };
    case "StakingWithdrawalFrozen":
      return { message: `Withdrawals are frozen while ${a[1]} dispute(s) against ${a[0]} are open.` };
    case "StakingJailed":
      return { message: `Provider ${a[0]} is jailed until ${a[1]} (unix seconds).` };
    case "CourtRandomnessNotReady":
      return { message: `Randomness for job ${a[0]} comes from block ${a[1]}; the chain is at ${a[2]}.`, hint: "Wait a few blocks." };
    case "ERC20InsufficientBalance":
      return { message: `Insufficient token balance: ${a[1]} available, ${a[2]} needed.`, hint: "Fund the account or lower the payment." };
    case "ERC20InsufficientAllowance":
      return { message: `Allowance too low: ${a[1]} approved, ${a[2]} needed.` };
    default:
      return { message: `The contract refused: ${name}(${a.join(", ")}).` };
  }
}

/**
 * Turns whatever viem threw for a contract call into a Hearth error: a decoded custom error when the
 * contract reverted, a plain explanation when the wallet refused. Anything else is returned unchanged.
 */
export function decodeHearthError(error: unknown): unknown {
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
  const text = `${error.shortMessage ?? ""} ${error.details ?? ""}`;
  if (/User rejected|user denied|rejected the request/i.test(text)) {
    return new HearthTransactionError("The signature request was rejected in the wallet.", { cause: error });
  }
  if (/insufficient funds/i.test(text)) {
    return new HearthTransactionError("The account has too little ETH to pay for gas.", {
      metaMessages: ["Fund it with ETH on this network."],
      cause: error,
    });
  }
  if (/chain ?id|ChainMismatch/i.test(text)) {
    return new HearthTransactionError("The wallet is on a different network than the Hearth deployment.", {
      metaMessages: ["Switch the wallet to the right chain."],
      cause: error,
    });
  }
  return error;
}
