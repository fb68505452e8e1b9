import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { isIPv6 } from "node:net";
import { join, resolve } from "node:path";
import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight } from "@helia/libp2p";
import { unixfs } from "@helia/unixfs";
import { identify } from "@libp2p/identify";
import { noise } from "@libp2p/noise";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr } from "@multiformats/multiaddr";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight } from "helia";
import type { Blockstore } from "interface-blockstore";
import type { CID } from "multiformats/cid";
import { callSignal } from "./callSignal.ts";
import {
  DEFAULT_CAT_MAX_BYTES,
  DEFAULT_CAT_TIMEOUT_MS,
  type IpfsCallOptions,
  type IpfsClient,
  type IpfsPin,
} from "./IpfsClient.ts";
import {
  IpfsContentTooLargeError,
  IpfsDialError,
  IpfsError,
  IpfsNotAFileError,
  IpfsNotFoundError,
  IpfsOperationError,
  IpfsRepoLockedError,
} from "./IpfsError.ts";
import { importOptions } from "./importOptions.ts";
import { mergeRetainUntil } from "./mergeRetainUntil.ts";
import { parseCid } from "./parseCid.ts";
import { readBounded } from "./readBounded.ts";

/** Pin metadata key holding the retain-until time (ms since the epoch) in Helia's datastore. */
export const RETAIN_UNTIL_METADATA_KEY = "hearthRetainUntil";

/** The subset of a pino logger the node uses. */
export type IpfsLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
};

export type CreateIpfsNodeParameters = {
  /** Folder for blocks, the datastore (pins, retention) and the node's key; created if missing. */
  directory: string;
  /** Address to listen on for TCP. Default `127.0.0.1`; use `0.0.0.0` to accept other hosts. */
  host?: string | undefined;
  /** TCP port; `0` (the default) takes a free one. */
  port?: number | undefined;
  /** Public addresses to announce instead of the listening ones (behind NAT, in a container). */
  announce?: readonly string[] | undefined;
  /** Peers to dial at start (multiaddrs ending in `/p2p/<peer id>`); failures are logged. */
  peers?: readonly string[] | undefined;
  /** Timeout for `cat`, `pin` and `dial` when the call gives none. Default 30 s. */
  timeoutMs?: number | undefined;
  /** `cat`'s size limit when the call gives none. Default 64 MiB. */
  maxBytes?: number | undefined;
  logger?: IpfsLogger | undefined;
};

export type IpfsNode = IpfsClient & {
  readonly peerId: string;
  /** The blocks stored on disk, never the network: what a local gateway may serve. */
  readonly localBlockstore: Pick<Blockstore, "get" | "has">;
  /** Deletes every block that no pin holds (run after `pruneExpired`). */
  gc(options?: { signal?: AbortSignal | undefined }): Promise<void>;
};

/**
 * Starts an embedded IPFS node (Helia): blocks, pins and its key persist in `directory`;
 * libp2p speaks TCP + noise + yamux + identify, and exchanges blocks with bitswap. There is
 * no public DHT, bootstrap list, UPnP or autoTLS: peers are dialled by address, which is how
 * Hearth's requesters and providers find each other (their addresses are on chain or in a
 * job), so the node never announces itself to the public network.
 */
export async function createIpfsNode(parameters: CreateIpfsNodeParameters): Promise<IpfsNode> {
  const directory = resolve(parameters.directory);
  const host = parameters.host ?? "127.0.0.1";
  const port = parameters.port ?? 0;
  const defaultTimeoutMs = parameters.timeoutMs ?? DEFAULT_CAT_TIMEOUT_MS;
  const defaultMaxBytes = parameters.maxBytes ?? DEFAULT_CAT_MAX_BYTES;
  const logger = parameters.logger;
  const startedAt = performance.now();

  await mkdir(directory, { recursive: true });
  const releaseLock = await lockRepo(directory);
  const blockstore = new FsBlockstore(join(directory, "blocks"));
  const datastore = new FsDatastore(join(directory, "datastore"));

  let helia;
  try {
    await blockstore.open();
    await datastore.open();
    helia = withBitswap(
      withLibp2pLight(createHeliaLight({ blockstore, datastore }), {
        addresses: {
          listen: [`/${isIPv6(host) ? "ip6" : "ip4"}/${host}/tcp/${port}`],
          ...(parameters.announce ? { announce: [...parameters.announce] } : {}),
        },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        services: { identify: identify() },
      }),
    );
    await helia.start();
  } catch (error) {
    await helia?.stop().catch(() => {});
    await blockstore.close().catch(() => {});
    await datastore.close().catch(() => {});
    await releaseLock();
    throw new IpfsOperationError(`Could not start the IPFS node in ${directory}.`, { cause: error });
  }

  const node = helia;
  const fs = unixfs(node);
  const peerId = node.libp2p.peerId.toString();
  let stopped = false;

  async function readPin(cid: CID): Promise<{ retainUntil: Date | undefined } | undefined> {
    try {
      const pin = await node.pins.get(cid);
      const until = pin.metadata[RETAIN_UNTIL_METADATA_KEY];
      return { retainUntil: typeof until === "number" ? new Date(until) : undefined };
    } catch (error) {
      if (isNamed(error, "NotFoundError")) return undefined;
      throw error;
    }
  }

  function retentionMetadata(retainUntil: Date | undefined): Record<string, number> {
    return retainUntil === undefined ? {} : { [RETAIN_UNTIL_METADATA_KEY]: retainUntil.getTime() };
  }

  const client: IpfsNode = {
    peerId,
    localBlockstore: blockstore,

    async add(content, options = {}) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      let cid: CID;
      try {
        cid = await fs.addBytes(bytes, { ...importOptions, ...(options.signal ? { signal: options.signal } : {}) });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw new IpfsOperationError("Could not store content in the IPFS node.", { cause: error });
      }
      if (options.pin) {
        await client.pin(cid.toString(), {
          signal: options.signal,
          retainUntil: options.pin === true ? undefined : options.pin.retainUntil,
        });
      }
      return cid.toString();
    },

    async cat(cidText, options = {}) {
      const cid = parseCid(cidText);
      const maxBytes = options.maxBytes ?? defaultMaxBytes;
      const call = callSignal(options, defaultTimeoutMs);
      try {
        const stat = await fs.stat(cid, { signal: call.signal });
        if (stat.type === "directory") throw new IpfsNotAFileError({ cid: cidText, type: "directory" });
        // The root block declares the size; refuse before fetching the rest. readBounded
        // still counts, in case a (hash-valid) DAG is larger than its root says.
        if (stat.size > BigInt(maxBytes)) {
          throw new IpfsContentTooLargeError({ cid: cidText, maxBytes, size: Number(stat.size) });
        }
        return await readBounded(fs.cat(cid, { signal: call.signal }), { maxBytes, cid: cidText });
      } catch (error) {
        throw fetchError(error, cidText, call, options.signal);
      }
    },

    async pin(cidText, options = {}) {
      const cid = parseCid(cidText);
      const call = callSignal(options, defaultTimeoutMs);
      try {
        const existing = await readPin(cid);
        if (existing === undefined) {
          try {
            for await (const _ of node.pins.add(cid, {
              signal: call.signal,
              metadata: retentionMetadata(options.retainUntil),
            })) {
              // pins.add walks (and fetches) the whole DAG as it is iterated
            }
            return;
          } catch (error) {
            if (!isNamed(error, "AlreadyPinnedError")) throw error;
          }
        }
        // Already pinned (or pinned concurrently): only ever extend the retention.
        const current = existing ?? (await readPin(cid));
        if (current === undefined) return;
        const merged = mergeRetainUntil(current.retainUntil, options.retainUntil);
        if (merged?.getTime() !== current.retainUntil?.getTime()) {
          await node.pins.setMetadata(cid, retentionMetadata(merged), { signal: call.signal });
        }
      } catch (error) {
        throw fetchError(error, cidText, call, options.signal);
      }
    },

    async unpin(cidText, options = {}) {
      const cid = parseCid(cidText);
      const call = callSignal(options, defaultTimeoutMs);
      try {
        for await (const _ of node.pins.rm(cid, { signal: call.signal })) {
          // rm walks the DAG to release each block's pin count
        }
      } catch (error) {
        if (isNamed(error, "NotFoundError")) return;
        throw fetchError(error, cidText, call, options.signal);
      }
    },

    async listPins(options = {}) {
      const pins: IpfsPin[] = [];
      for await (const pin of node.pins.ls(options.signal ? { signal: options.signal } : {})) {
        const until = pin.metadata[RETAIN_UNTIL_METADATA_KEY];
        pins.push(typeof until === "number" ? { cid: pin.cid.toString(), retainUntil: new Date(until) } : { cid: pin.cid.toString() });
      }
      return pins;
    },

    async pruneExpired(options = {}) {
      const now = (options.now ?? new Date()).getTime();
      const expired = (await client.listPins(options)).filter(
        (pin) => pin.retainUntil !== undefined && pin.retainUntil.getTime() <= now,
      );
      for (const pin of expired) await client.unpin(pin.cid, options);
      if (expired.length > 0) logger?.info({ msg: "pruned expired pins", count: expired.length });
      return expired.map((pin) => pin.cid);
    },

    async dial(address, options = {}) {
      const call = callSignal(options, defaultTimeoutMs);
      try {
        await node.libp2p.dial(multiaddr(address), { signal: call.signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw new IpfsDialError({ multiaddr: address, cause: error });
      }
    },

    async multiaddrs() {
      return node.libp2p.getMultiaddrs().map((address) => address.toString());
    },

    async gc(options = {}) {
      await node.gc(options.signal ? { signal: options.signal } : {});
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await node.stop();
        await blockstore.close();
        await datastore.close();
      } finally {
        await releaseLock();
      }
    },
  };

  for (const peer of parameters.peers ?? []) {
    await client.dial(peer).catch((error: unknown) => {
      logger?.warn({ msg: "could not dial configured peer", peer, err: error });
    });
  }

  logger?.info({
    msg: "ipfs node started",
    peer_id: peerId,
    multiaddrs: await client.multiaddrs(),
    duration_ms: Math.round(performance.now() - startedAt),
  });
  return client;
}

/** Turns what Helia threw while fetching into the IPFS layer's errors. */
function fetchError(
  error: unknown,
  cid: string,
  call: { timeoutMs: number; timedOut: () => boolean },
  callerSignal: AbortSignal | undefined,
): unknown {
  if (error instanceof IpfsError) return error;
  if (callerSignal?.aborted) return callerSignal.reason;
  if (call.timedOut()) return new IpfsNotFoundError({ cid, timeoutMs: call.timeoutMs, cause: error });
  return new IpfsOperationError(`IPFS operation on ${cid} failed.`, { cause: error });
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * A lock file holding our pid, so two nodes never write one repository at once. A lock left
 * by a process that no longer runs is taken over.
 */
async function lockRepo(directory: string): Promise<() => Promise<void>> {
  const path = join(directory, "repo.lock");
  const release = async () => {
    await rm(path, { force: true });
  };
  try {
    await writeFile(path, String(process.pid), { flag: "wx" });
    return release;
  } catch (error) {
    if (!isErrnoCode(error, "EEXIST")) throw error;
  }
  const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
    throw new IpfsRepoLockedError({ directory, pid: holder });
  }
  await writeFile(path, String(process.pid));
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoCode(error, "EPERM");
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
