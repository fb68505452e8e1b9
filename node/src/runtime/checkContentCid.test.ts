import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { describe, expect, it } from "vitest";
import { checkContentCid } from "./checkContentCid.ts";
import { rawCid } from "./testKernels.ts";

describe("checkContentCid", () => {
  const content = new TextEncoder().encode("hello hearth");

  it("matches a raw sha2-256 CID to its bytes and rejects other bytes", async () => {
    const cid = await rawCid(content);
    expect(checkContentCid(cid, content)).toEqual({ result: "match" });
    const result = checkContentCid(cid, new TextEncoder().encode("hello hearts"));
    expect(result.result).toBe("mismatch");
  });

  it("checks identity CIDs and leaves dag-pb roots to the IPFS layer", () => {
    const inline = CID.createV1(0x55, identity.digest(content)).toString();
    expect(checkContentCid(inline, content)).toEqual({ result: "match" });
    expect(checkContentCid("QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB", content)).toEqual({ result: "unchecked" });
  });
});
