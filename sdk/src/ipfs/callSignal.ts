/**
 * One signal for an IPFS call: the caller's (if any) combined with a timeout, so no call can
 * wait forever on content nobody provides. `timedOut()` tells the two apart afterwards.
 */
export function callSignal(
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
  defaultTimeoutMs: number,
): { signal: AbortSignal; timeoutMs: number; timedOut: () => boolean } {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return { signal, timeoutMs, timedOut: () => timeout.aborted && options.signal?.aborted !== true };
}
