import { describe, expect, it } from "vitest";
import { parseJobSpec, type MatmulJobSpec } from "../spec/jobSpec.ts";
import { compileMatmul } from "./compileMatmul.ts";
import { subgroupMatrixGeometry, subgroupMatrixMatmulWgsl, type SubgroupMatrixShape } from "./subgroupMatrixMatmulWgsl.ts";

// NVIDIA's f16 configurations (M×N×K) as Dawn reports them, and a smaller one.
const shapes: SubgroupMatrixShape[] = [
  { M: 16, N: 16, K: 16 },
  { M: 16, N: 8, K: 16 },
  { M: 16, N: 8, K: 8 },
  { M: 8, N: 8, K: 8 },
];

/** Evaluates a WGSL u32 expression of the generated kernel with the given names bound (in BigInt: u32 division truncates). */
function evaluate(expression: string, names: Record<string, number>): number {
  const js = expression.replace(/\b(\d+)u\b/g, "$1n").replace(/\b[A-Za-z_]\w*\b/g, (name) => {
    if (!(name in names)) throw new Error(`unbound ${name} in ${expression}`);
    return `${names[name]}n`;
  });
  return Number(Function(`return (${js});`)() as bigint);
}

/**
 * Every matrix load and store of the generated WGSL, evaluated for every subgroup: which tile it
 * touches, the elements it covers, and whether its reach (offset + stride × rows, the extension's
 * bounds rule) stays inside the declared array.
 */
function matrixAccesses(source: string, shape: SubgroupMatrixShape) {
  const constant = (name: string) => Number(new RegExp(`const ${name}: u32 = (\\d+)u;`).exec(source)![1]);
  const strides = { SA: constant("SA"), SB: constant("SB"), SC: constant("SC") };
  const lengths = Object.fromEntries(
    [...source.matchAll(/var<workgroup> (tile[ABC]): array<f(?:16|32), (\d+)>;/g)].map((match) => [match[1]!, Number(match[2])]),
  );
  const blockRow = /let blockRow = (.+);/.exec(source)![1]!;
  const blockCol = /let blockCol = (.+);/.exec(source)![1]!;
  const loads = [...source.matchAll(/subgroupMatrixLoad<subgroup_matrix_(left|right)<f16, (\d+), (\d+)>, row_major>\(&(tile[AB]), (.+), (S[AB])\)/g)];
  const stores = [...source.matchAll(/subgroupMatrixStore<row_major>\(&(tileC), (.+), acc\d+_\d+, (SC)\)/g)];
  const accesses: { subgroup: number; kind: string; tile: string; offset: number; stride: number; rows: number; cols: number; length: number }[] = [];
  for (let subgroup = 0; subgroup < 8; subgroup++) {
    const names = { subgroup, ...strides, blockRow: 0, blockCol: 0 };
    names.blockRow = evaluate(blockRow, names);
    names.blockCol = evaluate(blockCol, names);
    for (const [, kind, cols, rows, tile, offset, stride] of loads)
      accesses.push({ subgroup, kind: kind!, tile: tile!, offset: evaluate(offset!, names), stride: strides[stride as "SA"], rows: Number(rows), cols: Number(cols), length: lengths[tile!]! });
    for (const [, tile, offset] of stores)
      accesses.push({ subgroup, kind: "result", tile: tile!, offset: evaluate(offset!, names), stride: strides.SC, rows: shape.M, cols: shape.N, length: lengths[tile!]! });
  }
  return { accesses, strides };
}

describe("subgroupMatrixMatmulWgsl", () => {
  it.each(shapes)("keeps every matrix load and store of the %o kernel inside its array", (shape) => {
    const source = subgroupMatrixMatmulWgsl({ shape, subgroupSize: 32 });
    const { accesses } = matrixAccesses(source, shape);
    expect(accesses.length).toBeGreaterThan(8 * 3);
    for (const access of accesses) {
      expect(access.offset, JSON.stringify(access)).toBeGreaterThanOrEqual(0);
      expect(access.offset + access.stride * access.rows, JSON.stringify(access)).toBeLessThanOrEqual(access.length);
    }
  });

  it.each(shapes)("has each subgroup read exactly its own block of the staged tiles (%o)", (shape) => {
    const geometry = subgroupMatrixGeometry({ shape, subgroupSize: 32 });
    const source = subgroupMatrixMatmulWgsl({ shape, subgroupSize: 32 });
    const { accesses, strides } = matrixAccesses(source, shape);
    const covered = new Map<string, number>();
    for (const access of accesses.filter((entry) => entry.kind !== "result")) {
      const stride = access.tile === "tileA" ? strides.SA : strides.SB;
      for (let r = 0; r < access.rows; r++)
        for (let q = 0; q < access.cols; q++) {
          const index = access.offset + r * stride + q;
          const key = `${access.subgroup} ${access.tile} ${Math.floor(index / stride)} ${index % stride}`;
          covered.set(key, (covered.get(key) ?? 0) + 1);
        }
    }
    // Subgroup s owns rows 32·⌊s/2⌋.. of A's staged tile and columns 64·(s mod 2).. of B's, for all of K.
    for (let subgroup = 0; subgroup < 8; subgroup++) {
      const rowsA = new Set<number>();
      const colsB = new Set<number>();
      for (const [key, count] of covered) {
        const [owner, tile, row, col] = key.split(" ");
        if (Number(owner) !== subgroup) continue;
        // A left unit is read once per right unit it meets only in the multiply; each load happens once per K step.
        expect(count, key).toBe(1);
        if (tile === "tileA") {
          rowsA.add(Number(row));
          expect(Number(col)).toBeLessThan(geometry.depth);
        } else {
          colsB.add(Number(col));
          expect(Number(row)).toBeLessThan(geometry.depth);
        }
      }
      const firstRow = 32 * Math.floor(subgroup / 2);
      const firstCol = 64 * (subgroup % 2);
      expect([...rowsA].sort((x, y) => x - y)).toEqual(Array.from({ length: 32 }, (_, index) => firstRow + index));
      expect([...colsB].sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, index) => firstCol + index));
      const elements = [...covered].filter(([key]) => key.startsWith(`${subgroup} `)).length;
      expect(elements).toBe(32 * geometry.depth + geometry.depth * 64);
    }
  });

  it("multiplies every accumulator with every K step of its row and column units", () => {
    const shape = { M: 16, N: 16, K: 16 };
    const source = subgroupMatrixMatmulWgsl({ shape, subgroupSize: 32 });
    const products = [...source.matchAll(/acc(\d+)_(\d+) = subgroupMatrixMultiplyAccumulate\(left(\d+), right(\d+), acc(\d+)_(\d+)\)/g)];
    // 2×4 units per subgroup, 32/16 = 2 K steps per staged slice.
    expect(products).toHaveLength(2 * 4 * 2);
    for (const [, i, j, left, right, i2, j2] of products) expect([left, right, i2, j2]).toEqual([i, j, i, j]);
    expect(new Set(products.map(([, i, j]) => `${i}_${j}`)).size).toBe(8);
  });

  it("fits NVIDIA's limits and refuses shapes and subgroup sizes it cannot tile", () => {
    const geometry = subgroupMatrixGeometry({ shape: { M: 16, N: 16, K: 16 }, subgroupSize: 32 });
    expect(geometry).toMatchObject({ tileRows: 128, tileCols: 128, depth: 32, unitRows: 2, unitCols: 4, invocations: 256 });
    expect(geometry.workgroupBytes).toBeLessThanOrEqual(32_768);
    expect(() => subgroupMatrixGeometry({ shape: { M: 32, N: 8, K: 8 }, subgroupSize: 32 })).toThrow(/not supported/);
    expect(() => subgroupMatrixGeometry({ shape: { M: 16, N: 16, K: 16 }, subgroupSize: 24 })).toThrow(/subgroup size 24/);
    expect(() => subgroupMatrixGeometry({ shape: { M: 8, N: 8, K: 8 }, subgroupSize: 128 })).toThrow(/does not divide/);
  });

  it("is what compileMatmul emits for f16 jobs when given a kernel, and never for f32", () => {
    const spec = (dtype: "f32" | "f16") =>
      parseJobSpec({
        version: 1,
        runtime: "matmul",
        m: 300,
        n: 129,
        k: 40,
        dtype,
        inputs: {
          a: { seed: { generator: dtype === "f16" ? "uniform-f16" : "uniform-f32", seed: 1 } },
          b: { seed: { generator: dtype === "f16" ? "uniform-f16" : "uniform-f32", seed: 2 } },
        },
        limits: { maxBytes: 1 << 24, maxWallMs: 5000 },
      }) as MatmulJobSpec;
    const kernel = { shape: { M: 16, N: 8, K: 16 }, subgroupSize: 32 };
    const f16 = compileMatmul(spec("f16"), { features: ["shader-f16"], subgroupMatrix: kernel });
    expect(f16.name).toBe("matmul [subgroup-matrix 128x128, units 16x8x16]");
    expect("source" in f16.shader && f16.shader.source).toBe(subgroupMatrixMatmulWgsl(kernel));
    expect(f16.dispatches[0]!.workgroups).toEqual([2, 3, 1]);
    expect(f16.buffers.map((buffer) => ("bytes" in buffer ? buffer.bytes : buffer.data))).toEqual([300 * 40 * 2, 40 * 129 * 2, 300 * 129 * 4, [300, 129, 40, 0]]);
    const f32 = compileMatmul(spec("f32"), { features: ["shader-f16"], subgroupMatrix: kernel });
    expect(f32.name).toMatch(/\[tiled /);
  });
});
