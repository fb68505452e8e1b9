import { describe, expect, test } from "vitest";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { CID } from "multiformats/cid";
import type { ProviderStatus } from "../daemon/createProviderNode.ts";
import { createMetricsRegistry } from "../metrics/createMetricsRegistry.ts";
import { apiErrors } from "./apiErrors.ts";
import { buildApi } from "./buildApi.ts";

const status = { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", chain_id: 31337, queue: { seen: 2 } } as unknown as ProviderStatus;

function app(options: { ok?: boolean; failStatus?: boolean; blocks?: Map<string, Uint8Array> } = {}) {
  const metrics = createMetricsRegistry();
  metrics.counter("hearth_claims_total", "Claims").inc({ result: "won" });
  const blocks = options.blocks;
  return buildApi({
    health: () => ({ ok: options.ok ?? true, detail: "starting: reconciling jobs" }),
    status: async () => {
      if (options.failStatus) throw new Error("boom with a secret");
      return status;
    },
    metrics,
    blockstore: blocks && {
      has: async (cid: CID) => blocks.has(cid.toString()),
      get: async function* (cid: CID) {
        yield blocks.get(cid.toString())!;
      },
    } as never,
  });
}

describe("buildApi", () => {
  test("GET /health is 200 while running, 503 with the registry's code otherwise", async () => {
    expect((await app().inject({ url: "/health" })).json()).toEqual({ status: "ok" });
    const down = await app({ ok: false }).inject({ url: "/health" });
    expect(down.statusCode).toBe(apiErrors.HEARTH_NOT_READY.statusCode);
    expect(down.json()).toEqual({ error: { code: "HEARTH_NOT_READY", message: "starting: reconciling jobs" } });
    // Readable from web pages on any origin, both ways; nothing else is.
    expect((await app().inject({ url: "/health" })).headers["access-control-allow-origin"]).toBe("*");
    expect(down.headers["access-control-allow-origin"]).toBe("*");
    expect((await app().inject({ url: "/status" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("GET /status returns the node's status", async () => {
    const response = await app().inject({ url: "/status" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(status);
  });

  test("GET /metrics is Prometheus text", async () => {
    const response = await app().inject({ url: "/metrics" });
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('hearth_claims_total{result="won"} 1');
  });

  test("unknown routes and internal failures answer with registry codes and no internals", async () => {
    const missing = await app().inject({ url: "/nope" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("HEARTH_NOT_FOUND");
    const failed = await app({ failStatus: true }).inject({ url: "/status" });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain("secret");
  });

  test("serves the node's own blocks through the trustless gateway", async () => {
    const bytes = new TextEncoder().encode("result manifest");
    const cid = await computeCid(bytes);
    const response = await app({ blocks: new Map([[cid, bytes]]) }).inject({ url: `/ipfs/${cid}?format=raw` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("result manifest");
    expect((await app({ blocks: new Map() }).inject({ url: `/ipfs/${cid}?format=raw` })).statusCode).toBe(404);
  });
});
