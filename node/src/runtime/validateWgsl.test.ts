import { matmulTilings, matmulWgsl } from "@hearth/sdk/templates/compileMatmul";
import { subgroupMatrixMatmulWgsl } from "@hearth/sdk/templates/subgroupMatrixMatmulWgsl";
import { describe, expect, it } from "vitest";
import { validateWgsl } from "./validateWgsl.ts";

describe("validateWgsl", () => {
  it.each([
    ["f32", "64x64", []],
    ["f32", "128x128", []],
    ["f16-packed", "64x64", []],
    ["f16", "64x64", ["shader-f16"]],
    ["f16", "128x128", ["shader-f16"]],
    ["f32", "128x128v", []],
    ["f16-packed", "128x128v", []],
    ["f16", "128x128v", ["shader-f16"]],
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

  // The matrix-unit kernel cannot run without a GPU that has them; Dawn's null backend offers the
  // feature, so its WGSL (types, builtins, layouts, uniformity) is checked by the real compiler here.
  it.each([
    { M: 16, N: 16, K: 16 },
    { M: 16, N: 8, K: 16 },
    { M: 16, N: 8, K: 8 },
  ])("compiles the subgroup-matrix matmul kernel for %o units without errors or warnings", async (shape) => {
    const source = subgroupMatrixMatmulWgsl({ shape, subgroupSize: 32 });
    const result = await validateWgsl(source, { features: ["shader-f16", "subgroups", "chromium-experimental-subgroup-matrix"], experimental: true });
    expect(result.messages).toEqual([]);
    expect(result.ok).toBe(true);
    // The same source with the builtin's older, deprecated spelling draws warnings: the check sees them.
    const deprecated = source.replace(/subgroupMatrixLoad<(subgroup_matrix_\w+<[^>]+>), row_major>\(([^;]*), (S[AB])\)/g, "subgroupMatrixLoad<$1>($2, false, $3)");
    const older = await validateWgsl(deprecated, { features: ["shader-f16", "subgroups", "chromium-experimental-subgroup-matrix"], experimental: true });
    expect(older.messages.some((message) => message.type === "warning" && /deprecated/.test(message.message))).toBe(true);
  });
});
