import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { KeystoreError } from "../errors/provider.ts";
import { createKeystore } from "./createKeystore.ts";
import { loadKeystore } from "./loadKeystore.ts";
import { loadProviderAccount } from "./loadProviderAccount.ts";

// Hardhat's account #1: a well-known test key, never used for anything real.
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const fast = { scryptN: 1024 };

describe("keystore", () => {
  const dir = mkdtempSync(join(tmpdir(), "hearth-keystore-"));

  test("round-trips a key through an encrypted file that holds neither key nor password", async () => {
    const path = join(dir, "a", "provider.json");
    const created = await createKeystore({ path, password: "correct horse", privateKey: KEY, ...fast });
    expect(created.address).toBe(ADDRESS);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(KEY.slice(2));
    expect(text).not.toContain("correct horse");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const account = await loadKeystore(text, "correct horse");
    expect(account.address).toBe(ADDRESS);
  });

  test("tells a wrong password from a damaged file, without echoing the password", async () => {
    const path = join(dir, "b.json");
    await createKeystore({ path, password: "correct horse", ...fast });
    const wrong = await loadKeystore(readFileSync(path, "utf8"), "battery staple").catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(KeystoreError);
    expect((wrong as Error).message).toMatch(/Wrong password/);
    expect((wrong as Error).message).not.toContain("battery staple");
    await expect(loadKeystore("{}", "x")).rejects.toThrow(/not a valid encrypted JSON keystore/);
    await expect(loadProviderAccount({ source: "keystore", path: join(dir, "nope.json") }, { HEARTH_KEYSTORE_PASSWORD: "x" })).rejects.toThrow(
      /Cannot read the keystore/,
    );
  });

  test("never overwrites an existing keystore", async () => {
    const path = join(dir, "c.json");
    await createKeystore({ path, password: "correct horse", ...fast });
    await expect(createKeystore({ path, password: "correct horse", ...fast })).rejects.toThrow(/already exists/);
  });

  test("loadProviderAccount takes the password and the dev key only from the environment", async () => {
    const path = join(dir, "d.json");
    await createKeystore({ path, password: "correct horse", privateKey: KEY, ...fast });
    await expect(loadProviderAccount({ source: "keystore", path }, {})).rejects.toThrow(/HEARTH_KEYSTORE_PASSWORD is not set/);
    const account = await loadProviderAccount({ source: "keystore", path }, { HEARTH_KEYSTORE_PASSWORD: "correct horse" });
    expect(account.address).toBe(ADDRESS);
    expect((await loadProviderAccount({ source: "env" }, { HEARTH_PRIVATE_KEY: KEY.slice(2) })).address).toBe(ADDRESS);
    await expect(loadProviderAccount({ source: "env" }, {})).rejects.toThrow(/HEARTH_PRIVATE_KEY/);
    await expect(loadProviderAccount({ source: "env" }, { HEARTH_PRIVATE_KEY: "0x1234" })).rejects.toThrow(/32 bytes/);
  });
});
