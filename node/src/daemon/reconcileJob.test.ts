import type { Hex } from "viem";
import { describe, expect, test } from "vitest";
import type { HearthJob } from "@hearth/sdk/actions/getJob";
import type { TransactionState } from "../chain/createTransactionSender.ts";
import { createJobJournal, type JobJournal, type JobRecord } from "../journal/createJobJournal.ts";
import type { JobStep } from "../journal/jobSteps.ts";
import { reconcileJob, type ReconcileJobDeps } from "./reconcileJob.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const rival = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const TX = `0x${"ab".repeat(32)}` as Hex;

/** Legal journal paths to each step. */
const pathTo: Partial<Record<JobStep, JobStep[]>> = {
  seen: [],
  claiming: ["claiming"],
  claimed: ["claiming", "claimed"],
  running: ["claiming", "claimed", "running"],
  executed: ["claiming", "claimed", "running", "executed"],
  uploaded: ["claiming", "claimed", "running", "executed", "uploaded"],
  attesting: ["claiming", "claimed", "running", "executed", "uploaded", "attesting"],
  submitted: ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted"],
  finalizing: ["claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing"],
  releasing: ["claiming", "claimed", "running", "releasing"],
};

function setup(options: {
  step: JobStep;
  patch?: Parameters<JobJournal["update"]>[1];
  chain: Partial<HearthJob>;
  /** What the sender says about the journaled transaction; "pending" turns into the chain state `after`. */
  tx?: TransactionState;
  after?: Partial<HearthJob>;
  hasOutputs?: boolean;
  now?: bigint;
}) {
  const journal = createJobJournal({ path: ":memory:" });
  journal.recordSeen(
    [{ jobId: 1n, requester: rival, target: undefined, token: rival, price: 100n, deadline: 1_000n, requiredStake: 0n, maxCarbon: 0, specCid: "bafk", createdBlock: 1n }],
    1n,
  );
  const steps = options.step === "parked" ? ["claiming", "claimed", "running", "executed", "parked"] : pathTo[options.step]!;
  for (const step of steps) journal.transition(1n, step as JobStep);
  if (options.patch) journal.update(1n, options.patch);
  let onChain: HearthJob = { id: 1n, status: "open", provider: undefined, deadline: 1_000n, ...options.chain } as HearthJob;
  const calls = { waited: 0 };
  let tx = options.tx ?? "unknown";
  const deps: ReconcileJobDeps = {
    journal,
    provider: me,
    maxAttempts: 3,
    chain: {
      getJob: async () => onChain,
      now: async () => options.now ?? 500n,
      finalizedPayout: async () => 97n,
    },
    sender: {
      transactionState: async () => tx,
      waitForReceipt: async () => {
        calls.waited++;
        onChain = { ...onChain, ...options.after };
        tx = "success";
        return {} as never;
      },
    },
    outputs: { read: async () => (options.hasOutputs ? [{ name: "c", bytes: new Uint8Array(4) }] : undefined) },
  };
  return { journal, deps, calls, record: () => journal.get(1n)! };
}

const run = async (s: ReturnType<typeof setup>): Promise<JobRecord> => reconcileJob(s.record(), s.deps);

describe("reconcileJob", () => {
  test("claiming: a claim the chain shows as ours becomes claimed", async () => {
    expect((await run(setup({ step: "claiming", chain: { status: "assigned", provider: me } }))).step).toBe("claimed");
  });

  test("claiming: a claim still in the pool is waited for, never sent twice", async () => {
    const s = setup({ step: "claiming", patch: { claimTx: TX }, chain: { status: "open" }, tx: "pending", after: { status: "assigned", provider: me } });
    expect((await run(s)).step).toBe("claimed");
    expect(s.calls.waited).toBe(1);
  });

  test("claiming: a claim the chain never saw goes back to seen, to be decided again", async () => {
    const s = setup({ step: "claiming", patch: { claimTx: TX }, chain: { status: "open" }, tx: "unknown" });
    expect(await run(s)).toMatchObject({ step: "seen", claimTx: undefined });
  });

  test("claiming: a job another provider won is declined", async () => {
    expect(await run(setup({ step: "claiming", chain: { status: "assigned", provider: rival } }))).toMatchObject({ step: "declined" });
  });

  test("running: an interrupted run runs again, until the attempts run out", async () => {
    expect((await run(setup({ step: "running", patch: { attempts: 1 }, chain: { status: "assigned", provider: me } }))).step).toBe("claimed");
    expect(await run(setup({ step: "running", patch: { attempts: 3 }, chain: { status: "assigned", provider: me } }))).toMatchObject({
      step: "failed",
      reason: "gave up after 3 interrupted runs",
    });
  });

  test("executed: resumes with the outputs on disk, or runs again without them", async () => {
    const assigned = { status: "assigned", provider: me } as const;
    expect((await run(setup({ step: "executed", chain: assigned, hasOutputs: true }))).step).toBe("executed");
    expect((await run(setup({ step: "executed", chain: assigned, hasOutputs: false }))).step).toBe("claimed");
  });

  test("attesting: a submission that landed is not sent again", async () => {
    expect((await run(setup({ step: "attesting", patch: { submitTx: TX }, chain: { status: "submitted", provider: me } }))).step).toBe("submitted");
    const pending = setup({ step: "attesting", patch: { submitTx: TX }, chain: { status: "assigned", provider: me }, tx: "pending", after: { status: "submitted" } });
    expect((await run(pending)).step).toBe("submitted");
    expect(pending.calls.waited).toBe(1);
  });

  test("attesting: a submission the chain never saw goes back to uploaded, to be sent again", async () => {
    expect(await run(setup({ step: "attesting", patch: { submitTx: TX }, chain: { status: "assigned", provider: me } }))).toMatchObject({
      step: "uploaded",
      submitTx: undefined,
    });
  });

  test("past the deadline an undelivered job is failed", async () => {
    expect(await run(setup({ step: "uploaded", chain: { status: "assigned", provider: me }, now: 1_000n }))).toMatchObject({ step: "failed" });
    expect(await run(setup({ step: "claimed", chain: { status: "expired", provider: me } }))).toMatchObject({ step: "failed" });
  });

  test("submitted and finalizing: finalized on chain (by anyone) is recorded with the payout", async () => {
    expect(await run(setup({ step: "submitted", chain: { status: "finalized", provider: me } }))).toMatchObject({ step: "finalized", payout: 97n });
    expect(await run(setup({ step: "finalizing", patch: { finalizeTx: TX }, chain: { status: "finalized", provider: me } }))).toMatchObject({
      step: "finalized",
    });
    expect((await run(setup({ step: "finalizing", patch: { finalizeTx: TX }, chain: { status: "submitted", provider: me } }))).step).toBe("submitted");
    expect((await run(setup({ step: "submitted", chain: { status: "rejected", provider: me } }))).step).toBe("failed");
  });

  test("releasing: stays while the job is still ours on chain, so the loop sends the release (again)", async () => {
    const s = setup({ step: "releasing", chain: { status: "assigned", provider: me } });
    expect((await run(s)).step).toBe("releasing");
  });

  test("releasing: a release that landed (open again, or taken by another provider since) is recorded", async () => {
    for (const chain of [{ status: "open" }, { status: "open", provider: me }, { status: "assigned", provider: rival }, { status: "cancelled" }] as const) {
      const s = setup({ step: "releasing", chain });
      expect((await run(s)).step, JSON.stringify(chain)).toBe("released");
    }
  });

  test("a job given back while the node was down (open again on chain) is recorded as released", async () => {
    for (const step of ["claimed", "running", "executed", "uploaded"] as const) {
      const s = setup({ step, chain: { status: "open", provider: me }, hasOutputs: true });
      const after = await run(s);
      expect(after.step, step).toBe("released");
      expect(s.journal.history(1n).map((entry) => entry.step).slice(-2)).toEqual(["releasing", "released"]);
    }
  });

  test("a released job is left alone, whatever the chain shows since", async () => {
    const s = setup({ step: "releasing", chain: { status: "open", provider: me } });
    expect((await run(s)).step).toBe("released");
    expect((await run(s)).step).toBe("released");
    expect(s.journal.history(1n).map((entry) => entry.step).at(-1)).toBe("released");
  });

  test("releasing: a job that expired first is failed, its reason kept", async () => {
    const s = setup({ step: "releasing", patch: { reason: "timeout: ran past 3000 ms" }, chain: { status: "expired", provider: me } });
    const after = await run(s);
    expect(after.step).toBe("failed");
    expect(after.reason).toBe("timeout: ran past 3000 ms; expired before the release");
  });

  test("parked: resumes at the step it was parked from", async () => {
    const s = setup({ step: "parked", patch: { resumeStep: "executed" }, chain: { status: "assigned", provider: me }, hasOutputs: true });
    expect(await run(s)).toMatchObject({ step: "executed", resumeStep: undefined });
  });
});
