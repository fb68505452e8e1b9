import { isAddress, type Address } from "viem";
import { resolvePaymentToken, type PaymentToken } from "@hearth/sdk/chain/resolvePaymentToken";
import type { HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { hearthTokenAbi } from "@hearth/sdk/generated/abis";
import { CliUsageError } from "../cliErrors.ts";

/** `--token`: HRTH, USD or a token address, checked before anything reaches the network. */
export function parseTokenOption(value: string): PaymentToken {
  const upper = value.toUpperCase();
  if (upper === "HRTH" || upper === "USD") return upper;
  if (isAddress(value)) return value;
  throw new CliUsageError(`--token must be HRTH, USD or a token address, not "${value}".`);
}

/** The address of a `--token` choice on this network; a usage error where the network has no stablecoin. */
export function tokenAddress(context: HearthContext, token: PaymentToken): Address {
  if (token === "USD" && !context.deployment.contracts.stablecoin) throw new CliUsageError("This network has no stablecoin: use --token HRTH.");
  return resolvePaymentToken(context.deployment, token);
}

/** The payment tokens of this network: HRTH, and the stablecoin where there is one. */
export function paymentTokens(context: HearthContext): Address[] {
  const { token, stablecoin } = context.deployment.contracts;
  return stablecoin ? [token, stablecoin] : [token];
}

/** A token's symbol and decimals, read from its contract. */
export async function readTokenInfo(context: HearthContext, token: Address): Promise<{ symbol: string; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    context.publicClient.readContract({ address: token, abi: hearthTokenAbi, functionName: "symbol" }),
    context.publicClient.readContract({ address: token, abi: hearthTokenAbi, functionName: "decimals" }),
  ]);
  return { symbol, decimals };
}
