import { pino } from "pino";
import { describe, expect, test } from "vitest";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import type { ContractCall, TransactionSender } from "../chain/createTransactionSender.ts";
import { createFaultInjector, noFaults } from "../faults/createFaultInjector.ts";
import { createJobJournal } from "../journal/createJobJournal.ts";
import { createVerifierDuties, type CreateVerifierDutiesParameters } from "./createVerifierDuties.ts";
import type { Judgement } from "./judgeAttestedResult.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const zero = "0x0000000000000000000000000000000000000000" as const;
const deployment: HearthDeployment = {
  chainId: 31337,
  startBlock: 1,
  contracts: {
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
  },
};

/** A court double: dispute state, events and the calls sent to it. */
function world(
  options: {
    judgement?: Judgement;
    judge?: (jobId: bigint) => Promise<Judgement>;
    faults?: CreateVerifierDutiesParameters["faults"];
    logLines?: string[];
  } = {},
) {
  const judged: bigint[] = [];
  const state = {
    head: 10n,
    dispute: { status: 2, commits: 0, faultVotes: 0, correctVotes: 0, commitDeadline: 100, revealDeadline: 200, drawBlock: 5n },
    members: [me, other] as `0x${string}`[],
    sampledVerifier: zero as `0x${string}`,
    preview: [true, me] as readonly [boolean, `0x${string}`],
    events: [] as { eventName: string; args: Record<string, unknown> }[],
    memberEvents: new Set<string>(),
    job: { status: "submitted", verified: false, submittedAt: 50n },
  };
  const sent: ContractCall[] = [];
  const journal = createJobJournal({ path: ":memory:" });
  const client = {
    getBlockNumber: async () => state.head,
    async getContractEvents(query: { address: string; eventName?: string; args?: { member?: string } }) {
      if (query.eventName === "VoteCommitted" || query.eventName === "VoteRevealed") return state.memberEvents.has(query.eventName) ? [{}] : [];
      if (query.eventName === "AttestationSubmitted") return state.events.filter((event) => event.eventName === "AttestationSubmitted");
      return state.events.filter((event) => event.eventName !== "AttestationSubmitted");
    },
    async readContract({ functionName, args }: { functionName: string; args: readonly unknown[] }) {
      switch (functionName) {
        case "getDispute":
          return state.dispute;
        case "committee":
          return state.members;
        case "commitmentFor":
          return `0xc0${String(args[2])}${String(args[3]).slice(2, 10)}`;
        case "sampledVerifier":
          return state.sampledVerifier;
        case "previewSample":
          return state.preview;
        default:
          throw new Error(`unexpected read ${functionName}`);
      }
    },
  };
  const sender: Pick<TransactionSender, "send" | "transactionState"> = {
    async send(call, hooks) {
      await hooks?.onSigned?.(`0x${"aa".repeat(32)}`);
      sent.push(call);
      if (call.functionName === "commitVote") state.dispute.commits++;
      if (call.functionName === "drawVerifier") state.sampledVerifier = me;
      if (call.functionName === "passVerification") state.job.verified = true;
      return { hash: `0x${"aa".repeat(32)}`, receipt: {} as never };
    },
    transactionState: async () => "success",
  };
  const duties = createVerifierDuties({
    client: client as never,
    deployment,
    chain: { getJob: async () => ({ ...state.job }) as never, challengeWindow: async () => 20n },
    sender,
    journal,
    provider: me,
    judge: async (jobId) => {
      judged.push(jobId);
      return options.judge ? options.judge(jobId) : (options.judgement ?? { verdict: "wrong", reason: "failed freivalds" });
    },
    faults: options.faults ?? noFaults,
    logger: options.logLines ? pino({ level: "info" }, { write: (line: string) => void options.logLines!.push(line) }) : pino({ level: "silent" }),
    maxBlockRange: 100,
    confirmations: 0,
  });
  return { state, sent, journal, duties, judged };
}

describe("createVerifierDuties", () => {
  test("journals submissions by others, disputes, and committees it sits on", async () => {
    const w = world();
    w.state.events.push(
      { eventName: "AttestationSubmitted", args: { jobId: 1n, provider: other, randomnessBlock: 8n } },
      { eventName: "AttestationSubmitted", args: { jobId: 2n, provider: me, randomnessBlock: 8n } },
      { eventName: "DisputeOpened", args: { jobId: 3n, drawBlock: 9n } },
      { eventName: "CommitteeDrawn", args: { jobId: 3n, members: [other, me], commitDeadline: 100, revealDeadline: 200 } },
      { eventName: "CommitteeDrawn", args: { jobId: 4n, members: [other], commitDeadline: 100, revealDeadline: 200 } },
    );
    await w.duties.poll();
    expect(w.journal.listDuties().map((duty) => [duty.jobId, duty.kind, duty.step])).toEqual([
      [1n, "sample", "pending"],
      [3n, "committee", "drawn"],
      [3n, "dispute", "awaiting-draw"],
    ]);
    expect(w.journal.getDutiesLastBlock()).toBe(10n);
  });

  test("committee: judges, journals vote and salt, commits, reveals when the reveal opens; the dispute is resolved after", async () => {
    const w = world();
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    await w.duties.tick(50n, 10n); // starts judging
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("drawn");
    await w.duties.settled();
    await w.duties.tick(50n, 10n);
    const voting = w.journal.getDuty(3n, "committee")!;
    expect(voting).toMatchObject({ step: "voting", vote: true });
    expect(voting.salt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(w.sent).toEqual([]); // the vote is journaled before anything is sent
    await w.duties.tick(51n, 11n);
    expect(w.sent.map((call) => [call.functionName, call.args[0]])).toEqual([["commitVote", 3n]]);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("committed");
    // one of two members committed, before the commit deadline: the reveal is not open
    await w.duties.tick(60n, 12n);
    expect(w.sent).toHaveLength(1);
    await w.duties.tick(100n, 13n);
    expect(w.sent[1]).toMatchObject({ functionName: "revealVote", args: [3n, true, voting.salt] });
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("revealed");
    w.state.dispute.correctVotes = 0;
    w.state.dispute.faultVotes = 1;
    w.journal.recordDuties([{ jobId: 3n, kind: "dispute", step: "awaiting-draw", block: 5n }], 1n);
    await w.duties.tick(150n, 14n); // voting not over: one of two members revealed
    expect(w.sent).toHaveLength(2);
    expect(w.journal.getDuty(3n, "dispute")!.step).toBe("voting");
    await w.duties.tick(200n, 15n);
    expect(w.sent[2]).toMatchObject({ functionName: "resolve", args: [3n] });
    expect(w.journal.getDuty(3n, "dispute")!.step).toBe("resolved");
    w.state.dispute.status = 3;
    await w.duties.tick(201n, 16n);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("resolved");
    expect(w.sent).toHaveLength(3);
  });

  test("logs every judgement with who checked it, whose result, the method and its figures", async () => {
    const logLines: string[] = [];
    const evidence = { job_provider: other, result_cid: "bafkreiexample", method: "freivalds", rounds: 20, false_accept_bound: 2 ** -20 };
    const w = world({ judgement: { verdict: "wrong", reason: "failed freivalds", evidence }, logLines });
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    await w.duties.tick(50n, 10n);
    await w.duties.settled();
    await w.duties.tick(50n, 10n);
    await w.duties.tick(51n, 11n);
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === "attested result judged")).toMatchObject({
      job_id: "3",
      duty: "committee",
      verifier: me,
      verdict: "wrong",
      reason: "failed freivalds",
      ...evidence,
    });
    expect(lines.find((line) => line.msg === "committee vote committed")).toMatchObject({ job_id: "3", member: me });
  });

  test("a slow judgement runs beside the loop: other duties move on, and the verdict is used once it is known", async () => {
    let finish!: (judgement: Judgement) => void;
    const w = world({ judge: () => new Promise<Judgement>((resolve) => (finish = resolve)) });
    w.state.dispute.status = 1;
    w.journal.recordDuties(
      [
        { jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n },
        { jobId: 3n, kind: "dispute", step: "awaiting-draw", block: 5n },
      ],
      1n,
    );
    await w.duties.tick(50n, 10n); // returns while the result is being judged
    await w.duties.tick(51n, 11n);
    expect(w.judged).toEqual([3n]); // judged once, not once per tick
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("drawn");
    expect(w.sent.map((call) => call.functionName)).toEqual(["drawCommittee", "drawCommittee"]); // the dispute duty kept going
    finish({ verdict: "correct", reason: "passed freivalds" });
    await w.duties.settled();
    await w.duties.tick(52n, 12n);
    expect(w.journal.getDuty(3n, "committee")).toMatchObject({ step: "voting", vote: false });
    expect(w.judged).toEqual([3n]);
  });

  test("a judgement that throws is logged and tried again later, never taking the loop down", async () => {
    const logLines: string[] = [];
    const w = world({ judge: () => Promise.reject(new Error("GPU process exited")), logLines });
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    await w.duties.tick(50n, 10n);
    await w.duties.settled();
    await w.duties.tick(51n, 11n);
    expect(w.judged).toEqual([3n]); // not again within 10 s
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("drawn");
    const failure = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === "judging the result failed; will try again");
    expect(failure).toMatchObject({ job_id: "3", duty: "committee", err: { message: "GPU process exited" } });
  });

  test("committee: after a restart, a commitment already on chain is not sent again", async () => {
    const w = world();
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    w.journal.updateDuty(3n, "committee", { step: "voting", vote: false, salt: `0x${"11".repeat(32)}` });
    w.state.memberEvents.add("VoteCommitted");
    await w.duties.tick(60n, 10n);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("committed");
    expect(w.sent).toEqual([]);
  });

  test("committee: abstains while the result cannot be judged", async () => {
    const w = world({ judgement: { verdict: "unknown", reason: "unavailable" } });
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    await w.duties.tick(50n, 10n);
    await w.duties.settled();
    await w.duties.tick(51n, 10n);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("drawn");
    expect(w.judged).toEqual([3n]); // an unknown verdict is not asked again at once
    await w.duties.tick(100n, 11n);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("missed");
    expect(w.sent).toEqual([]);
  });

  test("the neverReveal fault commits but never reveals", async () => {
    const warnings: string[] = [];
    const faults = createFaultInjector({
      faults: { modes: ["neverReveal"], crashAt: [] },
      markerFile: "/nonexistent/fired.json",
      logger: { warn: (_: object, message?: string) => void warnings.push(message ?? "") },
    });
    const w = world({ faults });
    w.journal.recordDuties([{ jobId: 3n, kind: "committee", step: "drawn", commitDeadline: 100n, revealDeadline: 200n }], 1n);
    for (const now of [50n, 50n, 51n, 100n, 150n, 200n]) {
      await w.duties.tick(now, 10n);
      await w.duties.settled();
    }
    expect(w.sent.map((call) => call.functionName)).toEqual(["commitVote"]);
    expect(w.journal.getDuty(3n, "committee")!.step).toBe("missed");
    expect(warnings).toContain("FAULT INJECTED: neverReveal");
  });

  test("sample: draws itself when sampled, passes a correct result, ignores jobs it was not drawn for", async () => {
    const w = world({ judgement: { verdict: "correct", reason: "passed freivalds" } });
    w.journal.recordDuties([{ jobId: 1n, kind: "sample", step: "pending", block: 12n }], 1n);
    await w.duties.tick(55n, 12n); // randomness block not mined yet
    expect(w.sent).toEqual([]);
    await w.duties.tick(56n, 13n);
    expect(w.sent.map((call) => call.functionName)).toEqual(["drawVerifier"]);
    await w.duties.tick(57n, 14n); // drawn: selected
    await w.duties.tick(58n, 15n); // judging starts
    await w.duties.settled();
    await w.duties.tick(59n, 16n);
    expect(w.sent.map((call) => call.functionName)).toEqual(["drawVerifier", "passVerification"]);
    expect(w.journal.getDuty(1n, "sample")!.step).toBe("passed");

    const other_ = world();
    other_.state.preview = [false, zero];
    other_.journal.recordDuties([{ jobId: 2n, kind: "sample", step: "pending", block: 1n }], 1n);
    await other_.duties.tick(56n, 13n);
    expect(other_.journal.getDuty(2n, "sample")!.step).toBe("not-selected");
    expect(other_.sent).toEqual([]);
  });

  test("dispute: draws the committee once its draw block exists, and resolves it even when no member voted", async () => {
    const w = world();
    w.state.dispute.status = 1;
    w.journal.recordDuties([{ jobId: 3n, kind: "dispute", step: "awaiting-draw", block: 5n }], 1n);
    await w.duties.tick(10n, 5n);
    expect(w.sent).toEqual([]);
    await w.duties.tick(11n, 6n);
    expect(w.sent.map((call) => call.functionName)).toEqual(["drawCommittee"]);
    w.state.dispute.status = 2;
    await w.duties.tick(12n, 7n);
    expect(w.journal.getDuty(3n, "dispute")!.step).toBe("voting");
    expect(w.sent).toHaveLength(1);
    await w.duties.tick(200n, 8n); // the reveal deadline passed with no votes: resolve anyway (Inconclusive)
    expect(w.sent.map((call) => call.functionName)).toEqual(["drawCommittee", "resolve"]);
  });
});
