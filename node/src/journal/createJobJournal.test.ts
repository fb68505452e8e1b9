import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { JournalTransitionError } from "../errors/provider.ts";
import { createJobJournal, type SeenJob } from "./createJobJournal.ts";
import { allowedTransitions, isTerminal, jobSteps } from "./jobSteps.ts";

const seen = (jobId: bigint): SeenJob => ({
  jobId,
  requester: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  target: undefined,
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  price: 10n ** 18n + jobId,
  deadline: 1_700_000_000n,
  requiredStake: 0n,
  maxCarbon: 0,
  specCid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
  createdBlock: 7n,
});

const fresh = () => createJobJournal({ path: join(mkdtempSync(join(tmpdir(), "hearth-journal-")), "journal.sqlite") });

describe("createJobJournal", () => {
  test("records seen jobs once and moves the block cursor with them", () => {
    const journal = fresh();
    expect(journal.getLastBlock()).toBeUndefined();
    expect(journal.recordSeen([seen(1n), seen(2n)], 10n)).toBe(2);
    expect(journal.recordSeen([seen(2n), seen(3n)], 12n)).toBe(1);
    expect(journal.getLastBlock()).toBe(12n);
    expect(journal.list().map((job) => job.jobId)).toEqual([1n, 2n, 3n]);
    expect(journal.get(2n)).toMatchObject({ step: "seen", price: 10n ** 18n + 2n, attempts: 0 });
    expect(journal.recordSeen([], 20n)).toBe(0);
    expect(journal.getLastBlock()).toBe(20n);
  });

  test("walks the happy path, keeping hashes, results, metrics and step times", () => {
    const journal = fresh();
    journal.recordSeen([seen(5n)], 1n);
    journal.transition(5n, "claiming");
    journal.update(5n, { claimTx: "0xaa" });
    journal.transition(5n, "claimed");
    journal.transition(5n, "running", { attempts: 1 });
    const metrics = {
      gpuMs: 1.5,
      wallMs: 20,
      energyJoules: 0.3,
      energyMethod: "estimated" as const,
      energyEstimated: true,
      device: { vendor: "google", architecture: "swiftshader", description: "SwiftShader", backend: "vulkan" },
    };
    journal.transition(5n, "executed", { metrics, executedAt: "2025-01-01T00:00:00.000Z" });
    journal.transition(5n, "uploaded", { resultCid: "bafyresult", outputRoot: `0x${"11".repeat(32)}` });
    journal.transition(5n, "attesting", { submitTx: "0xbb" });
    journal.transition(5n, "submitted");
    journal.transition(5n, "finalizing", { finalizeTx: "0xcc" });
    const done = journal.transition(5n, "finalized", { payout: 975n });
    expect(done).toMatchObject({ step: "finalized", claimTx: "0xaa", submitTx: "0xbb", finalizeTx: "0xcc", resultCid: "bafyresult", payout: 975n });
    expect(done.metrics).toEqual(metrics);
    expect(Object.keys(done.stepTimes)).toEqual(["seen", "claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing", "finalized"]);
    expect(journal.history(5n).map((entry) => entry.step)).toEqual(Object.keys(done.stepTimes));
    expect(journal.unfinished()).toEqual([]);
    expect(journal.countByStep().finalized).toBe(1);
  });

  test("refuses every transition the state machine does not list", () => {
    const journal = createJobJournal({ path: ":memory:" });
    let id = 100n;
    // Reach each step by a legal path, then try every target from it.
    const pathTo: Record<string, string[]> = {
      seen: [],
      declined: ["declined"],
      claiming: ["claiming"],
      claimed: ["claiming", "claimed"],
      running: ["claiming", "claimed", "running"],
      executed: ["claiming", "claimed", "running", "executed"],
      uploaded: ["claiming", "claimed", "running", "executed", "uploaded"],
      attesting: ["claiming", "claimed", "running", "executed", "uploaded", "attesting"],
      submitted: ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted"],
      finalizing: ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing"],
      finalized: ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalized"],
      releasing: ["claiming", "claimed", "running", "releasing"],
      released: ["claiming", "claimed", "releasing", "released"],
      failed: ["claiming", "failed"],
      parked: ["claiming", "claimed", "parked"],
    };
    for (const from of jobSteps) {
      for (const to of jobSteps) {
        const jobId = id++;
        journal.recordSeen([seen(jobId)], 1n);
        for (const step of pathTo[from]!) journal.transition(jobId, step as never);
        const allowed = allowedTransitions[from].includes(to);
        if (allowed) expect(journal.transition(jobId, to).step).toBe(to);
        else {
          expect(() => journal.transition(jobId, to), `${from} -> ${to}`).toThrow(JournalTransitionError);
          expect(journal.get(jobId)!.step).toBe(from);
        }
      }
    }
    expect(() => journal.transition(99_999n, "claiming")).toThrow(/not in the journal/);
    // Every terminal step, and only those, is left out of `unfinished`.
    const unfinished = new Set(journal.unfinished().map((job) => job.step));
    for (const step of jobSteps) expect(unfinished.has(step), step).toBe(!isTerminal(step));
  });

  test("a transition that returned survives SIGKILL of the writing process", () => {
    const dir = mkdtempSync(join(tmpdir(), "hearth-journal-"));
    const path = join(dir, "journal.sqlite");
    const script = `
      import { createJobJournal } from ${JSON.stringify(new URL("./createJobJournal.ts", import.meta.url).pathname)};
      const journal = createJobJournal({ path: ${JSON.stringify(path)} });
      const job = { requester: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        specCid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", maxCarbon: 0 };
      journal.recordSeen([{ ...job, jobId: 9n, price: 1n, deadline: 1n, requiredStake: 0n, createdBlock: 3n }], 3n);
      journal.transition(9n, "claiming", { claimTx: "0xabc" });
      process.kill(process.pid, "SIGKILL");
    `;
    const child = spawnSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.signal).toBe("SIGKILL");
    const journal = createJobJournal({ path });
    expect(journal.get(9n)).toMatchObject({ step: "claiming", claimTx: "0xabc" });
    expect(journal.getLastBlock()).toBe(3n);
    journal.close();
  });
});
