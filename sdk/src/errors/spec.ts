import { BaseError } from "./BaseError.ts";

export type JobSpecIssue = {
  /** Where in the spec, e.g. ["buffers", 2, "bytes"]. */
  path: readonly PropertyKey[];
  /** What is wrong and, where it helps, what to change; reads after the path. */
  message: string;
};

/** Formats a path as a JSON-ish accessor: buffers[2].bytes; the whole spec is "spec". */
export function formatSpecPath(path: readonly PropertyKey[]): string {
  let text = "spec";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return text;
}

/** The job spec does not follow the schema; `path` and `issues` say where and why. */
export class InvalidJobSpecError extends BaseError {
  override name = "InvalidJobSpecError";
  readonly path: string;
  readonly issues: readonly JobSpecIssue[];

  constructor(issues: readonly JobSpecIssue[], options: { cause?: unknown } = {}) {
    const first = issues[0] ?? { path: [], message: "is invalid" };
    const path = formatSpecPath(first.path);
    super(`Invalid job spec: ${path} ${first.message}`, {
      metaMessages:
        issues.length > 1
          ? ["All issues:", ...issues.map((issue) => `- ${formatSpecPath(issue.path)} ${issue.message}`)]
          : undefined,
      cause: options.cause,
    });
    this.path = path;
    this.issues = issues;
  }
}
