import { describe, expect, test } from "vitest";
import { POST } from "./route.ts";

const check = (body: unknown) =>
  POST(new Request("http://app.test/api/shader-check", { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }));

const shader = "@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(1) fn main() { out[0] = 1u; }";

describe("POST /api/shader-check", () => {
  test("passes a shader whose entry point builds", async () => {
    const response = await check({ source: shader, entryPoints: ["main"] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, problems: [], warnings: [] });
  });

  test("names compile errors by line and column, and entry points the shader lacks", async () => {
    const broken = await check({ source: shader.replace("1u;", "1u"), entryPoints: ["main"] });
    expect(await broken.json()).toEqual({ ok: false, problems: [expect.stringMatching(/^line 2:\d+: expected ';'/)], warnings: [] });
    const missing = await check({ source: shader, entryPoints: ["main", "scan"] });
    expect(await missing.json()).toMatchObject({ ok: false, problems: [expect.stringMatching(/^entry point "scan": Entry point "scan" doesn't exist/)] });
  });

  test("answers bad requests with what to send", async () => {
    const notJson = await check("source=1");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/Send JSON/);
    expect((await check({ source: " ", entryPoints: ["main"] })).status).toBe(400);
    expect((await check({ source: shader, entryPoints: [] })).status).toBe(400);
    expect((await check({ source: shader, entryPoints: ["main", 3] })).status).toBe(400);
    const huge = await check({ source: `// ${"x".repeat(1 << 20)}\n${shader}`, entryPoints: ["main"] });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toMatch(/Shaders up to [\d,]+ bytes/);
  });
});
