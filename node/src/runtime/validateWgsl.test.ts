import { matmulTilings, matmulWgsl } from "@hearth/sdk/templates/compileMatmul";
import { describe, expect, it } from "vitest";
import { validateWgsl } from "./validateWgsl.ts";

describe("validateWgsl", () => {
  it.each([
    ["f32", "64x64", []],
    ["f32", "128x128", []],
    ["f16-packed", "64x64", []],
    ["f16", "64x64", ["shader-f16"]],
    ["f16", "128x128", ["shader-f16"]],
  ] as const)("compiles the %s matmul kernel with %s tiles", async (load, tiling, features) => {
    const result = await validateWgsl(matmulWgsl({ tiling: matmulTilings[tiling], load }), { entryPoints: ["main"], features });
    expect(result.messages.filter((message) => message.type === "error")).toEqual([]);
    expect(result).toMatchObject({ ok: true, pipelineErrors: [] });
  });

  it("rejects the f16 kernel on a device without shader-f16", async () => {
    const result = await validateWgsl(matmulWgsl({ tiling: matmulTilings["64x64"], load: "f16" }));
    expect(result.ok).toBe(false);
    expect(result.messages[0]).toMatchObject({ type: "error", lineNum: 1 });
  });

  it("reports compile errors with positions and pipeline errors by entry point", async () => {
    const broken = await validateWgsl("fn main() {\n  let x: u32 = 1.5;\n}\n");
    expect(broken.ok).toBe(false);
    expect(broken.messages[0]).toMatchObject({ type: "error", lineNum: 2 });
    const noEntry = await validateWgsl("@compute @workgroup_size(1) fn main() {}", { entryPoints: ["main", "other"] });
    expect(noEntry.ok).toBe(false);
    expect(noEntry.pipelineErrors.map((error) => error.entryPoint)).toEqual(["other"]);
  });
});
