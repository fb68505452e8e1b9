import { HttpRequestError, TimeoutError } from "viem";
import { describe, expect, test } from "vitest";
import { decodeHearthError, HearthContractError, HearthRpcUnreachableError, HearthTransactionError } from "@hearth/sdk/errors/HearthContractError";
import { RpcRetryableError } from "../errors/provider.ts";
import { classifyRpcError } from "./classifyRpcError.ts";
import { withRetry } from "./withRetry.ts";

const down = () => new HttpRequestError({ url: "http://127.0.0.1:1", cause: Object.assign(new Error("fetch failed"), { code: "ECONNREFUSED" }) });

describe("classifyRpcError", () => {
  test("sorts errors into retryable, revert and fatal", () => {
    expect(classifyRpcError(down())).toBe("retryable");
    expect(classifyRpcError(new HttpRequestError({ url: "http://x", status: 503 }))).toBe("retryable");
    expect(classifyRpcError(new HttpRequestError({ url: "http://x", status: 429 }))).toBe("retryable");
    expect(classifyRpcError(new HttpRequestError({ url: "http://x", status: 401 }))).toBe("fatal");
    expect(classifyRpcError(new TimeoutError({ body: {}, url: "http://x" }))).toBe("retryable");
    expect(classifyRpcError(Object.assign(new Error("connect"), { code: "ECONNRESET" }))).toBe("retryable");
    expect(classifyRpcError(new HearthContractError("JobMarketWrongStatus", [1n, 2, 1], undefined))).toBe("revert");
    expect(classifyRpcError(new TypeError("cannot read properties of undefined"))).toBe("fatal");
  });

  test("sees through the SDK's translations: an unreachable endpoint stays retryable, a refused 401 fatal, no gas fatal", () => {
    expect(decodeHearthError(down())).toBeInstanceOf(HearthRpcUnreachableError);
    expect(classifyRpcError(decodeHearthError(down()))).toBe("retryable");
    expect(classifyRpcError(decodeHearthError(new HttpRequestError({ url: "http://x", status: 401 })))).toBe("fatal");
    expect(classifyRpcError(new HearthTransactionError("insufficientFunds", "no gas"))).toBe("fatal");
    expect(classifyRpcError(new HearthTransactionError("reverted", "reverted on chain"))).toBe("revert");
  });
});

describe("withRetry", () => {
  const noSleep = { sleep: async () => {} };

  test("retries retryable failures until one succeeds", async () => {
    let calls = 0;
    const result = await withRetry(async () => (++calls < 4 ? Promise.reject(down()) : "ok"), { operation: "get_logs", ...noSleep });
    expect(result).toBe("ok");
    expect(calls).toBe(4);
  });

  test("throws reverts and fatal errors at once", async () => {
    let calls = 0;
    const revert = new HearthContractError("JobMarketWrongStatus", [1n, 2, 1], undefined);
    await expect(withRetry(async () => (calls++, Promise.reject(revert)), { operation: "claim", ...noSleep })).rejects.toBe(revert);
    await expect(withRetry(async () => (calls++, Promise.reject(new TypeError("bug"))), { operation: "x", ...noSleep })).rejects.toThrow("bug");
    expect(calls).toBe(2);
  });

  test("gives up after maxAttempts with a retryable error, and stops when aborted", async () => {
    await expect(withRetry(() => Promise.reject(down()), { operation: "get_block", maxAttempts: 3, ...noSleep })).rejects.toBeInstanceOf(
      RpcRetryableError,
    );
    const controller = new AbortController();
    const pending = withRetry(() => Promise.reject(down()), { operation: "get_block", signal: controller.signal, baseDelayMs: 60_000 });
    setTimeout(() => controller.abort(new Error("stopping")), 20);
    await expect(pending).rejects.toThrow("stopping");
  });
});
