import { describe, expect, test } from "vitest";
import { energyUnits as energy, gpuTimeUnits as gpuTime, pickUnit } from "./pickUnit.ts";

describe("pickUnit", () => {
  test("the largest unit in which the biggest value reads as at least 1", () => {
    expect(pickUnit(gpuTime, 2.2e-5).unit).toBe("GPU-s"); // 0.08 GPU-s: below 1 even in seconds, so the smallest
    expect(pickUnit(gpuTime, 0.5).unit).toBe("GPU-min");
    expect(pickUnit(gpuTime, 1).unit).toBe("GPU-h");
    expect(pickUnit(energy, 1.4e-5)).toEqual({ unit: "mWh", factor: 1e6 });
    expect(pickUnit(energy, 0.02).unit).toBe("Wh");
    expect(pickUnit(energy, 2_500).unit).toBe("MWh");
  });

  test("the value's own unit when there is nothing to show", () => {
    expect(pickUnit(energy, 0).unit).toBe("kWh");
    expect(pickUnit(gpuTime, Number.NaN).unit).toBe("GPU-h");
  });
});
