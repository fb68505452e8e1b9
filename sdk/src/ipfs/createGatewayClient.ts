import { callSignal } from "./callSignal.ts";
import { DEFAULT_CAT_MAX_BYTES, DEFAULT_CAT_TIMEOUT_MS, type IpfsReader } from "./IpfsClient.ts";
import {
  IpfsContentTooLargeError,
  IpfsError,
  IpfsNotFoundError,
  IpfsRequestError,
  IpfsVerificationError,
} from "./IpfsError.ts";
import { parseCid } from "./parseCid.ts";
import { readVerifiedCar } from "./readVerifiedCar.ts";
import { splitUrlCredentials } from "./splitUrlCredentials.ts";

export type CreateGatewayClientParameters = {
  /** Trustless gateways (`https://host` or with a path prefix), tried in order. */
  gateways: readonly string[];
  /** Time a `cat` may take across all gateways when the call gives none. Default 30 s. */
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
  /** Injected for tests or custom agents; default the global `fetch`. */
  fetch?: typeof fetch | undefined;
};

/**
 * Reads content from trustless HTTP gateways (`GET /ipfs/<cid>?format=car`): any gateway,
 * Hearth's own node gateway included, can serve it, because the CAR is verified block by
 * block against the CID and the file is rebuilt locally. A gateway that lies, fails or lacks
 * the content is skipped for the next.
 */
export function createGatewayClient(parameters: CreateGatewayClientParameters): IpfsReader {
  if (parameters.gateways.length === 0) {
    throw new IpfsError("createGatewayClient needs at least one gateway URL.");
  }
  const gateways = parameters.gateways.map((gateway) => {
    const { url, authorization } = splitUrlCredentials(gateway);
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    return { url, authorization };
  });
  const fetchFn = parameters.fetch ?? fetch;
  const defaultTimeoutMs = parameters.timeoutMs ?? DEFAULT_CAT_TIMEOUT_MS;
  const defaultMaxBytes = parameters.maxBytes ?? DEFAULT_CAT_MAX_BYTES;

  return {
    async cat(cidText, options = {}) {
      const cid = parseCid(cidText);
      const maxBytes = options.maxBytes ?? defaultMaxBytes;
      const call = callSignal(options, defaultTimeoutMs);
      const failures: IpfsError[] = [];

      for (const gateway of gateways) {
        const url = new URL(`ipfs/${cid.toString()}`, gateway.url);
        url.searchParams.set("format", "car");
        url.searchParams.set("dag-scope", "all");
        try {
          const response = await fetchFn(url, {
            headers: {
              accept: "application/vnd.ipld.car",
              ...(gateway.authorization ? { authorization: gateway.authorization } : {}),
            },
            signal: call.signal,
          });
          if (response.status === 404 || response.status === 410) {
            await response.body?.cancel();
            failures.push(new IpfsNotFoundError({ cid: cidText, source: url.origin }));
            continue;
          }
          if (!response.ok || response.body === null) {
            await response.body?.cancel();
            failures.push(new IpfsRequestError({ url: url.toString(), status: response.status }));
            continue;
          }
          const type = response.headers.get("content-type") ?? "";
          if (!type.startsWith("application/vnd.ipld.car")) {
            await response.body.cancel();
            failures.push(
              new IpfsRequestError({
                url: url.toString(),
                status: response.status,
                hint: `The server answered ${type || "without a content type"}, not a CAR: is it a trustless gateway?`,
              }),
            );
            continue;
          }
          return await readVerifiedCar(streamChunks(response.body), cid, { maxBytes });
        } catch (error) {
          if (options.signal?.aborted) throw options.signal.reason;
          if (call.timedOut()) throw new IpfsNotFoundError({ cid: cidText, timeoutMs: call.timeoutMs, cause: error });
          failures.push(error instanceof IpfsError ? error : new IpfsRequestError({ url: url.toString(), cause: error }));
        }
      }

      // The most telling failure: too large, then tampered, then a broken gateway, then absent.
      throw (
        failures.find((error) => error instanceof IpfsContentTooLargeError) ??
        failures.find((error) => error instanceof IpfsVerificationError) ??
        failures.find((error) => !(error instanceof IpfsNotFoundError)) ??
        failures[0] ??
        new IpfsNotFoundError({ cid: cidText })
      );
    },
  };
}

async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stop the download when the consumer gives up early (too large, bad block).
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
