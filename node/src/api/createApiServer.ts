import type { FastifyInstance } from "fastify";
import { buildApi, type ApiDeps } from "./buildApi.ts";

export type ApiServer = {
  app: FastifyInstance;
  /** Starts listening; returns the URL (the port is the one bound, if 0 was asked). */
  listen(options: { host: string; port: number }): Promise<string>;
  close(): Promise<void>;
};

/** The node's API (see `buildApi`) plus the code that listens, kept apart so tests never open a port. */
export function createApiServer(deps: ApiDeps): ApiServer {
  const app = buildApi(deps);
  return {
    app,
    async listen({ host, port }) {
      await app.listen({ host, port });
      const address = app.server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      return `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
    },
    close: () => app.close(),
  };
}
