"use client";
import { useCallback, useRef, useState } from "react";
import { explainError, type ExplainedError } from "@/lib/errors/explainError";

export type ActionState<T> =
  | { status: "idle" }
  | { status: "pending"; step: string }
  | { status: "done"; result: T }
  | { status: "error"; error: ExplainedError };

/**
 * The state of one user action (a signature, a transaction, an upload): pending with the current step, done
 * with its result, or failed with the error explained in words. One action at a time per hook.
 */
export function useAction<T, A extends unknown[]>(action: (step: (label: string) => void, ...args: A) => Promise<T>) {
  const [state, setState] = useState<ActionState<T>>({ status: "idle" });
  const running = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setState({ status: "pending", step: "Starting…" });
      try {
        const result = await action((label) => setState({ status: "pending", step: label }), ...args);
        setState({ status: "done", result });
        return result;
      } catch (error) {
        console.error(error);
        setState({ status: "error", error: explainError(error) });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [action],
  );
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, run, reset, pending: state.status === "pending" };
}
