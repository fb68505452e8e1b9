import Fastify from "fastify";
import { describe, expect, test } from "vitest";
import { requestRemotePins } from "./requestRemotePins.ts";

describe("requestRemotePins", () => {
  test("posts one pin request per CID with origins and the bearer token", async () => {
    const app = Fastify();
    const seen: { body: unknown; auth: string | undefined }[] = [];
    app.post("/pins", async (request, reply) => {
      seen.push({ body: request.body, auth: request.headers.authorization });
      return reply.code(202).send({ requestid: "x" });
    });
    const inject: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const response = await app.inject({ method: "POST", url: url.pathname, headers: init?.headers as Record<string, string>, payload: String(init?.body) });
      return new Response(response.body, { status: response.statusCode });
    };
    await requestRemotePins({ url: "http://pin.example/", cids: ["bafka", "bafkb"], name: "hearth job 1", origins: ["/ip4/127.0.0.1/tcp/1/p2p/x"], accessToken: "t0k", fetch: inject });
    expect(seen).toEqual([
      { body: { cid: "bafka", name: "hearth job 1", origins: ["/ip4/127.0.0.1/tcp/1/p2p/x"] }, auth: "Bearer t0k" },
      { body: { cid: "bafkb", name: "hearth job 1", origins: ["/ip4/127.0.0.1/tcp/1/p2p/x"] }, auth: "Bearer t0k" },
    ]);
    const refusing: typeof fetch = async () => new Response("nope", { status: 401 });
    await expect(requestRemotePins({ url: "http://pin.example", cids: ["bafka"], name: "n", origins: [], fetch: refusing })).rejects.toThrow(/HTTP 401/);
  });
});
