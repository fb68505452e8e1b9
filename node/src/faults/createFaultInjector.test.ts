import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createFaultInjector, noFaults } from "./createFaultInjector.ts";

const logger = () => {
  const warnings: string[] = [];
  return { warnings, warn: (_: object, message?: string) => void warnings.push(message ?? "") };
};

describe("createFaultInjector", () => {
  test("is inert without a faults section", () => {
    const log = logger();
    expect(createFaultInjector({ faults: undefined, markerFile: "/nonexistent", logger: log })).toBe(noFaults);
    expect(log.warnings).toEqual([]);
  });

  test("announces itself and every affected job, only for the jobs named", () => {
    const log = logger();
    const faults = createFaultInjector({
      faults: { modes: ["wrongOutput"], crashAt: [], jobIds: ["7"] },
      markerFile: join(mkdtempSync(join(tmpdir(), "hearth-faults-")), "fired.json"),
      logger: log,
    });
    expect(log.warnings[0]).toMatch(/FAULT INJECTION IS ON/);
    expect(faults.applies("wrongOutput", 7n)).toBe(true);
    expect(faults.applies("wrongOutput", 7n)).toBe(true); // announced once per job
    expect(faults.applies("wrongOutput", 8n)).toBe(false);
    expect(faults.applies("neverSubmit", 7n)).toBe(false);
    expect(log.warnings.filter((warning) => warning.startsWith("FAULT INJECTED"))).toEqual(["FAULT INJECTED: wrongOutput"]);
  });

  test("crash points fire once per data folder, across restarts", () => {
    const markerFile = join(mkdtempSync(join(tmpdir(), "hearth-faults-")), "fired.json");
    let kills = 0;
    const make = () => createFaultInjector({ faults: { modes: [], crashAt: ["claimed", "uploaded"] }, markerFile, logger: logger(), kill: () => kills++ });
    const first = make();
    first.crash("executed", 1n);
    expect(kills).toBe(0);
    first.crash("claimed", 1n);
    expect(kills).toBe(1);
    const restarted = make();
    restarted.crash("claimed", 1n);
    expect(kills).toBe(1);
    restarted.crash("uploaded", 1n);
    expect(kills).toBe(2);
  });
});
