import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { IpfsClient } from "@hearth/sdk/ipfs/IpfsClient";
import { parseCid } from "@hearth/sdk/ipfs/parseCid";

/** A pin request's state, as the IPFS Pinning Service API names them. */
export type PinStatus = "queued" | "pinning" | "pinned" | "failed";

type PinRequest = {
  requestid: string;
  status: PinStatus;
  created: string;
  pin: { cid: string; name?: string | undefined; origins: string[] };
  info: Record<string, string>;
};

export type PinningRoutesOptions = {
  ipfs: Pick<IpfsClient, "pin" | "dial" | "multiaddrs">;
  /** Bearer token callers must present; none means open (loopback devnet only). */
  accessToken?: string | undefined;
  /** How long a pin may take to fetch its content (default 120 s). */
  pinTimeoutMs?: number | undefined;
  /** Most requests kept in memory for status queries. */
  maxRequests?: number | undefined;
  logger?: { info(o: object, m?: string): void; warn(o: object, m?: string): void } | undefined;
};

const unauthorized = { error: { reason: "UNAUTHORIZED", details: "Send the access token as `Authorization: Bearer <token>`." } };

/**
 * A subset of the IPFS Pinning Service API (`POST /pins`, `GET /pins/:requestid`): a client adds content to its
 * own node and asks this node to fetch and keep it, naming its own addresses as `origins`. This is how the
 * devnet's shared IPFS node (and any pinning service) keeps requesters' specs and providers' results available
 * after they go offline. Content is fetched with bitswap and verified against its CID like any other fetch.
 */
export function registerPinningRoutes(app: FastifyInstance, options: PinningRoutesOptions): void {
  const requests = new Map<string, PinRequest>();
  const maxRequests = options.maxRequests ?? 10_000;
  const authorize = (header: string | undefined) =>
    options.accessToken === undefined || header === `Bearer ${options.accessToken}`;

  app.post<{ Body: { cid?: unknown; name?: unknown; origins?: unknown } | undefined }>("/pins", async (request, reply) => {
    if (!authorize(request.headers.authorization)) return reply.code(401).send(unauthorized);
    const body = request.body ?? {};
    if (typeof body.cid !== "string") {
      return reply.code(400).send({ error: { reason: "BAD_REQUEST", details: "The body needs a `cid` string." } });
    }
    try {
      parseCid(body.cid);
    } catch {
      return reply.code(400).send({ error: { reason: "BAD_REQUEST", details: `"${body.cid}" is not a CID.` } });
    }
    const origins = Array.isArray(body.origins)
      ? body.origins.filter((origin): origin is string => typeof origin === "string").slice(0, 20)
      : [];
    const pinRequest: PinRequest = {
      requestid: randomUUID(),
      status: "queued",
      created: new Date().toISOString(),
      pin: { cid: body.cid, name: typeof body.name === "string" ? body.name.slice(0, 255) : undefined, origins },
      info: {},
    };
    if (requests.size >= maxRequests) {
      const oldest = requests.keys().next().value;
      if (oldest !== undefined) requests.delete(oldest);
    }
    requests.set(pinRequest.requestid, pinRequest);
    void pinInBackground(pinRequest);
    return reply.code(202).send({ ...pinRequest, delegates: await options.ipfs.multiaddrs() });
  });

  app.get<{ Params: { requestid: string } }>("/pins/:requestid", async (request, reply) => {
    if (!authorize(request.headers.authorization)) return reply.code(401).send(unauthorized);
    const found = requests.get(request.params.requestid);
    if (!found) return reply.code(404).send({ error: { reason: "NOT_FOUND", details: "No such pin request." } });
    return found;
  });

  async function pinInBackground(pinRequest: PinRequest) {
    pinRequest.status = "pinning";
    for (const origin of pinRequest.pin.origins) {
      await options.ipfs.dial(origin, { timeoutMs: 5_000 }).catch((error: unknown) => {
        options.logger?.warn({ origin, err: String(error) }, "pin origin not reachable");
      });
    }
    try {
      await options.ipfs.pin(pinRequest.pin.cid, { timeoutMs: options.pinTimeoutMs ?? 120_000 });
      pinRequest.status = "pinned";
      options.logger?.info({ cid: pinRequest.pin.cid, requestid: pinRequest.requestid }, "pinned");
    } catch (error) {
      pinRequest.status = "failed";
      pinRequest.info.reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
      options.logger?.warn({ cid: pinRequest.pin.cid, err: pinRequest.info.reason }, "pin failed");
    }
  }
}
