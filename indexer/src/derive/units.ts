/** Time buckets and unit conversions shared by the handlers and the API. */

export const HOUR = 3600n;
export const DAY = 86_400n;

export type Interval = "hour" | "day";

export function bucketStart(timestamp: bigint, interval: Interval): bigint {
  const size = interval === "hour" ? HOUR : DAY;
  return timestamp - (timestamp % size);
}

/** `numerator / denominator` as a decimal string with at most `decimals` digits after the point (truncated). */
export function formatRatio(numerator: bigint, denominator: bigint, decimals: number): string {
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const scale = 10n ** BigInt(decimals);
  const scaled = (n * scale) / d;
  const whole = scaled / scale;
  let fraction = (scaled % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  if (decimals === 0) fraction = "";
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Millijoules to joules, exact. */
export function joules(millijoules: bigint): string {
  return formatRatio(millijoules, 1000n, 3);
}

/** Millijoules to kWh (1 kWh = 3.6e9 mJ), with 12 decimals (about 3.6 mJ resolution). */
export function kilowattHours(millijoules: bigint): string {
  return formatRatio(millijoules, 3_600_000_000n, 12);
}

/**
 * Grams of CO2e from the sum of energy (mJ) x carbon intensity (gCO2e/kWh): gCO2e = sum / 3.6e9. Six
 * decimals (micrograms).
 */
export function gramsCo2e(carbonMjG: bigint): string {
  return formatRatio(carbonMjG, 3_600_000_000n, 6);
}

/** `JobMarket.hrthValue`: amount x hrthPerUnitWad / 1e18, rounded down. */
export function hrthValue(amount: bigint, hrthPerUnitWad: bigint): bigint {
  return (amount * hrthPerUnitWad) / 10n ** 18n;
}
