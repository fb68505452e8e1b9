import { describe, expect, it } from "vitest";
import { emissionsNextYear, estimateApr, SECONDS_PER_YEAR } from "./estimateApr";

const wei = (hrth: number) => BigInt(hrth) * 10n ** 18n;

describe("estimateApr", () => {
  it("sums a year of constant emissions without decay", () => {
    expect(emissionsNextYear({ epochLength: SECONDS_PER_YEAR / 52, decayBps: 10_000, currentEmission: wei(100) })).toBeCloseTo(5_200);
  });

  it("sums a decaying schedule geometrically", () => {
    // 2 epochs a year, halving: 100 + 50.
    expect(emissionsNextYear({ epochLength: SECONDS_PER_YEAR / 2, decayBps: 5_000, currentEmission: wei(100) })).toBeCloseTo(150);
  });

  it("is the share of next year's emissions over the stake", () => {
    const schedule = { epochLength: SECONDS_PER_YEAR / 2, decayBps: 5_000, currentEmission: wei(100) };
    expect(estimateApr(schedule, 0.5, wei(750))).toBeCloseTo(0.1);
    expect(estimateApr(schedule, 1, 0n)).toBeNull();
  });
});
