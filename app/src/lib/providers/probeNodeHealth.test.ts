import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { probeNodeHealth } from "./probeNodeHealth.ts";

// A real HTTP server standing in for provider nodes' /health: one up, one starting, one that never answers.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/up/health") return void response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    if (request.url === "/starting/health") {
      return void response.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"HEARTH_NOT_READY","message":"starting: checking the chain"}}');
    }
    if (request.url === "/hang/health") return; // never answers
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("probeNodeHealth", () => {
  test("online, starting (with the node's reason) or offline, from the node's /health", async () => {
    expect(await probeNodeHealth(`${base}/up`)).toEqual({ state: "online" });
    expect(await probeNodeHealth(`${base}/up/`)).toEqual({ state: "online" });
    expect(await probeNodeHealth(`${base}/starting`)).toEqual({ state: "not-ready", detail: "starting: checking the chain" });
    expect(await probeNodeHealth(`${base}/missing`)).toEqual({ state: "offline" });
    expect(await probeNodeHealth(`${base}/hang`, { timeoutMs: 300 })).toEqual({ state: "offline" });
    expect(await probeNodeHealth("http://127.0.0.1:1")).toEqual({ state: "offline" });
  });

  test("unknown without an http(s) endpoint", async () => {
    expect(await probeNodeHealth(null)).toEqual({ state: "unknown" });
    expect(await probeNodeHealth("not a url")).toEqual({ state: "unknown" });
    expect(await probeNodeHealth("ipfs://bafy")).toEqual({ state: "unknown" });
  });
});
