import { describe, expect, it } from "vitest";
import { runHearth } from "./support/devnetProcess.ts";

describe("hearth --help", () => {
  it("prints a command group's usage and the common options, and exits 0", async () => {
    const job = await runHearth(["job", "submit", "--help"]);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain("hearth job submit <spec.json>");
    expect(job.stdout).toContain("hearth job check <spec.json>");
    expect(job.stdout).toContain("Common options: --network FILE");
    expect(job.stdout).not.toContain("hearth provider");

    const provider = await runHearth(["provider", "status", "-h"]);
    expect(provider.code).toBe(0);
    expect(provider.stdout).toContain("hearth provider start [--config FILE]");
    expect(provider.stdout).not.toContain("hearth job");

    const unknown = await runHearth(["nope", "--help"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "nope".');
  }, 60_000);
});
