import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createOutputStore } from "./createOutputStore.ts";

describe("createOutputStore", () => {
  test("gives back what was written, and nothing for an incomplete write", async () => {
    const directory = mkdtempSync(join(tmpdir(), "hearth-outputs-"));
    const store = createOutputStore({ directory });
    const outputs = [{ name: "c", bytes: new Uint8Array([5, 6, 7]) }];
    expect(await store.read(1n)).toBeUndefined();
    await store.write(1n, outputs);
    expect(await store.read(1n)).toEqual(outputs);
    writeFileSync(join(directory, "1", "0.bin"), new Uint8Array([5])); // truncated
    expect(await store.read(1n)).toBeUndefined();
    await store.remove(1n);
    expect(await store.read(1n)).toBeUndefined();
  });
});
