import { describe, expect, test } from "vitest";
import type { IpfsCatOptions, IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { createFallbackReader } from "./createFallbackReader.ts";

const source = (name: string, has: boolean, calls: string[]): IpfsReader => ({
  async cat(cid: string, options?: IpfsCatOptions) {
    calls.push(`${name}:${options?.timeoutMs}`);
    if (!has) throw new Error(`${name} lacks ${cid}`);
    return new TextEncoder().encode(name);
  },
});

describe("createFallbackReader", () => {
  test("answers from the first source that has the content, bounding all but the last", async () => {
    const calls: string[] = [];
    const reader = createFallbackReader([source("gateway", false, calls), source("ipfs", true, calls)], { firstTimeoutMs: 2_000 });
    expect(new TextDecoder().decode(await reader.cat("bafk", { timeoutMs: 30_000 }))).toBe("ipfs");
    expect(calls).toEqual(["gateway:2000", "ipfs:30000"]);
    const first = createFallbackReader([source("gateway", true, calls), source("ipfs", true, calls)]);
    expect(new TextDecoder().decode(await first.cat("bafk"))).toBe("gateway");
  });

  test("throws the last source's error when none has it", async () => {
    const reader = createFallbackReader([source("gateway", false, []), source("ipfs", false, [])]);
    await expect(reader.cat("bafk")).rejects.toThrow("ipfs lacks bafk");
  });
});
