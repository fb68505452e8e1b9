/**
 * Units a value may be shown in, largest first, each with its factor from the value's own unit (one of them has
 * factor 1), e.g. GPU-h (1), GPU-min (60), GPU-s (3600).
 */
export type UnitLadder = readonly { unit: string; factor: number }[];

/** GPU time from GPU-hours, and energy from kWh, in the largest unit that reads as at least 1. */
export const gpuTimeUnits: UnitLadder = [
  { unit: "GPU-h", factor: 1 },
  { unit: "GPU-min", factor: 60 },
  { unit: "GPU-s", factor: 3_600 },
];
export const energyUnits: UnitLadder = [
  { unit: "MWh", factor: 1e-3 },
  { unit: "kWh", factor: 1 },
  { unit: "Wh", factor: 1e3 },
  { unit: "mWh", factor: 1e6 },
];

/**
 * The largest unit of `units` in which `max` reads as at least 1 (a devnet's millisecond jobs in GPU-s rather than
 * 2.2e-5 GPU-h), the smallest when even that is under 1, and the factor-1 unit when there is nothing to show.
 */
export function pickUnit(units: UnitLadder, max: number): { unit: string; factor: number } {
  if (!(max > 0)) return units.find((u) => u.factor === 1) ?? units[0]!;
  return units.find((u) => max * u.factor >= 1) ?? units[units.length - 1]!;
}
