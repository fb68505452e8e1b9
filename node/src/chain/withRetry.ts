import { RpcRetryableError } from "../errors/provider.ts";
import { classifyRpcError } from "./classifyRpcError.ts";

export type RetryLogger = { warn(object: object, message?: string): void };

export type WithRetryOptions = {
  /** What is being done, for the log line (`get_logs`, `claim`...). */
  operation: string;
  signal?: AbortSignal | undefined;
  logger?: RetryLogger | undefined;
  /** Attempts in all, the first included (default: until the signal aborts). */
  maxAttempts?: number | undefined;
  /** First wait, ms (default 250); doubles each time up to `maxDelayMs` (default 15 s), with jitter. */
  baseDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  /** Replaces the timer (tests). */
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
};

/**
 * Runs `work`, retrying with exponential backoff while it fails with a retryable error (see
 * `classifyRpcError`). Reverts and fatal errors are thrown at once; so is the signal's reason once aborted.
 */
export async function withRetry<T>(work: () => Promise<T>, options: WithRetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 15_000;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await work();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (classifyRpcError(error) !== "retryable") throw error;
      if (attempt >= maxAttempts) {
        throw new RpcRetryableError(`${options.operation} still failing after ${attempt} attempts.`, {
          metaMessages: ["Check that the RPC endpoint is up and reachable."],
          cause: error,
        });
      }
      const delay = Math.min(max, base * 2 ** Math.min(attempt - 1, 20)) * (0.75 + Math.random() * 0.5);
      options.logger?.warn(
        { operation: options.operation, attempt, retry_in_ms: Math.round(delay), err_message: shortMessage(error) },
        "rpc call failed; retrying",
      );
      await sleep(delay, options.signal);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function shortMessage(error: unknown): string {
  const text = (error as { shortMessage?: string }).shortMessage ?? (error instanceof Error ? error.message : String(error));
  return text.split("\n")[0]!.slice(0, 300);
}
