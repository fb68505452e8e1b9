import { BaseError as ViemBaseError, formatUnits } from "viem";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { decodeHearthError, HearthContractError, HearthTransactionError } from "@hearth/sdk/errors/HearthContractError";

/** An error in words a user can act on. */
export type ExplainedError = { message: string; hints: string[]; details?: string | undefined; code?: string | undefined };

/** What to do next, in the app's terms, for contract errors whose SDK hint names a CLI command. */
const appHints: Record<string, string> = {
  JobMarketInvalidPrice: "Set a payment above zero.",
  JobMarketWrongStatus: "The job moved on meanwhile: reload its page.",
  JobMarketUnknownJob: "Check the job id; the network may have been restarted.",
  StakingInsufficientFreeStake: "Stake more, or wait for jobs holding collateral to finish.",
  StakingNotRegistered: "Register as a provider first (the form above).",
  StakingUnbondingNotOver: "Withdraw once the unbonding period is over.",
  ERC20InsufficientBalance: "Fund the account with the token, or lower the amount.",
  ERC20InsufficientAllowance: "Approve the amount first, or pay with a permit signature.",
  JobMarketTokenNotAllowed: "Pay in HRTH or the network's stablecoin.",
  JobMarketInvalidDeadline: "Choose a deadline within the allowed range.",
};

const hrth = (value: unknown) => `${Number(formatUnits(BigInt(String(value)), 18)).toLocaleString("en-US", { maximumFractionDigits: 4 })} HRTH`;
const when = (value: unknown) => new Date(Number(value) * 1000).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** The SDK writes HRTH to the last digit and times in UTC (right for a CLI and logs); a page rounds amounts for reading and shows dates in the reader's locale. */
const appMessages: Record<string, (args: readonly unknown[]) => string> = {
  StakingInsufficientFreeStake: ([free, needed]) => `Not enough free stake: ${hrth(free)} free, ${hrth(needed)} needed.`,
  StakingUnbondingNotOver: ([end]) => `The unbonding period ends on ${when(end)}.`,
  StakingJailed: ([provider, until]) => `Provider ${String(provider)} is jailed until ${when(until)}.`,
  JobMarketInvalidDeadline: ([, earliest, latest]) => `The deadline must fall between ${when(earliest)} and ${when(latest)}.`,
  JobMarketChallengeWindowOpen: ([job, until]) => `Job ${String(job)} can be challenged until ${when(until)}; finalize it after that.`,
  JobMarketDeadlinePassed: ([job, deadline]) => `Job ${String(job)}'s deadline passed on ${when(deadline)}.`,
};

/**
 * Explains any failure of a wallet action with the SDK's decoded errors: a contract's custom error in words,
 * a rejected signature, too little ETH for gas, the wrong network. CLI-specific hints (`--flag`, `hearth …`)
 * are swapped for what to do in the app.
 */
export function explainError(error: unknown): ExplainedError {
  const decoded = decodeHearthError(error);
  if (decoded instanceof HearthContractError) {
    const hint = appHints[decoded.errorName];
    const message = appMessages[decoded.errorName]?.(decoded.args) ?? decoded.shortMessage;
    return { message, hints: hint ? [hint] : webHints(decoded.metaMessages), details: decoded.details, code: decoded.errorName };
  }
  if (decoded instanceof BaseError) {
    if (decoded instanceof HearthTransactionError && decoded.reason === "rejected") return rejectedInWallet;
    return { message: decoded.shortMessage, hints: webHints(decoded.metaMessages), details: decoded.details, code: decoded.name };
  }
  if (decoded instanceof ViemBaseError) {
    const rejected = decoded.walk((e) => (e as { code?: number }).code === 4001);
    if (rejected) return rejectedInWallet;
    return { message: decoded.shortMessage, hints: [], details: decoded.details, code: decoded.name };
  }
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === 4001) return rejectedInWallet;
  if (error instanceof Error) return { message: error.message.split("\n")[0] ?? error.name, hints: [] };
  return { message: String(error), hints: [] };
}

const rejectedInWallet: ExplainedError = {
  message: "The signature request was rejected in the wallet.",
  hints: ["Nothing was signed, sent or spent. Try again and approve the request in your wallet when you are ready."],
  code: "UserRejected",
};

function webHints(lines: readonly string[] | undefined): string[] {
  return (lines ?? []).filter((line) => !/(^|\s)--[a-z]|`hearth|npm start|HEARTH_/.test(line));
}
