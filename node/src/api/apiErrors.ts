import { BaseError } from "../errors/BaseError.ts";

/** Every error code the node's API answers with, and its HTTP status: one registry, as Fastify keeps its own. */
export const apiErrors = {
  HEARTH_NOT_FOUND: { statusCode: 404, message: "No such route." },
  HEARTH_NOT_READY: { statusCode: 503, message: "The node is starting or stopping." },
  HEARTH_CHAIN_UNAVAILABLE: { statusCode: 503, message: "The chain cannot be reached." },
  HEARTH_BAD_REQUEST: { statusCode: 400, message: "The request is malformed." },
  HEARTH_INTERNAL: { statusCode: 500, message: "Internal error." },
} as const;

export type ApiErrorCode = keyof typeof apiErrors;

/** An error a route throws to answer with one of the registry's codes. */
export class ApiError extends BaseError {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly statusCode: number;

  constructor(code: ApiErrorCode, message?: string) {
    super(message ?? apiErrors[code].message);
    this.code = code;
    this.statusCode = apiErrors[code].statusCode;
  }
}
