export type NodeHealth = { state: "online" } | { state: "not-ready"; detail: string } | { state: "offline" } | { state: "unknown" };

/**
 * Asks a provider's node (the `endpoint` of its metadata) whether it is up: its `/health` answers 200 while it
 * runs and 503 while it starts or stops, to any origin. No endpoint, or not an http(s) URL: unknown; no answer
 * within `timeoutMs`: offline.
 */
export async function probeNodeHealth(endpoint: string | null | undefined, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<NodeHealth> {
  let url: URL;
  try {
    url = new URL("health", endpoint && endpoint.endsWith("/") ? endpoint : `${endpoint ?? ""}/`);
  } catch {
    return { state: "unknown" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { state: "unknown" };
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 4_000), ...(options.signal ? [options.signal] : [])];
  try {
    const response = await fetch(url, { signal: AbortSignal.any(signals), cache: "no-store" });
    if (response.ok) return { state: "online" };
    if (response.status === 503) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      return { state: "not-ready", detail: body.error?.message ?? "starting or stopping" };
    }
    return { state: "offline" };
  } catch {
    return { state: "offline" };
  }
}
