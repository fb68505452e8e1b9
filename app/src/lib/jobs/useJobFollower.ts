"use client";
import { useEffect, useState } from "react";
import { waitForJob, type JobStage } from "@hearth/sdk/actions/waitForJob";
import type { JobAttestation } from "@hearth/sdk/actions/getJobEvents";
import type { HearthJob } from "@hearth/sdk/actions/getJob";
import { useNetwork } from "@/components/NetworkContext";
import { explainError, type ExplainedError } from "@/lib/errors/explainError";
import { readContextFor } from "@/lib/wallet/hearthContextFor";

export type FollowState = {
  stages: Partial<Record<JobStage, number>>;
  job?: HearthJob | undefined;
  /** The provider that last gave the job back (`stages.released`); the later stages start over. */
  releasedBy?: string | undefined;
  attestation?: JobAttestation | undefined;
  done: boolean;
  error?: ExplainedError | undefined;
};

/**
 * Follows a job live on the chain (the SDK's `waitForJob`, polling every second) until it is final, so the
 * page keeps up even when the indexer is behind or down.
 */
export function useJobFollower(jobId: bigint | undefined): FollowState {
  const network = useNetwork();
  const [state, setState] = useState<FollowState>({ stages: {}, done: false });
  useEffect(() => {
    if (jobId === undefined) return;
    const controller = new AbortController();
    setState({ stages: {}, done: false });
    waitForJob(readContextFor(network), jobId, {
      pollMs: 1_000,
      timeoutMs: 30 * 60_000,
      signal: controller.signal,
      onStage: (stage, job) =>
        setState((previous) =>
          stage === "released"
            ? { ...previous, job, releasedBy: previous.job?.provider, stages: { released: Date.now() } }
            : { ...previous, job, stages: { ...previous.stages, [stage]: Date.now() } },
        ),
    }).then(
      ({ job, attestation }) => setState((previous) => ({ ...previous, job, attestation, done: true })),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, done: true, error: explainError(error) }));
      },
    );
    return () => controller.abort();
  }, [jobId, network]);
  return state;
}
