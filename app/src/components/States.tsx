"use client";
import { IndexerRequestError } from "@/lib/indexer/fetchIndexer";
import type { ExplainedError } from "@/lib/errors/explainError";
import type { ActionState } from "@/lib/wallet/useAction";

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden /> Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty">
      {children}
    </div>
  );
}

/** A failed read, in words: the indexer down or unconfigured reads differently from a refused request. */
export function LoadError({ error, what, compact = false }: { error: Error; what: string; compact?: boolean }) {
  if (compact && error instanceof IndexerRequestError && (error.kind === "unreachable" || error.kind === "unconfigured")) {
    return (
      <div className="state state-warn small" role="status" data-testid="indexer-unavailable">
        {error.kind === "unreachable" ? "The indexer is down: no data for now." : "No indexer configured."}
      </div>
    );
  }
  if (error instanceof IndexerRequestError) {
    if (error.kind === "unconfigured") {
      return (
        <div className="state state-warn" role="status" data-testid="indexer-unavailable">
          <strong>No indexer is configured,</strong> so {what} cannot be shown. {error.message}
        </div>
      );
    }
    if (error.kind === "unreachable") {
      return (
        <div className="state state-warn" role="status" data-testid="indexer-unavailable">
          <strong>The indexer is down</strong> — {what} cannot be loaded right now. {error.message} This page retries on its own.
        </div>
      );
    }
    if (error.kind === "not-found") {
      return (
        <div className="state state-empty" role="status" data-testid="not-found">
          {error.message}
        </div>
      );
    }
  }
  return (
    <div className="state state-error" role="alert" data-testid="load-error">
      Could not load {what}: {error.message}
    </div>
  );
}

/** The outcome of a wallet action that failed, explained. */
export function ActionError({ error }: { error: ExplainedError }) {
  return (
    <div className="state state-error" role="alert" data-testid="action-error">
      <strong>{error.message}</strong>
      {error.hints.map((hint) => (
        <p key={hint}>{hint}</p>
      ))}
      {error.details ? (
        <details>
          <summary>Details</summary>
          <code className="mono">{error.details}</code>
        </details>
      ) : null}
    </div>
  );
}

export function Pending({ step }: { step: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite" data-testid="action-pending">
      <span className="spinner" aria-hidden /> {step}
    </div>
  );
}

/** A wallet action's state under its button: the step while pending, the explained error, or its result. */
export function ActionOutcome({ state, testId }: { state: ActionState<string>; testId?: string }) {
  if (state.status === "pending") return <Pending step={state.step} />;
  if (state.status === "error") return <ActionError error={state.error} />;
  if (state.status === "done") {
    return (
      <p className="state state-ok" role="status" data-testid={testId}>
        {state.result}
      </p>
    );
  }
  return null;
}
