import { describe, expect, it } from "vitest";
import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { IpfsNotFoundError } from "@hearth/sdk/ipfs/IpfsError";
import { parseJobSpec } from "@hearth/sdk/spec/jobSpec";
import { referenceMatmul } from "@hearth/sdk/verify/referenceMatmul";
import { checkJobResult } from "./checkJobResult";

// A content-addressed store standing in for the gateway (whose block-by-block CID check the SDK's own tests
// cover): what this file tests is everything the page checks on top.
async function store(entries: Array<Uint8Array | string>) {
  const byCid = new Map<string, Uint8Array>();
  const cids: string[] = [];
  for (const entry of entries) {
    const bytes = typeof entry === "string" ? new TextEncoder().encode(entry) : entry;
    const cid = await computeCid(bytes);
    byCid.set(cid, bytes);
    cids.push(cid);
  }
  const reader: IpfsReader = {
    cat: async (cid) => {
      const bytes = byCid.get(cid);
      if (!bytes) throw new IpfsNotFoundError({ cid });
      return bytes;
    },
  };
  return { reader, cids };
}

const spec = parseJobSpec({
  version: 1,
  runtime: "matmul",
  m: 16,
  n: 12,
  k: 8,
  inputs: { a: { seed: { generator: "uniform-f32", seed: 1 } }, b: { seed: { generator: "uniform-f32", seed: 2 } } },
  limits: { maxBytes: 1 << 20, maxWallMs: 1000 },
  verification: { method: "freivalds", rounds: 20 },
});
const inputs = seededInputs(spec);
const product = referenceMatmul({ a: inputs.get("a")!, b: inputs.get("b")!, m: 16, n: 12, k: 8 });

async function job(output: Uint8Array) {
  const specJson = JSON.stringify(spec);
  const { cids: [specCid, outputCid] } = await store([specJson, output]);
  const root = outputCommitment([output]);
  const manifest = JSON.stringify({
    version: 1,
    jobId: "1",
    specCid,
    outputs: [{ name: "c", cid: outputCid, bytes: output.byteLength }],
    outputRoot: root,
    device: { vendor: "test", architecture: "cpu", description: "reference", backend: "none" },
    timings: { gpuMs: 1, wallMs: 1 },
    energy: { joules: 1, method: "estimated", estimated: true },
    createdAt: new Date(0).toISOString(),
  });
  const { reader, cids } = await store([specJson, output, manifest]);
  return { reader, specCid: cids[0]!, resultCid: cids[2]!, root };
}

describe("checkJobResult", () => {
  it("verifies a correct matrix product: every CID, the signed root, and Freivalds", async () => {
    const { reader, specCid, resultCid, root } = await job(new Uint8Array(product.buffer));
    const seen: string[] = [];
    const result = await checkJobResult({ ipfs: reader, specCid, resultCid, attestedRoot: root, onStep: (step) => seen.push(step.id) });
    expect(result.verified).toBe(true);
    expect(result.methodChecked).toBe(true);
    expect(seen).toEqual(["spec", "manifest", "output-c", "root", "method"]);
    expect(result.steps.every((step) => step.status === "ok")).toBe(true);
  });

  it("refuses outputs that do not hash to the root the provider signed", async () => {
    const { reader, specCid, resultCid } = await job(new Uint8Array(product.buffer));
    const result = await checkJobResult({ ipfs: reader, specCid, resultCid, attestedRoot: `0x${"11".repeat(32)}` });
    expect(result.verified).toBe(false);
    expect(result.steps.at(-1)).toMatchObject({ id: "root", status: "failed" });
  });

  it("catches a wrong product that the provider signed consistently", async () => {
    const wrong = product.slice();
    wrong[5] = wrong[5]! + 1;
    const { reader, specCid, resultCid, root } = await job(new Uint8Array(wrong.buffer));
    const result = await checkJobResult({ ipfs: reader, specCid, resultCid, attestedRoot: root });
    expect(result.verified).toBe(false);
    expect(result.steps.at(-1)).toMatchObject({ id: "method", status: "failed" });
  });

  it("stops at the first piece it cannot fetch", async () => {
    const { reader, resultCid, root } = await job(new Uint8Array(product.buffer));
    const result = await checkJobResult({ ipfs: reader, specCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", resultCid, attestedRoot: root });
    expect(result.verified).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ id: "spec", status: "failed" });
  });
});
