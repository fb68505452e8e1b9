export type BaseErrorParameters = {
  /** Lower-level detail (a compiler message, a zod issue list). */
  details?: string | undefined;
  /** Extra lines shown under the short message, e.g. what to do next. */
  metaMessages?: readonly string[] | undefined;
  cause?: unknown;
};

/**
 * Root of every error the SDK throws. Callers branch on the subclass (or on `name`), show
 * `shortMessage` to users, and log `details`/`metaMessages` for diagnosis.
 */
export class BaseError extends Error {
  override name = "BaseError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: readonly string[] | undefined;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const lines = [shortMessage];
    if (parameters.metaMessages?.length) lines.push("", ...parameters.metaMessages);
    if (parameters.details) lines.push("", `Details: ${parameters.details}`);
    super(lines.join("\n"), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = parameters.details;
    this.metaMessages = parameters.metaMessages;
  }
}
