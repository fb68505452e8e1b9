#!/usr/bin/env node
// The `hearth` command. Exit codes: 0 ok, 1 failed, 2 usage, 3 network or account, 4 verification failed,
// 5 timed out, 6 refused by a contract, 7 insufficient funds.
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { BaseError as ViemBaseError } from "viem";
import { decodeHearthError, HearthContractError, HearthTransactionError } from "@hearth/sdk/errors/HearthContractError";
import { CliUsageError, CliVerificationError } from "./cliErrors.ts";

// Node 22 calls node:sqlite (the provider's job journal) experimental and says so on every start, in the middle of
// the daemon's logs; that one warning is dropped, every other warning still shows.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === "string" ? warning : warning.message;
  if (/SQLite is an experimental feature/.test(text)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const usage = `hearth — the Hearth compute network from the command line

  hearth devnet [--reset] [--port N] [--providers N]      start a local network (same as npm start)
  hearth devnet fund <ADDRESS> [--eth N] [--hrth N]       dev ETH, HRTH and tUSD for an account (devnet only)

  hearth job submit <spec.json> [--pay AMOUNT] [--token HRTH|USD] [--provider ADDR]
                    [--max-carbon G] [--deadline SECONDS] [--input NAME=FILE] [--wait] [--json]
  hearth job check <spec.json> [--input NAME=FILE] [--run] [--json]
                    the spec and its shader checked, and with --run the job run on this machine, before paying
  hearth job list [--all] [--limit N] [--json]           your jobs (--all: everyone's), newest first
  hearth job status|result|verify|challenge|cancel|finalize|expire <id> [--json]
  hearth job withdraw [--token HRTH|USD]                  collect refunds, bounties and payouts the market holds

  hearth provider init [--region R] [--price AMOUNT] [--energy SOURCE] [--carbon G] [--power W]
  hearth provider register|stake <AMOUNT>|unstake <AMOUNT>|withdraw|claim|status|verify on|off|release <JOB_ID>
                    [--config FILE] [--rpc-url URL] [--json]
  hearth provider start [--config FILE] [--log-format pretty|json]   the daemon, in the foreground
  hearth stake <AMOUNT> | hearth unstake <AMOUNT>                 shortcuts for the provider commands

Common options: --network FILE (default .hearth/devnet.json), --rpc-url URL, --account NAME|INDEX (devnet),
--keystore FILE (password in HEARTH_KEYSTORE_PASSWORD); or a key in HEARTH_PRIVATE_KEY. Keys are never printed.`;

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === "help" || group === "--help" || group === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  // `hearth job submit --help` and the like: that command group's usage lines and the common options.
  if ((argv.includes("--help") || argv.includes("-h")) && group !== "devnet") {
    const prefix = group === "stake" || group === "unstake" ? "  hearth stake" : `  hearth ${group} `;
    const lines = usage.split("\n");
    // A command line of the group, and the more indented lines that continue it.
    const section: string[] = [];
    let inGroup = false;
    for (const line of lines) {
      if (line.startsWith("  hearth ")) inGroup = line.startsWith(prefix);
      else if (!line.startsWith("    ")) inGroup = false;
      if (inGroup) section.push(line);
    }
    if (section.length === 0) throw new CliUsageError(`Unknown command "${group}".`, { metaMessages: ["Run `hearth help`."] });
    const common = lines.slice(lines.findIndex((l) => l.startsWith("Common options")));
    process.stdout.write(`${[...section, "", ...common].join("\n")}\n`);
    return 0;
  }
  if (group === "devnet" && command === "fund") {
    const { devnetFund } = await import("./commands/devnetFund.ts");
    return devnetFund(rest);
  }
  if (group === "devnet") {
    const { devnetCommand } = await import("./commands/devnetCommand.ts");
    return devnetCommand(argv.slice(1));
  }
  if (group === "job") {
    const jobs = await import("./commands/jobCommands.ts");
    switch (command) {
      case "submit":
        return jobs.jobSubmit(rest);
      case "check": {
        const { jobCheck } = await import("./commands/jobCheck.ts");
        return jobCheck(rest);
      }
      case "status":
        return jobs.jobStatus(rest);
      case "list":
        return jobs.jobList(rest);
      case "result":
        return jobs.jobResult(rest, false);
      case "verify":
        return jobs.jobResult(rest, true);
      case "challenge":
      case "cancel":
      case "finalize":
      case "expire":
        return jobs.jobAction(rest, command);
      case "withdraw":
        return jobs.jobWithdraw(rest);
      default:
        throw new CliUsageError(`Unknown job command "${command ?? ""}".`, { metaMessages: ["Run `hearth help`."] });
    }
  }
  if (group === "provider" || group === "stake" || group === "unstake") {
    const { providerCommand } = await import("./commands/providerCommands.ts");
    return group === "provider" ? providerCommand(command, rest) : providerCommand(group, argv.slice(1));
  }
  throw new CliUsageError(`Unknown command "${group}".`, { metaMessages: ["Run `hearth help`."] });
}

function exitCodeFor(error: unknown): number {
  if (!(error instanceof Error)) return 1;
  if (error instanceof CliUsageError || error.name === "InvalidJobSpecError" || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) return 2;
  if (error instanceof CliVerificationError || error.name === "HearthResultMismatchError") return 4;
  if (error.name === "HearthWaitTimeoutError") return 5;
  if (error.name === "HearthInsufficientBalanceError") return 7;
  if (error instanceof HearthContractError) return /Insufficient(Balance|FreeStake)/.test(error.errorName) ? 7 : 6;
  if (error instanceof HearthTransactionError) return { insufficientFunds: 7, wrongChain: 3, rejected: 1, reverted: 6 }[error.reason];
  const networkOrAccount = ["CliNetworkError", "CliAccountError", "KeystoreError", "HearthWrongNetworkError", "HearthRpcUnreachableError", "HearthInputUnavailableError", "IpfsRemotePinError"];
  if (networkOrAccount.includes(error.name)) return 3;
  return 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (thrown) {
  // A chain call that failed outside the SDK's actions (a read, a receipt) still gets words a user can act on.
  const error = decodeHearthError(thrown);
  if (error instanceof BaseError) {
    process.stderr.write(`\nhearth: ${error.shortMessage}\n`);
    for (const line of error.metaMessages ?? []) process.stderr.write(`  ${line}\n`);
    if (process.env.HEARTH_DEBUG && error.details) process.stderr.write(`  (${error.details})\n`);
  } else if (error instanceof ViemBaseError) {
    // viem's full message repeats the request body and call arguments: the short message and details are the news.
    process.stderr.write(`\nhearth: ${error.shortMessage}\n`);
    if (error.details && error.details !== error.shortMessage) process.stderr.write(`  ${error.details}\n`);
    if (process.env.HEARTH_DEBUG) process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error) {
    process.stderr.write(`\nhearth: ${error.message}\n`);
    if (process.env.HEARTH_DEBUG) process.stderr.write(`${error.stack}\n`);
  } else {
    process.stderr.write(`\nhearth: ${String(error)}\n`);
  }
  process.exitCode = exitCodeFor(error);
}
// Helia and libp2p can keep timers alive after they stop: a command that is done exits.
process.exit(process.exitCode ?? 0);
