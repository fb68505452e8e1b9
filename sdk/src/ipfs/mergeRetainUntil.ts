/**
 * The retention a pin keeps when it is pinned again: `undefined` means permanent and wins;
 * otherwise the later time wins, so re-pinning never shortens how long content is kept.
 */
export function mergeRetainUntil(current: Date | undefined, requested: Date | undefined): Date | undefined {
  if (current === undefined || requested === undefined) return undefined;
  return requested.getTime() > current.getTime() ? requested : current;
}
