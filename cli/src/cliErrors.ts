import { BaseError } from "@hearth/sdk/errors/BaseError";

/** The command line was wrong: exit code 2. */
export class CliUsageError extends BaseError {
  override name = "CliUsageError";
}

/** A result did not pass its spec's check: exit code 4. */
export class CliVerificationError extends BaseError {
  override name = "CliVerificationError";
}
