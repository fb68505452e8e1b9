import Fastify, { type FastifyInstance } from "fastify";
import type { Blockstore } from "interface-blockstore";
import type { Logger } from "pino";
import type { ProviderStatus } from "../daemon/createProviderNode.ts";
import { registerGatewayRoutes } from "../ipfs/registerGatewayRoutes.ts";
import type { MetricsRegistry } from "../metrics/createMetricsRegistry.ts";
import { ApiError, apiErrors } from "./apiErrors.ts";

export type ApiDeps = {
  /** Whether the node is up (started and not stopping): /health answers 503 otherwise. */
  health: () => { ok: boolean; detail: string };
  status: () => Promise<ProviderStatus>;
  metrics: Pick<MetricsRegistry, "render">;
  /** The node's own blocks, for the trustless gateway (`/ipfs/:cid`); absent with Kubo. */
  blockstore?: Pick<Blockstore, "get" | "has"> | undefined;
  logger?: Logger | undefined;
};

/**
 * The node's HTTP API, built without listening (tests use `app.inject`):
 * - GET /health: 200 `{ status: "ok" }` while the node runs, 503 while it starts or stops (any origin may read it);
 * - GET /status: adapter, queue, jobs in flight, recent jobs, earnings owed and withdrawn, stake;
 * - GET /metrics: Prometheus text;
 * - GET /ipfs/:cid: the trustless gateway over this node's blocks (results it keeps pinned).
 * Errors answer `{ error: { code, message } }` with the status from `apiErrors`.
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  // Requests are not logged (the API is polled); failures are, by the error handler.
  const app = Fastify({ logger: false });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send({ error: { code: error.code, message: error.shortMessage } });
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send({ error: { code: "HEARTH_BAD_REQUEST", message: (error as Error).message } });
    }
    deps.logger?.error({ err: error }, "api route failed");
    return reply.code(apiErrors.HEARTH_INTERNAL.statusCode).send({ error: { code: "HEARTH_INTERNAL", message: apiErrors.HEARTH_INTERNAL.message } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(apiErrors.HEARTH_NOT_FOUND.statusCode).send({ error: { code: "HEARTH_NOT_FOUND", message: apiErrors.HEARTH_NOT_FOUND.message } }),
  );

  // Web pages (the app's provider lists) may ask whether a provider's node is up: /health answers any origin.
  app.addHook("onRequest", async (request, reply) => {
    if (request.url === "/health") reply.header("access-control-allow-origin", "*");
  });
  app.get("/health", async (_request, reply) => {
    const health = deps.health();
    if (!health.ok) throw new ApiError("HEARTH_NOT_READY", health.detail);
    return reply.send({ status: "ok" });
  });

  app.get("/status", async () => deps.status());

  app.get("/metrics", async (_request, reply) => reply.header("content-type", "text/plain; version=0.0.4; charset=utf-8").send(deps.metrics.render()));

  if (deps.blockstore) registerGatewayRoutes(app, { blockstore: deps.blockstore });
  return app;
}
