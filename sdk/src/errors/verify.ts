import { BaseError } from "./BaseError.ts";

/** verifyResult was not given what the spec's method needs (reference outputs, or an input). */
export class VerificationInputMissingError extends BaseError {
  override name = "VerificationInputMissingError";
  readonly missing: string;

  constructor(missing: string, hint: string) {
    super(`Cannot verify: ${missing} is missing`, { metaMessages: [hint] });
    this.missing = missing;
  }
}
