"use client";
import { useQuery } from "@tanstack/react-query";
import { probeNodeHealth } from "@/lib/providers/probeNodeHealth";

/** Whether a provider's node answers now (its metadata's endpoint), polled every 15 s; nothing without an endpoint. */
export function NodeHealthBadge({ endpoint }: { endpoint: string | null | undefined }) {
  const query = useQuery({
    queryKey: ["node-health", endpoint],
    enabled: Boolean(endpoint),
    queryFn: ({ signal }) => probeNodeHealth(endpoint, { signal }),
    refetchInterval: 15_000,
    retry: false,
  });
  const health = query.data;
  if (!endpoint || !health || health.state === "unknown") return null;
  const [tone, text, title] =
    health.state === "online"
      ? ["badge-ok", "online", "Its node answers at its endpoint now"]
      : health.state === "not-ready"
        ? ["badge-warn", health.detail.startsWith("stopping") ? "stopping" : "starting", health.detail]
        : ["badge-muted", "offline", `No answer from ${endpoint}: its node may be down, or not reachable from this browser`];
  return (
    <span className={`badge ${tone}`} title={title} data-testid="node-health" data-state={health.state}>
      {text}
    </span>
  );
}
