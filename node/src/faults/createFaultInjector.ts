import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { CrashPoint, FaultMode, ProviderFaults } from "../config/providerConfigSchema.ts";

export type FaultInjector = {
  /** Whether `mode` applies to this job; the first time it does for a job, logs a warning. */
  applies(mode: FaultMode, jobId: bigint): boolean;
  /** Kills the process with SIGKILL at `point` the first time it is reached (once per data folder). */
  crash(point: CrashPoint, jobId: bigint): void;
  readonly enabled: boolean;
};

type WarnLogger = { warn(object: object, message?: string): void };

/** No faults: production. */
export const noFaults: FaultInjector = { applies: () => false, crash: () => {}, enabled: false };

/**
 * Test and devnet fault injection, only ever built from a config that passed the HEARTH_ALLOW_FAULTS=1
 * check. Each use is announced with a warning. Crash points fire once: the marker file records those that
 * fired (synced before the kill), so the restarted node runs through them.
 */
export function createFaultInjector(parameters: {
  faults: ProviderFaults | undefined;
  markerFile: string;
  logger: WarnLogger;
  /** Replaces the SIGKILL (tests). */
  kill?: (() => void) | undefined;
}): FaultInjector {
  const { faults, logger } = parameters;
  if (faults === undefined || (faults.modes.length === 0 && faults.crashAt.length === 0)) return noFaults;
  const forJob = (jobId: bigint) => faults.jobIds === undefined || faults.jobIds.includes(jobId.toString());
  const fired = (): string[] => {
    try {
      return JSON.parse(readFileSync(parameters.markerFile, "utf8")) as string[];
    } catch {
      return [];
    }
  };
  const announced = new Set<string>();
  logger.warn(
    { fault_modes: faults.modes, crash_at: faults.crashAt, job_ids: faults.jobIds ?? "all" },
    "FAULT INJECTION IS ON: this node misbehaves on purpose (tests and devnet only; it will be slashed)",
  );
  return {
    enabled: true,
    applies(mode, jobId) {
      if (!faults.modes.includes(mode) || !forJob(jobId)) return false;
      const key = `${mode}:${jobId}`;
      if (!announced.has(key)) {
        announced.add(key);
        logger.warn({ fault: mode, job_id: jobId.toString() }, `FAULT INJECTED: ${mode}`);
      }
      return true;
    },
    crash(point, jobId) {
      if (!faults.crashAt.includes(point) || !forJob(jobId)) return;
      const done = fired();
      if (done.includes(point)) return;
      const fd = openSync(parameters.markerFile, "w");
      writeSync(fd, JSON.stringify([...done, point]));
      fsyncSync(fd);
      closeSync(fd);
      logger.warn({ fault: "crash", crash_point: point, job_id: jobId.toString() }, `FAULT INJECTED: SIGKILL at ${point}`);
      (parameters.kill ?? (() => process.kill(process.pid, "SIGKILL")))();
    },
  };
}
