import { IndexerError } from "../errors.ts";

/** Every error the HTTP API answers with, and its status: one registry, as in Fastify. */
export const apiErrorCodes = {
  INVALID_PARAMETER: 400,
  NOT_FOUND: 404,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof apiErrorCodes;

/** An error the API turns into `{ error: { code, message, parameter? } }` with the code's status. */
export class ApiError extends IndexerError {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly parameter: string | undefined;

  constructor(code: ApiErrorCode, message: string, parameter?: string) {
    super(message);
    this.code = code;
    this.parameter = parameter;
  }

  get status(): (typeof apiErrorCodes)[ApiErrorCode] {
    return apiErrorCodes[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.shortMessage, ...(this.parameter ? { parameter: this.parameter } : {}) } };
  }
}

export function invalidParameter(parameter: string, message: string): ApiError {
  return new ApiError("INVALID_PARAMETER", `${parameter}: ${message}`, parameter);
}

export function notFound(message: string): ApiError {
  return new ApiError("NOT_FOUND", message);
}
