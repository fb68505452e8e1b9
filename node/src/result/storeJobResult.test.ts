import { describe, expect, test } from "vitest";
import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { parseResultManifest } from "@hearth/sdk/result/resultManifest";
import { storeJobResult } from "./storeJobResult.ts";

const metrics = {
  gpuMs: 3.25,
  wallMs: 40,
  energyJoules: 1.5,
  energyMethod: "estimated" as const,
  energyEstimated: true,
  device: { vendor: "google", architecture: "swiftshader", description: "SwiftShader driver", backend: "vulkan" },
};

/** An IpfsClient double that stores by the real CID and records pins. */
function memoryIpfs() {
  const blocks = new Map<string, Uint8Array>();
  const pins = new Map<string, Date | undefined>();
  return {
    blocks,
    pins,
    async add(content: Uint8Array | string, options: { pin?: boolean | { retainUntil: Date } } = {}) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      const cid = await computeCid(bytes);
      blocks.set(cid, bytes);
      if (options.pin) pins.set(cid, options.pin === true ? undefined : options.pin.retainUntil);
      return cid;
    },
  };
}

describe("storeJobResult", () => {
  test("stores outputs and a valid manifest, pinned for the retention period, reproducibly", async () => {
    const ipfs = memoryIpfs();
    const outputs = [
      { name: "c", bytes: new Uint8Array(9000).map((_, i) => i % 251) },
      { name: "d", bytes: new Uint8Array([1, 2, 3]) },
    ];
    const retainUntil = new Date("2030-01-01T00:00:00Z");
    const parameters = { ipfs, jobId: 42n, specCid: "bafkspec", outputs, metrics, createdAt: "2025-06-01T12:00:00.000Z", retainUntil };
    const stored = await storeJobResult(parameters);
    const manifest = parseResultManifest(JSON.parse(new TextDecoder().decode(ipfs.blocks.get(stored.resultCid)!)));
    expect(manifest).toEqual(stored.manifest);
    expect(manifest.outputs.map((output) => output.name)).toEqual(["c", "d"]);
    expect(manifest.outputs[0]!.cid).toBe(await computeCid(outputs[0]!.bytes));
    expect(manifest.outputRoot).toBe(outputCommitment(outputs.map((output) => output.bytes)));
    expect(stored.outputRoot).toBe(manifest.outputRoot);
    expect(manifest.energy).toEqual({ joules: 1.5, method: "estimated", estimated: true });
    expect([...ipfs.pins.values()].every((until) => until?.getTime() === retainUntil.getTime())).toBe(true);
    expect(ipfs.pins.size).toBe(3);
    // a retry after a crash gives the same result CID
    expect((await storeJobResult(parameters)).resultCid).toBe(stored.resultCid);
  });
});
