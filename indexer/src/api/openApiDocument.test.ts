import { expect, test } from "vitest";
import { createApiApp, type Db, type Schema } from "./createApiApp.ts";
import { openApiDocument } from "./openApiDocument.ts";

test("every route is documented and every documented path is served", () => {
  const app = createApiApp({ db: {} as Db, schema: {} as Schema, metadata: { peek: () => ({ status: "disabled" }), get: async () => ({ status: "disabled" }) } });
  const served = new Set(
    app.routes.filter((route) => route.method === "GET").map((route) => route.path.replace(/:(\w+)/g, "{$1}")),
  );
  expect([...served].sort()).toEqual(Object.keys(openApiDocument.paths).sort());
  for (const [path, item] of Object.entries(openApiDocument.paths)) {
    const responses = item.get.responses as Record<string, unknown>;
    expect(responses["200"], path).toBeDefined();
    if (path.startsWith("/v1/")) expect(responses["400"], path).toBeDefined();
    if (path.includes("{")) expect(responses["404"], path).toBeDefined();
  }
});

test("answers 404 with the error shape for unknown routes", async () => {
  const app = createApiApp({ db: {} as Db, schema: {} as Schema, metadata: { peek: () => ({ status: "disabled" }), get: async () => ({ status: "disabled" }) } });
  const response = await app.request("/v2/nothing");
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  const openapi = await app.request("/openapi.json");
  expect(openapi.status).toBe(200);
});
