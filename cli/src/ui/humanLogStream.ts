/**
 * A pino destination for people at a terminal: `12:00:01 devnet  starting chain  rpc_url=http://…`. Services
 * keep JSON logs; this is for the CLI's own progress lines.
 */
export function humanLogStream(out: NodeJS.WritableStream = process.stderr): { write(line: string): void } {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const { level, time, msg, component, pid: _pid, hostname: _hostname, ...rest } = entry;
      const clock = new Date(typeof time === "number" ? time : Date.now()).toTimeString().slice(0, 8);
      const mark = typeof level === "number" && level >= 50 ? "✖ " : typeof level === "number" && level >= 40 ? "! " : "";
      const fields = Object.entries(rest)
        .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(" ");
      out.write(`${clock} ${String(component ?? "").padEnd(8)} ${mark}${String(msg ?? "")}${fields ? `  ${fields}` : ""}\n`);
    },
  };
}
