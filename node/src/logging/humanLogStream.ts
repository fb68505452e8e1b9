export type HumanLogStreamOptions = {
  /** Fields left off every line: ones that are the same on all of them (the node's address, say). */
  omit?: readonly string[] | undefined;
};

const levelNames: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/**
 * A pino destination for people at a terminal: `12:00:01 devnet   starting chain  rpc_url=http://…`.
 * It reads the JSON line pino wrote (numeric or label levels, epoch or ISO times), so redaction and
 * serializers have already run. Warnings are marked `!`, errors `✖`; an error shows its message, not its stack.
 * Files, pipes and log shippers keep the JSON lines.
 */
export function humanLogStream(out: NodeJS.WritableStream = process.stderr, options: HumanLogStreamOptions = {}): { write(line: string): void } {
  const omit = new Set(["level", "time", "msg", "component", "pid", "hostname", ...(options.omit ?? [])]);
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const level = typeof entry.level === "number" ? (levelNames[entry.level] ?? "info") : String(entry.level ?? "info");
      const time = typeof entry.time === "number" || typeof entry.time === "string" ? new Date(entry.time) : new Date();
      const clock = (Number.isNaN(time.getTime()) ? new Date() : time).toTimeString().slice(0, 8);
      const mark = level === "error" || level === "fatal" ? "✖ " : level === "warn" ? "! " : "";
      const fields = Object.entries(entry)
        .filter(([key]) => !omit.has(key))
        .map(([key, value]) => `${key}=${formatValue(key, value)}`)
        .join(" ");
      out.write(`${clock} ${String(entry.component ?? "").padEnd(8)} ${mark}${String(entry.msg ?? "")}${fields ? `  ${fields}` : ""}\n`);
    },
  };
}

function formatValue(key: string, value: unknown): string {
  if (key === "err" && typeof value === "object" && value !== null) {
    const error = value as { shortMessage?: unknown; message?: unknown; type?: unknown };
    const message = typeof error.shortMessage === "string" ? error.shortMessage : String(error.message ?? error.type ?? "");
    return JSON.stringify(message.split("\n")[0]);
  }
  if (typeof value === "string") return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}
