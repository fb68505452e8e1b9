import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { catJson } from "@hearth/sdk/ipfs/catJson";
import { createGatewayClient } from "@hearth/sdk/ipfs/createGatewayClient";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { parseCid } from "@hearth/sdk/ipfs/parseCid";
import { parseProviderMetadata, type ProviderMetadataView } from "./parseProviderMetadata.ts";

/** What the API knows about a metadata CID right now. */
export type MetadataState =
  | { status: "ok"; metadata: ProviderMetadataView }
  | { status: "pending" }
  | { status: "unavailable"; reason: string }
  | { status: "invalid"; reason: string }
  | { status: "disabled" };

export type MetadataStore = {
  /** The cached state of `cid`, starting a fetch in the background when nothing is known yet. */
  peek(cid: string): MetadataState;
  /** Like `peek`, but waits up to `waitMs` for a fetch to finish. */
  get(cid: string, waitMs: number): Promise<MetadataState>;
};

export type CreateMetadataStoreParameters = {
  /** Trustless gateways; empty: metadata is not fetched (`disabled`). */
  gateways: readonly string[];
  /** Folder where verified documents are kept by CID (content under a CID never changes). */
  directory: string;
  /** Largest document accepted, bytes (default 64 KiB). */
  maxBytes?: number | undefined;
  /** Time one fetch may take (default 10 s). */
  timeoutMs?: number | undefined;
  /** Wait before fetching a CID again after a failure (default 60 s). */
  retryAfterMs?: number | undefined;
  /** Injected for tests; default a gateway client over `gateways`. */
  reader?: IpfsReader | undefined;
  now?: (() => number) | undefined;
};

const MAX_CONCURRENT_FETCHES = 4;

/**
 * Provider metadata by CID: fetched through trustless gateways (every block verified against the CID, size
 * bounded), checked, cached in memory and on disk. Nothing is fetched until asked; failures are retried later.
 */
export function createMetadataStore(parameters: CreateMetadataStoreParameters): MetadataStore {
  const maxBytes = parameters.maxBytes ?? 64 * 1024;
  const timeoutMs = parameters.timeoutMs ?? 10_000;
  const retryAfterMs = parameters.retryAfterMs ?? 60_000;
  const now = parameters.now ?? Date.now;
  const reader =
    parameters.reader ??
    (parameters.gateways.length > 0 ? createGatewayClient({ gateways: parameters.gateways, timeoutMs, maxBytes }) : undefined);
  const states = new Map<string, MetadataState & { at?: number }>();
  const inflight = new Map<string, Promise<void>>();
  const queue: string[] = [];
  let active = 0;

  const file = (cid: string) => path.join(parameters.directory, `${cid}.json`);

  function fromDisk(cid: string): MetadataState | undefined {
    try {
      const metadata = parseProviderMetadata(JSON.parse(readFileSync(file(cid), "utf8")));
      return metadata ? { status: "ok", metadata } : undefined;
    } catch {
      return undefined;
    }
  }

  async function fetchOne(cid: string): Promise<void> {
    if (!reader) return;
    try {
      const document = await catJson(reader, cid, { maxBytes, timeoutMs });
      const metadata = parseProviderMetadata(document);
      if (!metadata) {
        states.set(cid, { status: "invalid", reason: "the document is not a JSON object", at: now() });
        return;
      }
      states.set(cid, { status: "ok", metadata });
      try {
        mkdirSync(parameters.directory, { recursive: true });
        const temporary = `${file(cid)}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(document));
        renameSync(temporary, file(cid));
      } catch {
        // The disk cache is an optimisation: the document stays cached in memory.
      }
    } catch (error) {
      const reason = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
      const invalid = error instanceof Error && /Json|TooLarge|Verification|InvalidCid|NotAFile/.test(error.name);
      states.set(cid, { status: invalid ? "invalid" : "unavailable", reason, at: now() });
    }
  }

  function pump(): void {
    while (active < MAX_CONCURRENT_FETCHES && queue.length > 0) {
      const cid = queue.shift()!;
      active++;
      fetchOne(cid).finally(() => {
        active--;
        resolvers.get(cid)?.();
        resolvers.delete(cid);
        inflight.delete(cid);
        pump();
      });
    }
  }

  const resolvers = new Map<string, () => void>();

  function start(cid: string): Promise<void> {
    const running = inflight.get(cid);
    if (running) return running;
    const promise = new Promise<void>((resolve) => resolvers.set(cid, resolve));
    inflight.set(cid, promise);
    states.set(cid, { status: "pending" });
    queue.push(cid);
    pump();
    return promise;
  }

  function peek(cid: string): MetadataState {
    if (!reader) return { status: "disabled" };
    const known = states.get(cid);
    if (known?.status === "ok" || known?.status === "pending") return strip(known);
    if (known && (known.at ?? 0) + retryAfterMs > now()) return strip(known);
    if (!known) {
      try {
        parseCid(cid);
      } catch {
        const invalid: MetadataState = { status: "invalid", reason: "not a CID" };
        states.set(cid, { ...invalid, at: Number.POSITIVE_INFINITY });
        return invalid;
      }
      const cached = fromDisk(cid);
      if (cached) {
        states.set(cid, cached);
        return cached;
      }
    }
    void start(cid);
    return { status: "pending" };
  }

  return {
    peek,
    async get(cid, waitMs) {
      const state = peek(cid);
      if (state.status !== "pending") return state;
      const running = inflight.get(cid);
      if (running) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      return strip(states.get(cid) ?? { status: "pending" });
    },
  };
}

function strip(state: MetadataState & { at?: number }): MetadataState {
  const { at: _at, ...rest } = state;
  return rest as MetadataState;
}
