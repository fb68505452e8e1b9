import { formatUnits } from "viem";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";

// Display helpers: amounts arrive as decimal strings of base units (HRTH has 18 decimals, tUSD 6), times as
// unix seconds. Numbers are shown in the reader's locale, rounded for reading, never for computing.

export const HRTH_DECIMALS = 18;

export type TokenInfo = { address: string; symbol: string; decimals: number };

/** The payment tokens of a network, by lower-case address. */
export function tokensOf(network: NetworkConfig): TokenInfo[] {
  const tokens: TokenInfo[] = [{ address: network.contracts.token.toLowerCase(), symbol: "HRTH", decimals: 18 }];
  if (network.contracts.stablecoin) tokens.push({ address: network.contracts.stablecoin.toLowerCase(), symbol: "tUSD", decimals: 6 });
  return tokens;
}

export function tokenOf(network: NetworkConfig, address: string): TokenInfo {
  return tokensOf(network).find((t) => t.address === address.toLowerCase()) ?? { address, symbol: shortAddress(address), decimals: 18 };
}

/** A base-unit amount as a readable number: `1234.5` → "1,234.5" with at most `digits` fraction digits. */
export function formatAmount(value: string | bigint | null | undefined, decimals = HRTH_DECIMALS, digits = 4): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = formatUnits(typeof value === "bigint" ? value : BigInt(value), decimals);
  return formatDecimal(text, digits);
}

/** A decimal string, grouped, with at most `digits` fraction digits (truncated, not rounded up). */
export function formatDecimal(text: string | number, digits = 4): string {
  const value = typeof text === "number" ? text.toString() : text;
  if (!/^-?\d+(\.\d+)?$/.test(value)) return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits });
  const [whole = "0", fraction = ""] = value.split(".");
  const negative = whole.startsWith("-");
  const grouped = BigInt(negative ? whole.slice(1) : whole).toLocaleString("en-US");
  let kept = fraction.slice(0, digits).replace(/0+$/, "");
  // Keep tiny amounts visible: show the first significant digits instead of "0".
  if (!kept && /[1-9]/.test(fraction) && grouped === "0") {
    const firstSignificant = fraction.search(/[1-9]/);
    kept = fraction.slice(0, firstSignificant + 2).replace(/0+$/, "");
  }
  return `${negative ? "-" : ""}${grouped}${kept ? `.${kept}` : ""}`;
}

export function formatToken(network: NetworkConfig, token: string, value: string | bigint | null | undefined): string {
  const info = tokenOf(network, token);
  return `${formatAmount(value, info.decimals)} ${info.symbol}`;
}

export function formatHrth(value: string | bigint | null | undefined, digits = 2): string {
  return `${formatAmount(value, HRTH_DECIMALS, digits)} HRTH`;
}

export function formatNumber(value: number | string | null | undefined, digits = 2): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function formatPercent(ratio: number | string | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || ratio === "") return "—";
  const n = typeof ratio === "number" ? ratio : Number(ratio);
  if (!Number.isFinite(n)) return "—";
  return `${(n * 100).toLocaleString("en-US", { maximumFractionDigits: digits })}%`;
}

/** Grams of CO2e, in g or kg. */
export function formatGrams(grams: number | string | null | undefined): string {
  if (grams === null || grams === undefined) return "—";
  const g = Number(grams);
  if (!Number.isFinite(g)) return "—";
  if (g >= 1000) return `${formatNumber(g / 1000, 2)} kg CO₂e`;
  if (g > 0 && g < 0.001) return `${formatNumber(g * 1e6, 1)} µg CO₂e`;
  if (g > 0 && g < 1) return `${formatNumber(g * 1000, 2)} mg CO₂e`;
  return `${formatNumber(g, 2)} g CO₂e`;
}

export function formatKwh(kwh: number | string | null | undefined): string {
  if (kwh === null || kwh === undefined) return "—";
  const v = Number(kwh);
  if (!Number.isFinite(v)) return "—";
  if (v > 0 && v < 0.001) return `${formatNumber(v * 1000, 3)} Wh`;
  return `${formatNumber(v, 3)} kWh`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${formatNumber(s / 3600, 1)} h`;
  return `${formatNumber(s / 86_400, 1)} days`;
}

/** GPU time given in hours, in the unit that shows it best: GPU-h from one hour, else GPU-min, else GPU-s. */
export function formatGpuTime(hours: number | string | null | undefined): string {
  if (hours === null || hours === undefined || hours === "") return "—";
  const h = Number(hours);
  if (!Number.isFinite(h)) return "—";
  if (h === 0) return "0 GPU-h";
  if (h >= 1) return `${formatNumber(h, 2)} GPU-h`;
  if (h >= 1 / 60) return `${formatNumber(h * 60, 1)} GPU-min`;
  return `${formatNumber(h * 3600, 3)} GPU-s`;
}

/** Unix seconds as a local date and time. */
export function formatTime(seconds: number | null | undefined): string {
  if (!seconds) return "—";
  return new Date(seconds * 1000).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" });
}

export function shortAddress(address: string | null | undefined): string {
  if (!address) return "—";
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function shortCid(cid: string | null | undefined): string {
  if (!cid) return "—";
  return cid.length > 20 ? `${cid.slice(0, 10)}…${cid.slice(-6)}` : cid;
}
