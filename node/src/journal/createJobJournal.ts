import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import { JournalTransitionError } from "../errors/provider.ts";
import { allowedTransitions, terminalSteps, type JobStep, type ResumeStep } from "./jobSteps.ts";

/** What the GPU run measured, as journaled at `executed` and listed in the result manifest. */
export type JobMetrics = {
  gpuMs: number;
  wallMs: number;
  energyJoules: number;
  energyMethod: "nvml" | "nvidia-smi" | "rapl" | "estimated";
  energyEstimated: boolean;
  device: { vendor: string; architecture: string; description: string; backend: string };
};

/** A job as the JobCreated event describes it. */
export type SeenJob = {
  jobId: bigint;
  requester: Address;
  /** The target provider, if the requester named one. */
  target: Address | undefined;
  token: Address;
  price: bigint;
  deadline: bigint;
  requiredStake: bigint;
  maxCarbon: number;
  specCid: string;
  createdBlock: bigint;
};

export type JobRecord = SeenJob & {
  step: JobStep;
  claimTx: Hex | undefined;
  submitTx: Hex | undefined;
  finalizeTx: Hex | undefined;
  resultCid: string | undefined;
  outputRoot: Hex | undefined;
  metrics: JobMetrics | undefined;
  /** When the outputs were produced (ISO); the manifest's createdAt, so a re-upload gives the same CID. */
  executedAt: string | undefined;
  /** GPU runs started, a run cut short by a crash included. */
  attempts: number;
  resumeStep: ResumeStep | undefined;
  /** Why the job failed or was declined. */
  reason: string | undefined;
  /** What the market credited us at finalization (price less fees). */
  payout: bigint | undefined;
  /** When the job entered each step (ISO). */
  stepTimes: Partial<Record<JobStep, string>>;
  createdAt: string;
  updatedAt: string;
};

/** Fields a transition (or `update`) may set. */
export type JobPatch = Partial<
  Pick<
    JobRecord,
    "claimTx" | "submitTx" | "finalizeTx" | "resultCid" | "outputRoot" | "metrics" | "executedAt" | "attempts" | "resumeStep" | "reason" | "payout"
  >
>;

export type JobHistoryEntry = { step: JobStep; at: string; detail: string | undefined };

export type Withdrawal = { token: Address; amount: bigint; txHash: Hex; at: string };

/**
 * Verifier work (`verify: true`), one row per job and kind:
 * - sample: a submitted job that may be sampled for re-execution by this node;
 * - dispute: a challenged job whose committee someone has to draw;
 * - committee: a dispute this node judges (commit, reveal, resolve).
 */
export type DutyKind = "sample" | "dispute" | "committee";

export type DutyRecord = {
  jobId: bigint;
  kind: DutyKind;
  step: string;
  /** sample: the block whose hash decides the draw; dispute: the committee's draw block. */
  block: bigint | undefined;
  commitDeadline: bigint | undefined;
  revealDeadline: bigint | undefined;
  /** committee: providerAtFault, decided before committing. */
  vote: boolean | undefined;
  /** committee: the commitment's salt, journaled before the commitment is sent. */
  salt: Hex | undefined;
  /** The transaction in flight for the current step, journaled before broadcast. */
  tx: Hex | undefined;
  reason: string | undefined;
  createdAt: string;
  updatedAt: string;
};

export type NewDuty = Pick<DutyRecord, "jobId" | "kind" | "step"> & Partial<Pick<DutyRecord, "block" | "commitDeadline" | "revealDeadline">>;
export type DutyPatch = Partial<Pick<DutyRecord, "step" | "vote" | "salt" | "tx" | "reason">>;

export type JobJournal = {
  /** Inserts jobs not journaled yet as `seen` and moves the last processed block, in one transaction. */
  /**
   * Journals new jobs as `seen` and moves the block cursor, in one transaction. `reopened` are jobs another
   * provider released in the same blocks: any this node had declined is `seen` again, to be decided afresh.
   */
  recordSeen(jobs: readonly SeenJob[], lastBlock: bigint, reopened?: readonly bigint[]): number;
  get(jobId: bigint): JobRecord | undefined;
  /** Jobs in the given steps (default all), oldest first. */
  list(options?: { steps?: readonly JobStep[] | undefined; limit?: number | undefined; newestFirst?: boolean | undefined }): JobRecord[];
  /** Jobs in a non-terminal step. */
  unfinished(): JobRecord[];
  /** Moves a job to `to` if the state machine allows it, with `patch`; throws `JournalTransitionError` otherwise. */
  transition(jobId: bigint, to: JobStep, patch?: JobPatch, detail?: string): JobRecord;
  /** Sets fields without changing the step (a transaction hash right before broadcasting, say). */
  update(jobId: bigint, patch: JobPatch): JobRecord;
  history(jobId: bigint): JobHistoryEntry[];
  countByStep(): Record<JobStep, number>;
  /** The last block whose JobCreated events are all journaled; undefined before the first. */
  getLastBlock(): bigint | undefined;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  recordWithdrawal(withdrawal: Omit<Withdrawal, "at">): void;
  /** Inserts duties not journaled yet and moves the duties' block cursor, in one transaction. */
  recordDuties(duties: readonly NewDuty[], lastBlock: bigint): number;
  getDuty(jobId: bigint, kind: DutyKind): DutyRecord | undefined;
  /** Duties whose step is not one of `doneSteps`, oldest first. */
  listDuties(options?: { excludeSteps?: readonly string[] | undefined }): DutyRecord[];
  updateDuty(jobId: bigint, kind: DutyKind, patch: DutyPatch): DutyRecord;
  getDutiesLastBlock(): bigint | undefined;
  /** Total withdrawn per token. */
  withdrawn(): Map<Address, bigint>;
  close(): void;
};

const SCHEMA_VERSION = "1";

const columns = {
  claimTx: "claim_tx",
  submitTx: "submit_tx",
  finalizeTx: "finalize_tx",
  resultCid: "result_cid",
  outputRoot: "output_root",
  metrics: "metrics",
  executedAt: "executed_at",
  attempts: "attempts",
  resumeStep: "resume_step",
  reason: "reason",
  payout: "payout",
} as const satisfies Record<keyof JobPatch, string>;

type Row = Record<string, string | number | null>;

/**
 * The crash-safe job journal: one SQLite file (Node's built-in `node:sqlite`, no compiled addon) with a
 * row per job and its step, a history of every transition, and the last processed block. The database runs
 * in WAL mode with synchronous=FULL, so a transition that returned survives SIGKILL and power loss.
 * Every write is its own transaction; `recordSeen` moves jobs and the block cursor together, so a
 * restart never skips an event nor journals one twice.
 */
export function createJobJournal(parameters: { path: string; now?: (() => Date) | undefined }): JobJournal {
  const now = () => (parameters.now?.() ?? new Date()).toISOString();
  if (parameters.path !== ":memory:") mkdirSync(dirname(parameters.path), { recursive: true });
  const db = new DatabaseSync(parameters.path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jobs (
      job_id TEXT PRIMARY KEY,
      job_order INTEGER NOT NULL,
      step TEXT NOT NULL,
      requester TEXT NOT NULL,
      target TEXT,
      token TEXT NOT NULL,
      price TEXT NOT NULL,
      deadline TEXT NOT NULL,
      required_stake TEXT NOT NULL,
      max_carbon INTEGER NOT NULL,
      spec_cid TEXT NOT NULL,
      created_block TEXT NOT NULL,
      claim_tx TEXT,
      submit_tx TEXT,
      finalize_tx TEXT,
      result_cid TEXT,
      output_root TEXT,
      metrics TEXT,
      executed_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      resume_step TEXT,
      reason TEXT,
      payout TEXT,
      step_times TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS jobs_step ON jobs (step, job_order);
    CREATE TABLE IF NOT EXISTS job_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      job_id TEXT NOT NULL,
      step TEXT NOT NULL,
      at TEXT NOT NULL,
      detail TEXT
    );
    CREATE INDEX IF NOT EXISTS job_history_job ON job_history (job_id, id);
    CREATE TABLE IF NOT EXISTS duties (
      job_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      job_order INTEGER NOT NULL,
      step TEXT NOT NULL,
      block TEXT,
      commit_deadline TEXT,
      reveal_deadline TEXT,
      vote INTEGER,
      salt TEXT,
      tx TEXT,
      reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (job_id, kind)
    );
    CREATE TABLE IF NOT EXISTS withdrawals (
      tx_hash TEXT PRIMARY KEY,
      token TEXT NOT NULL,
      amount TEXT NOT NULL,
      at TEXT NOT NULL
    );
  `);
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);

  const statements = {
    get: db.prepare("SELECT * FROM jobs WHERE job_id = ?"),
    insert: db.prepare(`INSERT OR IGNORE INTO jobs
      (job_id, job_order, step, requester, target, token, price, deadline, required_stake, max_carbon, spec_cid, created_block,
       step_times, created_at, updated_at)
      VALUES (?, ?, 'seen', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    history: db.prepare("INSERT INTO job_history (job_id, step, at, detail) VALUES (?, ?, ?, ?)"),
    historyOf: db.prepare("SELECT step, at, detail FROM job_history WHERE job_id = ? ORDER BY id"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    countByStep: db.prepare("SELECT step, COUNT(*) AS count FROM jobs GROUP BY step"),
    withdrawal: db.prepare("INSERT OR IGNORE INTO withdrawals (tx_hash, token, amount, at) VALUES (?, ?, ?, ?)"),
    withdrawals: db.prepare("SELECT token, amount FROM withdrawals"),
    insertDuty: db.prepare(`INSERT OR IGNORE INTO duties
      (job_id, kind, job_order, step, block, commit_deadline, reveal_deadline, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    getDuty: db.prepare("SELECT * FROM duties WHERE job_id = ? AND kind = ?"),
  };

  const inTransaction = <T>(work: () => T): T => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      db.exec("COMMIT");
      return result;
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  };

  const read = (jobId: bigint): JobRecord | undefined => {
    const row = statements.get.get(jobId.toString()) as Row | undefined;
    return row ? toRecord(row) : undefined;
  };

  const write = (jobId: bigint, to: JobStep | undefined, patch: JobPatch, detail: string | undefined): JobRecord => {
    const current = read(jobId);
    if (!current) throw new JournalTransitionError(`Job ${jobId} is not in the journal.`);
    if (to !== undefined && !allowedTransitions[current.step].includes(to)) {
      throw new JournalTransitionError(`Job ${jobId} cannot move from ${current.step} to ${to}.`, {
        details: `allowed from ${current.step}: ${allowedTransitions[current.step].join(", ") || "nothing (terminal)"}`,
      });
    }
    const at = now();
    const sets: string[] = ["updated_at = ?"];
    const values: (string | number | null)[] = [at];
    if (to !== undefined) {
      sets.push("step = ?", "step_times = ?");
      values.push(to, JSON.stringify({ ...current.stepTimes, [to]: at }));
    }
    for (const [key, column] of Object.entries(columns) as [keyof JobPatch, string][]) {
      if (!(key in patch)) continue;
      sets.push(`${column} = ?`);
      values.push(encode(key, patch[key]));
    }
    values.push(jobId.toString());
    db.prepare(`UPDATE jobs SET ${sets.join(", ")} WHERE job_id = ?`).run(...values);
    if (to !== undefined) statements.history.run(jobId.toString(), to, at, detail ?? null);
    return read(jobId)!;
  };

  return {
    recordSeen(jobs, lastBlock, reopened = []) {
      return inTransaction(() => {
        let inserted = 0;
        const at = now();
        for (const job of jobs) {
          const result = statements.insert.run(
            job.jobId.toString(),
            Number(job.jobId),
            job.requester,
            job.target ?? null,
            job.token,
            job.price.toString(),
            job.deadline.toString(),
            job.requiredStake.toString(),
            job.maxCarbon,
            job.specCid,
            job.createdBlock.toString(),
            JSON.stringify({ seen: at }),
            at,
            at,
          );
          if (result.changes > 0) {
            inserted++;
            statements.history.run(job.jobId.toString(), "seen", at, null);
          }
        }
        for (const jobId of reopened) {
          if (read(jobId)?.step === "declined") write(jobId, "seen", { reason: undefined }, "released by its provider; open again");
        }
        statements.setMeta.run("last_block", lastBlock.toString());
        return inserted;
      });
    },
    get: read,
    list(options = {}) {
      const steps = options.steps;
      const where = steps?.length ? `WHERE step IN (${steps.map(() => "?").join(", ")})` : "";
      const order = options.newestFirst ? "DESC" : "ASC";
      const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : "";
      const rows = db.prepare(`SELECT * FROM jobs ${where} ORDER BY job_order ${order} ${limit}`).all(...(steps ?? [])) as Row[];
      return rows.map(toRecord);
    },
    unfinished() {
      const rows = db.prepare(`SELECT * FROM jobs WHERE step NOT IN (${terminalSteps.map(() => "?").join(", ")}) ORDER BY job_order`).all(...terminalSteps) as Row[];
      return rows.map(toRecord);
    },
    transition(jobId, to, patch = {}, detail) {
      return inTransaction(() => write(jobId, to, patch, detail));
    },
    update(jobId, patch) {
      return inTransaction(() => write(jobId, undefined, patch, undefined));
    },
    history(jobId) {
      return (statements.historyOf.all(jobId.toString()) as Row[]).map((row) => ({
        step: row.step as JobStep,
        at: row.at as string,
        detail: (row.detail as string | null) ?? undefined,
      }));
    },
    countByStep() {
      const counts = Object.fromEntries(Object.keys(allowedTransitions).map((step) => [step, 0])) as Record<JobStep, number>;
      for (const row of statements.countByStep.all() as Row[]) counts[row.step as JobStep] = Number(row.count);
      return counts;
    },
    getLastBlock() {
      const row = statements.getMeta.get("last_block") as Row | undefined;
      return row ? BigInt(row.value as string) : undefined;
    },
    getMeta(key) {
      const row = statements.getMeta.get(key) as Row | undefined;
      return row ? (row.value as string) : undefined;
    },
    setMeta(key, value) {
      statements.setMeta.run(key, value);
    },
    recordWithdrawal(withdrawal) {
      statements.withdrawal.run(withdrawal.txHash, withdrawal.token, withdrawal.amount.toString(), now());
    },
    recordDuties(duties, lastBlock) {
      return inTransaction(() => {
        let inserted = 0;
        const at = now();
        const text = (value: bigint | undefined) => (value === undefined ? null : value.toString());
        for (const duty of duties) {
          const result = statements.insertDuty.run(
            duty.jobId.toString(),
            duty.kind,
            Number(duty.jobId),
            duty.step,
            text(duty.block),
            text(duty.commitDeadline),
            text(duty.revealDeadline),
            at,
            at,
          );
          inserted += Number(result.changes);
        }
        statements.setMeta.run("duties_last_block", lastBlock.toString());
        return inserted;
      });
    },
    getDuty(jobId, kind) {
      const row = statements.getDuty.get(jobId.toString(), kind) as Row | undefined;
      return row ? toDuty(row) : undefined;
    },
    listDuties(options = {}) {
      const exclude = options.excludeSteps ?? [];
      const where = exclude.length ? `WHERE step NOT IN (${exclude.map(() => "?").join(", ")})` : "";
      return (db.prepare(`SELECT * FROM duties ${where} ORDER BY job_order, kind`).all(...exclude) as Row[]).map(toDuty);
    },
    updateDuty(jobId, kind, patch) {
      const sets: string[] = ["updated_at = ?"];
      const values: (string | number | null)[] = [now()];
      const columnsOf = { step: "step", vote: "vote", salt: "salt", tx: "tx", reason: "reason" } as const;
      for (const [key, column] of Object.entries(columnsOf) as [keyof DutyPatch, string][]) {
        if (!(key in patch)) continue;
        const value = patch[key];
        sets.push(`${column} = ?`);
        values.push(value === undefined ? null : typeof value === "boolean" ? (value ? 1 : 0) : value);
      }
      values.push(jobId.toString(), kind);
      const result = db.prepare(`UPDATE duties SET ${sets.join(", ")} WHERE job_id = ? AND kind = ?`).run(...values);
      if (Number(result.changes) === 0) throw new JournalTransitionError(`No ${kind} duty for job ${jobId} in the journal.`);
      return toDuty(statements.getDuty.get(jobId.toString(), kind) as Row);
    },
    getDutiesLastBlock() {
      const row = statements.getMeta.get("duties_last_block") as Row | undefined;
      return row ? BigInt(row.value as string) : undefined;
    },
    withdrawn() {
      const totals = new Map<Address, bigint>();
      for (const row of statements.withdrawals.all() as Row[]) {
        const token = row.token as Address;
        totals.set(token, (totals.get(token) ?? 0n) + BigInt(row.amount as string));
      }
      return totals;
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}

function encode(key: keyof JobPatch, value: JobPatch[keyof JobPatch]): string | number | null {
  if (value === undefined) return null;
  if (key === "metrics") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

function toDuty(row: Row): DutyRecord {
  const big = (column: string) => (row[column] === null || row[column] === undefined ? undefined : BigInt(row[column] as string));
  const text = (column: string) => (row[column] === null || row[column] === undefined ? undefined : String(row[column]));
  return {
    jobId: BigInt(row.job_id as string),
    kind: row.kind as DutyKind,
    step: row.step as string,
    block: big("block"),
    commitDeadline: big("commit_deadline"),
    revealDeadline: big("reveal_deadline"),
    vote: row.vote === null || row.vote === undefined ? undefined : Number(row.vote) === 1,
    salt: text("salt") as Hex | undefined,
    tx: text("tx") as Hex | undefined,
    reason: text("reason"),
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

function toRecord(row: Row): JobRecord {
  const text = (column: string) => (row[column] === null || row[column] === undefined ? undefined : String(row[column]));
  const step = row.step as JobStep;
  return {
    jobId: BigInt(row.job_id as string),
    step,
    requester: row.requester as Address,
    target: text("target") as Address | undefined,
    token: row.token as Address,
    price: BigInt(row.price as string),
    deadline: BigInt(row.deadline as string),
    requiredStake: BigInt(row.required_stake as string),
    maxCarbon: Number(row.max_carbon),
    specCid: row.spec_cid as string,
    createdBlock: BigInt(row.created_block as string),
    claimTx: text("claim_tx") as Hex | undefined,
    submitTx: text("submit_tx") as Hex | undefined,
    finalizeTx: text("finalize_tx") as Hex | undefined,
    resultCid: text("result_cid"),
    outputRoot: text("output_root") as Hex | undefined,
    metrics: row.metrics ? (JSON.parse(row.metrics as string) as JobMetrics) : undefined,
    executedAt: text("executed_at"),
    attempts: Number(row.attempts ?? 0),
    resumeStep: text("resume_step") as ResumeStep | undefined,
    reason: text("reason"),
    payout: row.payout === null || row.payout === undefined ? undefined : BigInt(row.payout as string),
    stepTimes: JSON.parse(row.step_times as string) as Partial<Record<JobStep, string>>,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

