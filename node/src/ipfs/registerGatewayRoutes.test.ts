import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestCar, type TestBlock } from "@hearth/sdk/ipfs/buildTestCar";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { createGatewayClient } from "@hearth/sdk/ipfs/createGatewayClient";
import { createIpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { IpfsNotFoundError } from "@hearth/sdk/ipfs/IpfsError";
import { parseCid } from "@hearth/sdk/ipfs/parseCid";
import { readVerifiedCar } from "@hearth/sdk/ipfs/readVerifiedCar";
import Fastify from "fastify";
import type { CID } from "multiformats/cid";
import { describe, expect, test } from "vitest";
import { registerGatewayRoutes } from "./registerGatewayRoutes.ts";

/** An in-memory blockstore holding exactly the blocks given. */
function memoryBlockstore(blocks: TestBlock[]) {
  const key = (cid: CID) => Buffer.from(cid.multihash.bytes).toString("base64");
  const map = new Map(blocks.map((block) => [key(block.cid), block.bytes]));
  return {
    has: async (cid: CID) => map.has(key(cid)),
    async *get(cid: CID) {
      const bytes = map.get(key(cid));
      if (bytes === undefined) throw new Error("not here");
      yield bytes;
    },
  };
}

async function gatewayApp(blocks: TestBlock[]) {
  const app = Fastify();
  registerGatewayRoutes(app, { blockstore: memoryBlockstore(blocks) });
  await app.ready();
  return app;
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe("registerGatewayRoutes", () => {
  test("?format=raw serves one block that hashes to the CID", async () => {
    const bytes = randomBytes(600 * 1024);
    const { root, blocks } = await buildTestCar(bytes);
    const app = await gatewayApp(blocks);

    const response = await app.inject({ method: "GET", url: `/ipfs/${root}?format=raw` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.ipld.raw");
    const body = response.rawPayload;
    expect(createHash("sha256").update(body).digest().equals(Buffer.from(root.multihash.digest))).toBe(true);

    const leaf = blocks[0]!;
    const leafResponse = await app.inject({ url: `/ipfs/${leaf.cid}`, headers: { accept: "application/vnd.ipld.raw" } });
    expect(leafResponse.headers["content-type"]).toBe("application/vnd.ipld.raw");
    expect(await computeCid(leafResponse.rawPayload)).toBe(leaf.cid.toString());
  });

  test("?format=car serves the whole DAG, verified against the CID", async () => {
    const bytes = randomBytes(600 * 1024);
    const { root, blocks } = await buildTestCar(bytes);
    const app = await gatewayApp(blocks);

    const response = await app.inject({ url: `/ipfs/${root}?format=car` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.ipld.car; version=1");
    expect(response.headers["cache-control"]).toContain("immutable");
    const file = await readVerifiedCar(once(response.rawPayload), root, { maxBytes: 1 << 20 });
    expect(Buffer.from(file).equals(bytes)).toBe(true);

    const byAccept = await app.inject({ url: `/ipfs/${root}`, headers: { accept: "application/vnd.ipld.car" } });
    expect(byAccept.rawPayload.equals(response.rawPayload)).toBe(true);
  });

  test("a plain GET serves the file's bytes", async () => {
    const bytes = randomBytes(600 * 1024);
    const { root, blocks } = await buildTestCar(bytes);
    const app = await gatewayApp(blocks);
    const response = await app.inject({ url: `/ipfs/${root}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-length"]).toBe(String(bytes.length));
    expect(response.rawPayload.equals(bytes)).toBe(true);
  });

  test("a bad CID is a 400 with a message", async () => {
    const app = await gatewayApp([]);
    const response = await app.inject({ url: "/ipfs/not-a-cid" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "IPFS_INVALID_CID", message: '"not-a-cid" is not a valid CID' });
  });

  test("an unknown format is a 400", async () => {
    const { root, blocks } = await buildTestCar(randomBytes(10));
    const app = await gatewayApp(blocks);
    const response = await app.inject({ url: `/ipfs/${root}?format=tar` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("IPFS_UNSUPPORTED_FORMAT");
  });

  test("content not held, wholly or in part, is a 404", async () => {
    const { root, blocks } = await buildTestCar(randomBytes(600 * 1024));
    const none = await gatewayApp([]);
    for (const format of ["raw", "car", undefined]) {
      const response = await none.inject({ url: `/ipfs/${root}${format ? `?format=${format}` : ""}` });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("IPFS_NOT_FOUND");
    }

    const partial = await gatewayApp(blocks.filter((block) => !block.cid.equals(blocks[1]!.cid)));
    expect((await partial.inject({ url: `/ipfs/${root}?format=raw` })).statusCode).toBe(200);
    const car = await partial.inject({ url: `/ipfs/${root}?format=car` });
    expect(car.statusCode).toBe(404);
    expect(car.json().error.message).toContain(`block ${blocks[1]!.cid} is missing`);
    expect((await partial.inject({ url: `/ipfs/${root}` })).statusCode).toBe(404);
  });

  test("a directory is served as CAR but not as file bytes", async () => {
    const { root, blocks } = await buildTestCar([{ path: "dir/a.txt", content: new Uint8Array([1, 2, 3]) }]);
    const app = await gatewayApp(blocks);
    expect((await app.inject({ url: `/ipfs/${root}?format=car` })).statusCode).toBe(200);
    const response = await app.inject({ url: `/ipfs/${root}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("IPFS_NOT_A_FILE");
  });

  test("over HTTP, a gateway client fetches from a node's gateway, which never reaches into the network", async () => {
    const root = await mkdtemp(join(tmpdir(), "hearth-gateway-"));
    const a = await createIpfsNode({ directory: join(root, "a") });
    const b = await createIpfsNode({ directory: join(root, "b") });
    const app = Fastify();
    registerGatewayRoutes(app, { blockstore: b.localBlockstore });
    try {
      const address = await app.listen({ host: "127.0.0.1", port: 0 });
      const gateway = createGatewayClient({ gateways: [address], timeoutMs: 5_000 });

      const onB = randomBytes(400 * 1024);
      const cidOnB = await b.add(onB);
      expect(Buffer.from(await gateway.cat(cidOnB)).equals(onB)).toBe(true);

      // A holds this; B is connected to A, yet B's gateway answers 404 and fetches nothing.
      const cidOnA = await a.add(randomBytes(1000));
      await b.dial((await a.multiaddrs())[0]!);
      await expect(gateway.cat(cidOnA)).rejects.toBeInstanceOf(IpfsNotFoundError);
      expect(await b.localBlockstore.has(parseCid(cidOnA))).toBe(false);
    } finally {
      await app.close();
      await a.stop();
      await b.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
