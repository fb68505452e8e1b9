import { expect, test } from "vitest";
import { emissionForEpoch, epochAt, rewardShare } from "./emission.ts";

const schedule = { genesisTime: 1_000n, epochLength: 60n, initialEmission: 1_000_000n * 10n ** 18n, decayBps: 9_900n };

test("emission decays by decayBps per epoch with the contract's rounding", () => {
  expect(emissionForEpoch(schedule, 0n)).toBe(1_000_000n * 10n ** 18n);
  expect(emissionForEpoch(schedule, 1n)).toBe(990_000n * 10n ** 18n);
  expect(emissionForEpoch(schedule, 2n)).toBe(980_100n * 10n ** 18n);
  // 0.99^100 = 0.36603234127322950... (WAD products rounded down at each squaring)
  const e100 = emissionForEpoch(schedule, 100n);
  expect(e100 / 10n ** 12n).toBe(366_032_341_273n);
});

test("epochs start at genesis", () => {
  expect(epochAt(schedule, 0n)).toBe(0n);
  expect(epochAt(schedule, 1_059n)).toBe(0n);
  expect(epochAt(schedule, 1_060n)).toBe(1n);
});

test("shares round down and split nothing without points", () => {
  expect(rewardShare(100n, 1n, 3n)).toBe(33n);
  expect(rewardShare(100n, 0n, 0n)).toBe(0n);
});
