import { describe, expect, test } from "vitest";
import { z } from "zod";
import { addJson } from "./addJson.ts";
import { catJson } from "./catJson.ts";
import { computeCid } from "./computeCid.ts";
import { IpfsInvalidJsonError } from "./IpfsError.ts";

// A content-addressed store in a Map: enough to exercise the JSON helpers on their own.
function memoryClient() {
  const store = new Map<string, Uint8Array>();
  return {
    store,
    async add(content: Uint8Array | string) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      const cid = await computeCid(bytes);
      store.set(cid, bytes);
      return cid;
    },
    async cat(cid: string, options?: { maxBytes?: number | undefined }) {
      const bytes = store.get(cid);
      if (bytes === undefined) throw new Error("absent");
      if (options?.maxBytes !== undefined && bytes.byteLength > options.maxBytes) throw new Error("too large");
      return bytes;
    },
  };
}

describe("addJson / catJson", () => {
  test("equal values give the same bytes and CID whatever their key order", async () => {
    const client = memoryClient();
    const a = await addJson(client, { b: 1, a: { d: [1, { y: 2, x: 1 }], c: "é" } });
    const b = await addJson(client, { a: { c: "é", d: [1, { x: 1, y: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(new TextDecoder().decode(client.store.get(a))).toBe('{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(a).toBe(await computeCid('{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}'));
  });

  test("values without a JSON form are refused, not silently changed", async () => {
    const client = memoryClient();
    await expect(addJson(client, { n: Number.NaN })).rejects.toBeInstanceOf(IpfsInvalidJsonError);
    await expect(addJson(client, { n: 1n })).rejects.toBeInstanceOf(IpfsInvalidJsonError);
  });

  test("catJson round-trips and validates with a schema", async () => {
    const client = memoryClient();
    const cid = await addJson(client, { version: 1, name: "matmul" });
    expect(await catJson(client, cid)).toEqual({ version: 1, name: "matmul" });
    const schema = z.object({ version: z.literal(1), name: z.string() });
    const value = await catJson(client, cid, { schema });
    expect(value.name).toBe("matmul");
    await expect(catJson(client, cid, { schema: z.object({ version: z.literal(2) }) })).rejects.toBeInstanceOf(
      IpfsInvalidJsonError,
    );
  });

  test("bytes that are not UTF-8 JSON are a typed error", async () => {
    const client = memoryClient();
    await expect(catJson(client, await client.add("{not json"))).rejects.toBeInstanceOf(IpfsInvalidJsonError);
    await expect(catJson(client, await client.add(new Uint8Array([0xff, 0xfe])))).rejects.toBeInstanceOf(
      IpfsInvalidJsonError,
    );
  });

  test("catJson bounds the size by default", async () => {
    const client = memoryClient();
    const cid = await client.add(`"${"x".repeat(5 * 1024 * 1024)}"`);
    await expect(catJson(client, cid)).rejects.toThrow("too large");
    await expect(catJson(client, cid, { maxBytes: 6 * 1024 * 1024 })).resolves.toHaveLength(5 * 1024 * 1024);
  });
});
