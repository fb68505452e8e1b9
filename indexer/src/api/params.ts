import { type Hex, isAddress } from "viem";
import { invalidParameter } from "./apiErrors.ts";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export type Query = Record<string, string | undefined>;

/** Refuses parameters the endpoint does not know, so a typo is a 400 rather than a silently ignored filter. */
export function expectOnly(query: Query, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) {
      throw invalidParameter(name, `is not a parameter of this endpoint (expected ${known.join(", ") || "none"}).`);
    }
  }
}

export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(text)) throw invalidParameter("limit", `must be an integer from 1 to ${MAX_LIMIT}.`);
  const value = Number(text);
  if (value < 1 || value > MAX_LIMIT) throw invalidParameter("limit", `must be an integer from 1 to ${MAX_LIMIT}.`);
  return value;
}

export function parseAddress(parameter: string, text: string): Hex {
  if (!isAddress(text, { strict: false })) throw invalidParameter(parameter, "must be a 0x-prefixed 20-byte address.");
  return text.toLowerCase() as Hex;
}

export function parseJobId(parameter: string, text: string): bigint {
  if (!/^\d{1,78}$/.test(text) || BigInt(text) === 0n) throw invalidParameter(parameter, "must be a positive integer job id.");
  return BigInt(text);
}

export function parseEnum<const T extends string>(parameter: string, text: string | undefined, values: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(values as readonly string[]).includes(text)) {
    throw invalidParameter(parameter, `must be one of ${values.join(", ")}.`);
  }
  return text as T;
}

/** A time as unix seconds or an ISO 8601 date-time. */
export function parseTime(parameter: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,12}$/.test(text)) return BigInt(text);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidParameter(parameter, "must be unix seconds or an ISO 8601 date-time.");
  return BigInt(Math.floor(ms / 1000));
}
