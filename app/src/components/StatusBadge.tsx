import type { JobState } from "@/lib/indexer/indexerTypes";

const tone: Record<string, string> = {
  open: "info",
  assigned: "info",
  submitted: "warn",
  disputed: "danger",
  finalized: "ok",
  cancelled: "muted",
  expired: "danger",
  rejected: "danger",
};

export function StatusBadge({ status }: { status: JobState | string }) {
  return (
    <span className={`badge badge-${tone[status] ?? "muted"}`} data-testid="job-status">
      {status}
    </span>
  );
}
