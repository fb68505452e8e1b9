import { multiaddr } from "@multiformats/multiaddr";
import { create, type KuboRPCClient } from "kubo-rpc-client";
import { callSignal } from "./callSignal.ts";
import { computeCid } from "./computeCid.ts";
import {
  DEFAULT_CAT_MAX_BYTES,
  DEFAULT_CAT_TIMEOUT_MS,
  type IpfsCallOptions,
  type IpfsClient,
  type IpfsPin,
} from "./IpfsClient.ts";
import { IpfsCidMismatchError, IpfsDialError, IpfsError, IpfsNotFoundError, IpfsRequestError } from "./IpfsError.ts";
import { kuboAddOptions } from "./importOptions.ts";
import { mergeRetainUntil } from "./mergeRetainUntil.ts";
import { parseCid } from "./parseCid.ts";
import { readVerifiedCar } from "./readVerifiedCar.ts";
import { splitUrlCredentials } from "./splitUrlCredentials.ts";

/** The Kubo RPC calls the adapter makes; tests inject a recorder in its place. */
export type KuboRpc = {
  add: KuboRPCClient["add"];
  dag: Pick<KuboRPCClient["dag"], "export">;
  pin: Pick<KuboRPCClient["pin"], "add" | "rm" | "ls">;
  swarm: Pick<KuboRPCClient["swarm"], "connect">;
  id: KuboRPCClient["id"];
};

export type CreateKuboClientParameters = {
  /** Kubo's RPC endpoint, e.g. `http://127.0.0.1:5001`; `user:password@` becomes a header. */
  url: string;
  /** Extra headers for every request (e.g. `Authorization: Bearer …` for a pinning proxy). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Default for `cat`, `pin` and `dial`; other calls get it too so none can hang. Default 30 s. */
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
  /**
   * Compare every CID Kubo returns from `add` with a local import using Hearth's options
   * (default true): a daemon configured with other chunking would otherwise give CIDs nobody
   * else reproduces.
   */
  verifyCids?: boolean | undefined;
  /** Replaces the HTTP client (tests only). */
  rpc?: KuboRpc | undefined;
};

/** Pin names mark Hearth's pins and carry their retention in Kubo's own pin store. */
const PIN_NAME = "hearth";
const RETAIN_PREFIX = `${PIN_NAME} retain-until `;

/**
 * `IpfsClient` over a user's Kubo daemon (RPC API). Adds use Hearth's import options so CIDs
 * match the embedded node's; reads go through `dag export` and are verified here, block by
 * block, rather than trusted from the daemon. Retention lives in the pin's name
 * (`hearth retain-until <ISO time>`), so it survives with Kubo's own pins, and pruning only
 * ever touches pins named by Hearth.
 */
export function createKuboClient(parameters: CreateKuboClientParameters): IpfsClient {
  const { url, authorization } = splitUrlCredentials(parameters.url);
  const endpoint = url.toString();
  const headers = { ...(authorization ? { authorization } : {}), ...parameters.headers };
  const rpc: KuboRpc = parameters.rpc ?? create({ url, headers });
  const defaultTimeoutMs = parameters.timeoutMs ?? DEFAULT_CAT_TIMEOUT_MS;
  const defaultMaxBytes = parameters.maxBytes ?? DEFAULT_CAT_MAX_BYTES;
  const verifyCids = parameters.verifyCids ?? true;

  function requestError(error: unknown, options: IpfsCallOptions, call: { timedOut: () => boolean }): unknown {
    if (error instanceof IpfsError) return error;
    if (options.signal?.aborted) return options.signal.reason;
    const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
    return new IpfsRequestError({
      url: endpoint,
      ...(typeof status === "number" ? { status } : {}),
      cause: error,
      ...(call.timedOut() ? { hint: `Kubo did not answer within the timeout; is the daemon at ${endpoint} busy or stuck?` } : {}),
    });
  }

  async function findPin(cid: string, signal: AbortSignal): Promise<{ name: string | undefined } | undefined> {
    try {
      for await (const pin of rpc.pin.ls({ paths: cid, type: "recursive", names: true, signal })) {
        return { name: pin.name };
      }
      return undefined;
    } catch (error) {
      if (isNotPinned(error)) return undefined;
      throw error;
    }
  }

  const client: IpfsClient = {
    async add(content, options = {}) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      const call = callSignal(options, defaultTimeoutMs);
      let cid: string;
      try {
        const result = await rpc.add(bytes, { ...kuboAddOptions, pin: false, signal: call.signal });
        cid = result.cid.toV1().toString();
      } catch (error) {
        throw requestError(error, options, call);
      }
      if (verifyCids) {
        const expected = await computeCid(bytes);
        if (expected !== cid) throw new IpfsCidMismatchError({ expected, actual: cid });
      }
      if (options.pin) {
        await client.pin(cid, {
          signal: options.signal,
          timeoutMs: options.timeoutMs,
          retainUntil: options.pin === true ? undefined : options.pin.retainUntil,
        });
      }
      return cid;
    },

    async cat(cidText, options = {}) {
      const cid = parseCid(cidText);
      const call = callSignal(options, defaultTimeoutMs);
      try {
        return await readVerifiedCar(rpc.dag.export(cid, { signal: call.signal }), cid, {
          maxBytes: options.maxBytes ?? defaultMaxBytes,
        });
      } catch (error) {
        if (!(error instanceof IpfsError) && !options.signal?.aborted && call.timedOut()) {
          throw new IpfsNotFoundError({ cid: cidText, timeoutMs: call.timeoutMs, source: endpoint, cause: error });
        }
        throw requestError(error, options, call);
      }
    },

    async pin(cidText, options = {}) {
      const cid = parseCid(cidText).toString();
      const call = callSignal(options, defaultTimeoutMs);
      try {
        const existing = await findPin(cid, call.signal);
        if (existing === undefined) {
          await rpc.pin.add(cid, { recursive: true, name: pinName(options.retainUntil), signal: call.signal });
          return;
        }
        // A pin Hearth did not name is the user's own: permanent, leave it.
        if (!isHearthPin(existing.name)) return;
        const current = retainUntilOf(existing.name);
        const merged = mergeRetainUntil(current, options.retainUntil);
        if (merged?.getTime() === current?.getTime()) return;
        // Kubo keeps the first name of a pin: re-pin under the new one. Blocks stay unless a
        // garbage collection runs in the instant between the two calls.
        await rpc.pin.rm(cid, { recursive: true, signal: call.signal });
        await rpc.pin.add(cid, { recursive: true, name: pinName(merged), signal: call.signal });
      } catch (error) {
        if (!(error instanceof IpfsError) && !options.signal?.aborted && call.timedOut()) {
          throw new IpfsNotFoundError({ cid, timeoutMs: call.timeoutMs, source: endpoint, cause: error });
        }
        throw requestError(error, options, call);
      }
    },

    async unpin(cidText, options = {}) {
      const cid = parseCid(cidText).toString();
      const call = callSignal(options, defaultTimeoutMs);
      try {
        await rpc.pin.rm(cid, { recursive: true, signal: call.signal });
      } catch (error) {
        if (isNotPinned(error)) return;
        throw requestError(error, options, call);
      }
    },

    async listPins(options = {}) {
      const call = callSignal(options, defaultTimeoutMs);
      const pins: IpfsPin[] = [];
      try {
        for await (const pin of rpc.pin.ls({ type: "recursive", names: true, name: PIN_NAME, signal: call.signal })) {
          if (!isHearthPin(pin.name)) continue;
          const retainUntil = retainUntilOf(pin.name);
          const cid = pin.cid.toV1().toString();
          pins.push(retainUntil === undefined ? { cid } : { cid, retainUntil });
        }
      } catch (error) {
        throw requestError(error, options, call);
      }
      return pins;
    },

    async pruneExpired(options = {}) {
      const now = (options.now ?? new Date()).getTime();
      const expired = (await client.listPins(options)).filter(
        (pin) => pin.retainUntil !== undefined && pin.retainUntil.getTime() <= now,
      );
      for (const pin of expired) await client.unpin(pin.cid, options);
      return expired.map((pin) => pin.cid);
    },

    async dial(address, options = {}) {
      const call = callSignal(options, defaultTimeoutMs);
      try {
        await rpc.swarm.connect(multiaddr(address), { signal: call.signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw new IpfsDialError({ multiaddr: address, cause: error });
      }
    },

    async multiaddrs() {
      const call = callSignal({}, defaultTimeoutMs);
      try {
        const { id, addresses } = await rpc.id({ signal: call.signal });
        return addresses.map((address) => {
          const text = address.toString();
          return text.includes("/p2p/") ? text : `${text}/p2p/${id.toString()}`;
        });
      } catch (error) {
        throw requestError(error, {}, call);
      }
    },

    async stop() {
      // The daemon belongs to the user and keeps running; the HTTP client holds nothing open.
    },
  };
  return client;
}

function pinName(retainUntil: Date | undefined): string {
  return retainUntil === undefined ? PIN_NAME : `${RETAIN_PREFIX}${retainUntil.toISOString()}`;
}

function isHearthPin(name: string | undefined): boolean {
  return name === PIN_NAME || (name?.startsWith(RETAIN_PREFIX) ?? false);
}

function retainUntilOf(name: string | undefined): Date | undefined {
  if (!name?.startsWith(RETAIN_PREFIX)) return undefined;
  const time = new Date(name.slice(RETAIN_PREFIX.length));
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function isNotPinned(error: unknown): boolean {
  return error instanceof Error && /not pinned/i.test(error.message);
}
