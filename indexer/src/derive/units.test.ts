import { expect, test } from "vitest";
import { bucketStart, formatRatio, gramsCo2e, hrthValue, joules, kilowattHours } from "./units.ts";

test("buckets are UTC hours and days", () => {
  expect(bucketStart(1_800_003_599n, "hour")).toBe(1_800_000_000n);
  expect(bucketStart(1_800_003_600n, "hour")).toBe(1_800_003_600n);
  expect(bucketStart(1_800_000_000n, "day")).toBe(1_799_971_200n);
});

test("ratios are exact decimal strings, truncated", () => {
  expect(formatRatio(1n, 3n, 6)).toBe("0.333333");
  expect(formatRatio(10n, 5n, 6)).toBe("2");
  expect(formatRatio(-1n, 4n, 2)).toBe("-0.25");
  expect(formatRatio(7n, 2n, 0)).toBe("3");
});

test("energy and carbon units", () => {
  expect(joules(8_300_001n)).toBe("8300.001");
  expect(kilowattHours(3_600_000_000n)).toBe("1");
  // 1 kWh at 400 gCO2e/kWh is 400 g.
  expect(gramsCo2e(3_600_000_000n * 400n)).toBe("400");
  expect(gramsCo2e(1n)).toBe("0");
  expect(hrthValue(5_000_000n, 10n ** 31n)).toBe(50n * 10n ** 18n);
});
