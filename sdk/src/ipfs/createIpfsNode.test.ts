import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { computeCid } from "./computeCid.ts";
import { createIpfsNode, type IpfsNode } from "./createIpfsNode.ts";
import {
  IpfsContentTooLargeError,
  IpfsDialError,
  IpfsInvalidCidError,
  IpfsNotFoundError,
  IpfsOperationError,
  IpfsRepoLockedError,
} from "./IpfsError.ts";
import { parseCid } from "./parseCid.ts";

// A CID nobody has: the raw CID of bytes drawn at random for this run.
const unknownCid = await computeCid(randomBytes(64));

describe("createIpfsNode", () => {
  let root: string;
  let a: IpfsNode;
  let b: IpfsNode;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hearth-ipfs-"));
    const started = performance.now();
    a = await createIpfsNode({ directory: join(root, "a"), timeoutMs: 5_000 });
    b = await createIpfsNode({ directory: join(root, "b"), timeoutMs: 5_000 });
    console.info(`two nodes started in ${Math.round(performance.now() - started)} ms`);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test("listens only where told: 127.0.0.1 on a free port, addresses end in its peer id", async () => {
    const addresses = await a.multiaddrs();
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      expect(address).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
      expect(address.endsWith(`/p2p/${a.peerId}`)).toBe(true);
      expect(address).not.toMatch(/\/tcp\/0\//);
    }
  });

  test("add returns Kubo's CID and cat gives the bytes back", async () => {
    const cid = await a.add("hello world");
    expect(cid).toBe("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    expect(new TextDecoder().decode(await a.cat(cid))).toBe("hello world");

    const bytes = randomBytes(700 * 1024); // three chunks under a dag-pb root
    const big = await a.add(bytes);
    expect(big).toBe(await computeCid(bytes));
    expect(big.startsWith("bafybei")).toBe(true);
    expect(Buffer.from(await a.cat(big)).equals(bytes)).toBe(true);
  });

  test("cat refuses content over maxBytes before fetching it all", async () => {
    const cid = await a.add(randomBytes(600 * 1024));
    const error = await a.cat(cid, { maxBytes: 512 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsContentTooLargeError);
    expect((error as IpfsContentTooLargeError).size).toBe(600 * 1024);
    await expect(a.cat(cid, { maxBytes: 600 * 1024 })).resolves.toHaveLength(600 * 1024);
  });

  test("a bad CID is a typed error", async () => {
    await expect(a.cat("not-a-cid")).rejects.toBeInstanceOf(IpfsInvalidCidError);
  });

  test("cat of a CID nobody has ends with IpfsNotFoundError within its timeout", async () => {
    const started = performance.now();
    const error = await a.cat(unknownCid, { timeoutMs: 500 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(IpfsNotFoundError);
    expect((error as IpfsNotFoundError).shortMessage).toContain("within 500 ms");
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3_000);
  });

  test("the caller's signal wins over the timeout", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 100);
    await expect(a.cat(unknownCid, { signal: controller.signal, timeoutMs: 10_000 })).rejects.toThrow("caller gave up");
  });

  test("node B fetches what node A added after a direct dial, verified", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const cid = await a.add(bytes);
    // Before the dial B knows no peer: the fetch must time out, not hang.
    await expect(b.cat(cid, { timeoutMs: 300 })).rejects.toBeInstanceOf(IpfsNotFoundError);

    const [address] = await a.multiaddrs();
    let started = performance.now();
    await b.dial(address!);
    const dialMs = performance.now() - started;
    started = performance.now();
    const fetched = await b.cat(cid);
    const fetchMs = performance.now() - started;
    console.info(`dial ${Math.round(dialMs)} ms, fetch of 3 MiB ${Math.round(fetchMs)} ms`);
    expect(Buffer.from(fetched).equals(bytes)).toBe(true);
    // What B fetched is now stored on B, verified on arrival: it hashes to the same CID.
    expect(await computeCid(fetched)).toBe(cid);
    expect(await b.localBlockstore.has(parseCid(cid))).toBe(true);
  });

  test("an oversize file from a peer is refused after its root block, before its leaves", async () => {
    const bytes = randomBytes(5 * 256 * 1024);
    const cid = await a.add(bytes);
    const error = await b.cat(cid, { maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsContentTooLargeError);
    const firstLeaf = await computeCid(bytes.subarray(0, 256 * 1024));
    expect(await b.localBlockstore.has(parseCid(cid))).toBe(true);
    expect(await b.localBlockstore.has(parseCid(firstLeaf))).toBe(false);
  });

  test("dial of a wrong address is a typed error", async () => {
    await expect(b.dial("/ip4/127.0.0.1/tcp/1", { timeoutMs: 2_000 })).rejects.toBeInstanceOf(IpfsDialError);
    await expect(b.dial("not a multiaddr")).rejects.toBeInstanceOf(IpfsDialError);
  });
});

describe("createIpfsNode persistence and retention", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hearth-ipfs-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("content, pins and the peer id survive a restart on the same folder", async () => {
    const directory = join(root, "persist");
    const first = await createIpfsNode({ directory });
    const bytes = randomBytes(300 * 1024);
    const cid = await first.add(bytes, { pin: { retainUntil: new Date("2100-01-01T00:00:00Z") } });
    const peerId = first.peerId;
    await first.stop();

    const started = performance.now();
    const second = await createIpfsNode({ directory });
    console.info(`restart on an existing folder took ${Math.round(performance.now() - started)} ms`);
    try {
      expect(second.peerId).toBe(peerId);
      // timeoutMs is short and the node has no peers: only the disk can answer.
      expect(Buffer.from(await second.cat(cid, { timeoutMs: 1_000 })).equals(bytes)).toBe(true);
      expect(await second.listPins()).toEqual([{ cid, retainUntil: new Date("2100-01-01T00:00:00Z") }]);
    } finally {
      await second.stop();
    }
  });

  test("a folder in use is refused", async () => {
    const directory = join(root, "locked");
    const node = await createIpfsNode({ directory });
    try {
      await expect(createIpfsNode({ directory })).rejects.toBeInstanceOf(IpfsRepoLockedError);
    } finally {
      await node.stop();
    }
  });

  test("a port already taken fails the start with a typed error and frees the folder", async () => {
    const first = await createIpfsNode({ directory: join(root, "port-a") });
    try {
      const port = Number((await first.multiaddrs())[0]!.split("/")[4]);
      const directory = join(root, "port-b");
      await expect(createIpfsNode({ directory, port })).rejects.toBeInstanceOf(IpfsOperationError);
      const retry = await createIpfsNode({ directory });
      await retry.stop();
    } finally {
      await first.stop();
    }
  });

  test("pruneExpired unpins what has expired, keeps the rest, and gc then frees the blocks", async () => {
    const node = await createIpfsNode({ directory: join(root, "retention"), timeoutMs: 1_000 });
    try {
      const now = new Date("2030-06-01T00:00:00Z");
      const expired = await node.add("expired result");
      const kept = await node.add("kept result");
      const permanent = await node.add("permanent result");
      await node.pin(expired, { retainUntil: new Date("2030-05-31T00:00:00Z") });
      await node.pin(kept, { retainUntil: new Date("2030-06-02T00:00:00Z") });
      await node.pin(permanent);

      // Pinning again never shortens retention, and can extend it.
      await node.pin(kept, { retainUntil: new Date("2030-01-01T00:00:00Z") });
      await node.pin(permanent, { retainUntil: new Date("2030-01-01T00:00:00Z") });
      const pins = new Map((await node.listPins()).map((pin) => [pin.cid, pin.retainUntil]));
      expect(pins.get(kept)).toEqual(new Date("2030-06-02T00:00:00Z"));
      expect(pins.get(permanent)).toBeUndefined();
      expect(pins.has(permanent)).toBe(true);

      expect(await node.pruneExpired({ now })).toEqual([expired]);
      expect((await node.listPins()).map((pin) => pin.cid).sort()).toEqual([kept, permanent].sort());
      expect(await node.pruneExpired({ now })).toEqual([]);

      await node.gc();
      await expect(node.cat(expired, { timeoutMs: 200 })).rejects.toBeInstanceOf(IpfsNotFoundError);
      expect(new TextDecoder().decode(await node.cat(kept))).toBe("kept result");
      expect(new TextDecoder().decode(await node.cat(permanent))).toBe("permanent result");

      // Later, the extended pin expires too.
      expect(await node.pruneExpired({ now: new Date("2030-06-03T00:00:00Z") })).toEqual([kept]);
      await node.unpin(kept); // unpinning what is not pinned is a no-op
    } finally {
      await node.stop();
    }
  });
});
