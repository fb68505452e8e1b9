import { describe, expect, it } from "vitest";
import { InvalidJobSpecError } from "@hearth/sdk/errors/spec";
import { buildWgslSpec, bufferName } from "./buildWgslSpec";

const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
const source = "@group(0) @binding(0) var<storage, read> x: array<u32>; @group(0) @binding(1) var<storage, read_write> y: array<u32>; @compute @workgroup_size(64) fn main() {}";

describe("buildWgslSpec", () => {
  it("binds the inputs in order and the output after them, limits from the buffers", () => {
    const spec = buildWgslSpec({
      name: "custom",
      source,
      entryPoint: "main",
      workgroups: [4, 1, 1],
      inputs: [{ name: "x", cid: CID, bytes: 1024 }],
      output: { name: "y", bytes: 1024 },
      verification: { method: "exact" },
      maxWallMs: 10_000,
    });
    expect(spec.runtime).toBe("wgsl");
    if (spec.runtime !== "wgsl") return;
    expect(spec.buffers.map((b) => [b.name, b.kind, b.binding])).toEqual([
      ["x", "input", 0],
      ["y", "output", 1],
    ]);
    expect(spec.limits.maxBytes).toBe(2048);
  });

  it("refuses what the SDK's schema refuses", () => {
    expect(() =>
      buildWgslSpec({ name: "bad", source, entryPoint: "main", workgroups: [0, 1, 1], inputs: [], output: { name: "y", bytes: 4 }, verification: { method: "exact" }, maxWallMs: 1 }),
    ).toThrow(InvalidJobSpecError);
  });

  it("names buffers after files, as unique WGSL identifiers", () => {
    expect(bufferName("weights-1.bin", [])).toBe("weights_1");
    expect(bufferName("1st.bin", [])).toBe("_1st");
    expect(bufferName("x.bin", ["x"])).toBe("x_2");
  });
});
