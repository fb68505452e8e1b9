import { describe, expect, test } from "vitest";
import { formatGpuTime } from "./format.ts";

describe("formatGpuTime", () => {
  test("picks hours, minutes or seconds so short jobs do not read as nothing", () => {
    expect(formatGpuTime("2.5")).toBe("2.5 GPU-h");
    expect(formatGpuTime(1)).toBe("1 GPU-h");
    expect(formatGpuTime(0.5)).toBe("30 GPU-min");
    expect(formatGpuTime(30 / 3_600_000)).toBe("0.03 GPU-s"); // a 30 ms job
    expect(formatGpuTime("0.000000000")).toBe("0 GPU-h");
  });

  test("shows a dash for what is not a number", () => {
    expect(formatGpuTime(null)).toBe("—");
    expect(formatGpuTime("")).toBe("—");
    expect(formatGpuTime("abc")).toBe("—");
  });
});
