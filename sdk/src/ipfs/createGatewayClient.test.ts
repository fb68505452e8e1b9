import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTestCar } from "./buildTestCar.ts";
import { createGatewayClient } from "./createGatewayClient.ts";
import {
  IpfsContentTooLargeError,
  IpfsNotFoundError,
  IpfsRequestError,
  IpfsVerificationError,
} from "./IpfsError.ts";

// Real HTTP servers on 127.0.0.1, each behaving like one kind of gateway. The end-to-end
// case against Hearth's own gateway route lives in node/src/ipfs.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe("createGatewayClient", () => {
  const servers: Server[] = [];
  const requests: string[] = [];
  const bytes = randomBytes(700 * 1024);
  let fixture: Awaited<ReturnType<typeof buildTestCar>>;
  let honest: string;
  let missing: string;
  let liar: string;
  let html: string;
  let stuck: string;

  async function serve(handler: Handler): Promise<string> {
    const server = createServer((request, response) => {
      requests.push(`${request.headers.accept} ${request.headers.authorization ?? "-"} ${request.url}`);
      handler(request, response);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  beforeAll(async () => {
    fixture = await buildTestCar(bytes);
    const car = (body: Uint8Array) => (_: IncomingMessage, response: ServerResponse) => {
      response.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1" });
      response.end(body);
    };
    const tampered = fixture.blocks.map((block, index) =>
      index === 0 ? { cid: block.cid, bytes: new Uint8Array(block.bytes.length) } : block,
    );
    honest = await serve(car(fixture.car));
    liar = await serve(car(await fixture.toCar([fixture.root], tampered)));
    missing = await serve((_, response) => response.writeHead(404).end("not found"));
    html = await serve((_, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>"));
    stuck = await serve(() => {}); // never answers
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("fetches a trustless CAR and verifies it", async () => {
    requests.length = 0;
    const gateway = createGatewayClient({ gateways: [`http://user:pw@${honest.slice(7)}/`] });
    expect(Buffer.from(await gateway.cat(fixture.root.toString())).equals(bytes)).toBe(true);
    expect(requests).toEqual([
      `application/vnd.ipld.car Basic ${Buffer.from("user:pw").toString("base64")} /ipfs/${fixture.root}?format=car&dag-scope=all`,
    ]);
  });

  test("skips gateways that lack, garble or mis-serve the content", async () => {
    const gateway = createGatewayClient({ gateways: [missing, liar, html, honest] });
    expect(Buffer.from(await gateway.cat(fixture.root.toString())).equals(bytes)).toBe(true);
  });

  test("says which failure mattered when none succeeds", async () => {
    const cid = fixture.root.toString();
    await expect(createGatewayClient({ gateways: [missing] }).cat(cid)).rejects.toThrow(IpfsNotFoundError);
    await expect(createGatewayClient({ gateways: [missing, liar] }).cat(cid)).rejects.toThrow(IpfsVerificationError);
    await expect(createGatewayClient({ gateways: [html] }).cat(cid)).rejects.toThrow(IpfsRequestError);
    await expect(createGatewayClient({ gateways: [honest] }).cat(cid, { maxBytes: 1000 })).rejects.toThrow(
      IpfsContentTooLargeError,
    );
  });

  test("a gateway that never answers ends in IpfsNotFoundError at the timeout", async () => {
    const started = performance.now();
    const error = await createGatewayClient({ gateways: [stuck, honest] })
      .cat(fixture.root.toString(), { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsNotFoundError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
