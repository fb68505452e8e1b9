import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  ResourceUnavailableRpcError,
  RpcRequestError,
  SocketClosedError,
  TimeoutError,
  WaitForTransactionReceiptTimeoutError,
} from "viem";
import { HearthContractError, HearthRpcUnreachableError, HearthTransactionError } from "@hearth/sdk/errors/HearthContractError";
import { RpcFatalError, RpcRetryableError } from "../errors/provider.ts";

/**
 * - retryable: the endpoint is unreachable, slow, rate-limiting or briefly behind; try again later.
 * - revert: the contract refused the call; retrying the same call gives the same answer.
 * - fatal: anything else (a malformed request or answer, a bug); retrying cannot help.
 */
export type RpcErrorClass = "retryable" | "revert" | "fatal";

const retryableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);
const retryableText = /fetch failed|socket hang up|network|timed? ?out|rate limit|too many requests|header not found|unknown block|try again|temporarily/i;

/** Sorts an error from a chain call into retryable, revert or fatal, so retry loops can branch on it. */
export function classifyRpcError(error: unknown): RpcErrorClass {
  if (error instanceof RpcRetryableError) return "retryable";
  if (error instanceof RpcFatalError) return "fatal";
  if (error instanceof HearthContractError) return "revert";
  // decodeHearthError's translations: an unreachable endpoint keeps viem's error as its cause.
  if (error instanceof HearthRpcUnreachableError) return error.cause === undefined ? "retryable" : classifyRpcError(error.cause);
  if (error instanceof HearthTransactionError) return error.reason === "reverted" ? "revert" : "fatal";
  if (error instanceof ViemBaseError) {
    if (error.walk((e) => e instanceof ContractFunctionRevertedError)) return "revert";
    const transient = error.walk(
      (e) =>
        e instanceof TimeoutError ||
        e instanceof SocketClosedError ||
        e instanceof WaitForTransactionReceiptTimeoutError ||
        e instanceof LimitExceededRpcError ||
        e instanceof ResourceUnavailableRpcError ||
        e instanceof InternalRpcError,
    );
    if (transient) return "retryable";
    const http = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
    if (http) {
      if (http.status === undefined || http.status === 408 || http.status === 429 || http.status >= 500) return "retryable";
      return "fatal";
    }
    const rpc = error.walk((e) => e instanceof RpcRequestError) as RpcRequestError | null;
    if (rpc && retryableText.test(rpc.details ?? "")) return "retryable";
  }
  if (hasRetryableCause(error)) return "retryable";
  return "fatal";
}

function hasRetryableCause(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && retryableCodes.has(code)) return true;
    if (retryableText.test(current.message)) return true;
  }
  return false;
}
