/** Stages a requester follows, in order. */
export const submitStages = ["uploaded", "created", "claimed", "executed", "attested", "finalized"] as const;
export type SubmitStage = (typeof submitStages)[number];

export type Progress = {
  stage(stage: SubmitStage, detail?: string): void;
  note(message: string): void;
  done(): void;
};

/**
 * A live one-line display of the stages when stderr is a terminal; plain timestamped lines otherwise.
 * Progress goes to stderr so stdout stays clean for `--json`.
 */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  if (options.quiet) return { stage() {}, note() {}, done() {} };
  if (!stream.isTTY) {
    return {
      stage: (stage, detail) => stream.write(`[${elapsed()}] ${stage}${detail ? `: ${detail}` : ""}\n`),
      note: (message) => stream.write(`[${elapsed()}] ${message}\n`),
      done() {},
    };
  }
  const reached = new Set<SubmitStage>();
  let last = "";
  let spin = 0;
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  const render = () => {
    const line = submitStages.map((s) => (reached.has(s) ? `\x1b[32m✔ ${s}\x1b[0m` : `\x1b[2m· ${s}\x1b[0m`)).join("  ");
    stream.write(`\r\x1b[2K${frames[spin++ % frames.length]} ${line}  \x1b[2m${elapsed()}${last ? ` ${last}` : ""}\x1b[0m`);
  };
  const timer = setInterval(render, 120);
  timer.unref();
  return {
    stage(stage, detail) {
      reached.add(stage);
      last = detail ?? "";
      render();
    },
    note(message) {
      stream.write(`\r\x1b[2K${message}\n`);
      render();
    },
    done() {
      clearInterval(timer);
      render();
      stream.write("\n");
    },
  };
}
