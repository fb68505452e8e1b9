import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { metadataDocument } from "../testing/scriptHistory.ts";
import { startTestGateway, type TestGateway } from "../testing/startTestGateway.ts";
import { createMetadataStore } from "./createMetadataStore.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function setup(documents: Map<string, Uint8Array>, tamper?: Map<string, Uint8Array>) {
  const gateway: TestGateway = await startTestGateway(documents, tamper);
  const directory = mkdtempSync(path.join(tmpdir(), "hearth-metadata-"));
  cleanup.push(() => gateway.stop(), () => rmSync(directory, { recursive: true, force: true }));
  return { gateway, directory };
}

test("fetches by CID, verifies, caches in memory and on disk", async () => {
  const document = metadataDocument("solar-home", 40, "solar");
  const cid = await computeCid(document);
  const { gateway, directory } = await setup(new Map([[cid, document]]));
  const store = createMetadataStore({ gateways: [gateway.url], directory });
  expect(store.peek(cid).status).toBe("pending");
  const state = await store.get(cid, 5_000);
  expect(state).toMatchObject({ status: "ok", metadata: { name: "solar-home", carbonIntensity: 40, energySource: "solar", gpu: { vendor: "google" } } });
  const requests = gateway.requests();
  expect((await store.get(cid, 5_000)).status).toBe("ok");
  expect(gateway.requests()).toBe(requests);
  expect(readdirSync(directory)).toEqual([`${cid}.json`]);
  // A new store (a restart) reads the disk cache without the gateway.
  await gateway.stop();
  const again = createMetadataStore({ gateways: [gateway.url], directory });
  expect(again.peek(cid)).toMatchObject({ status: "ok", metadata: { name: "solar-home" } });
});

test("a gateway serving other bytes under the CID is not believed", async () => {
  const document = metadataDocument("honest", 40, "solar");
  const cid = await computeCid(document);
  const { gateway, directory } = await setup(new Map([[cid, document]]), new Map([[cid, metadataDocument("forged", 0, "solar")]]));
  const state = await createMetadataStore({ gateways: [gateway.url], directory }).get(cid, 5_000);
  expect(state.status === "invalid" || state.status === "unavailable").toBe(true);
  expect(readdirSync(directory)).toEqual([]);
});

test("bounded: a document over the limit is refused", async () => {
  const big = new TextEncoder().encode(JSON.stringify({ name: "x".repeat(100_000) }));
  const cid = await computeCid(big);
  const { gateway, directory } = await setup(new Map([[cid, big]]));
  const state = await createMetadataStore({ gateways: [gateway.url], directory, maxBytes: 64 * 1024 }).get(cid, 5_000);
  expect(state.status).toBe("invalid");
});

test("not an object, not a CID, missing, or no gateway", async () => {
  const list = new TextEncoder().encode("[1,2,3]");
  const listCid = await computeCid(list);
  const { gateway, directory } = await setup(new Map([[listCid, list]]));
  let now = 0;
  const store = createMetadataStore({ gateways: [gateway.url], directory, retryAfterMs: 1_000, now: () => now });
  expect(await store.get(listCid, 5_000)).toMatchObject({ status: "invalid" });
  expect(store.peek("not-a-cid")).toMatchObject({ status: "invalid" });
  const absent = await computeCid("absent");
  expect(await store.get(absent, 5_000)).toMatchObject({ status: "unavailable" });
  // Failures are retried only after `retryAfterMs`.
  const requests = gateway.requests();
  expect(store.peek(absent).status).toBe("unavailable");
  expect(gateway.requests()).toBe(requests);
  now = 2_000;
  expect(store.peek(absent).status).toBe("pending");
  expect(createMetadataStore({ gateways: [], directory }).peek(listCid)).toEqual({ status: "disabled" });
});
