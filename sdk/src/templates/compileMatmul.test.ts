import { describe, expect, it } from "vitest";
import { parseJobSpec, type MatmulJobSpec } from "../spec/jobSpec.ts";
import { compileJobSpec } from "./compileJobSpec.ts";
import { compileMatmul } from "./compileMatmul.ts";

const template = (shape: object, dtype: "f32" | "f16" = "f32") =>
  parseJobSpec({
    version: 1,
    runtime: "matmul",
    ...shape,
    dtype,
    inputs: {
      a: { seed: { generator: dtype === "f16" ? "uniform-f16" : "uniform-f32", seed: 1 } },
      b: { cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
    },
    limits: { maxBytes: 1 << 30, maxWallMs: 5000 },
    verification: { method: "freivalds", rounds: 8 },
  }) as MatmulJobSpec;

describe("compileMatmul", () => {
  it("produces a wgsl spec that the schema accepts, with freivalds on a, b, c", () => {
    const compiled = compileMatmul(template({ m: 100, n: 70, k: 130 }));
    const reparsed = parseJobSpec(JSON.parse(JSON.stringify(compiled)));
    expect(reparsed).toEqual(compiled);
    expect(compiled.buffers.map((buffer) => [buffer.name, buffer.kind, buffer.binding, "bytes" in buffer ? buffer.bytes : buffer.data])).toEqual([
      ["a", "input", 0, 100 * 130 * 4],
      ["b", "input", 1, 130 * 70 * 4],
      ["c", "output", 2, 100 * 70 * 4],
      ["shape", "uniform", 3, [100, 70, 130, 0]],
    ]);
    expect(compiled.verification).toEqual({ method: "freivalds", a: "a", b: "b", c: "c", m: 100, n: 70, k: 130, dtype: "f32", rounds: 8 });
  });

  it("covers sizes that are not tile multiples with enough workgroups", () => {
    expect(compileMatmul(template({ m: 65, n: 130 })).dispatches[0]!.workgroups).toEqual([3, 2, 1]);
    expect(compileMatmul(template({ n: 1000 })).dispatches[0]!.workgroups).toEqual([8, 8, 1]); // 128×128 tiles
    expect(compileMatmul(template({ n: 1000 }), { tiling: "64x64" }).dispatches[0]!.workgroups).toEqual([16, 16, 1]);
  });

  it("shares one WGSL source across sizes so providers compile it once", () => {
    const source = (shape: object) => {
      const shader = compileMatmul(template(shape)).shader;
      return "source" in shader ? shader.source : "";
    };
    expect(source({ n: 64 })).toBe(source({ m: 3, n: 17, k: 200 }));
  });

  it("reads f16 as WGSL f16 only when the adapter has shader-f16", () => {
    const spec = template({ n: 64 }, "f16");
    const withFeature = compileMatmul(spec, { features: ["shader-f16"] });
    const without = compileMatmul(spec, { features: [] });
    const text = (compiled: typeof withFeature) => ("source" in compiled.shader ? compiled.shader.source : "");
    expect(text(withFeature)).toMatch(/^enable f16;/);
    expect(text(withFeature)).toMatch(/array<f16>/);
    expect(text(without)).not.toMatch(/enable f16/);
    expect(text(without)).toMatch(/unpack2x16float/);
    for (const compiled of [withFeature, without]) {
      expect(compiled.buffers[0]).toMatchObject({ bytes: 64 * 64 * 2 });
      expect(compiled.verification).toMatchObject({ dtype: "f16" });
    }
  });

  it("is what compileJobSpec returns for the template, and wgsl specs pass through", () => {
    const spec = template({ n: 32 });
    expect(compileJobSpec(spec)).toEqual(compileMatmul(spec));
    const compiled = compileMatmul(spec);
    expect(compileJobSpec(compiled)).toBe(compiled);
  });
});
