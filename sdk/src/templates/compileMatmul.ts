import { matmulShape, type BufferSpec, type MatmulJobSpec, type WgslJobSpec } from "../spec/jobSpec.ts";
import { range } from "./range.ts";
import { subgroupMatrixGeometry, subgroupMatrixMatmulWgsl, type SubgroupMatrixKernel } from "./subgroupMatrixMatmulWgsl.ts";

/**
 * Register-blocked tiling for the matmul kernel. A workgroup of 16×16 invocations computes a
 * (16·threadRows)×(16·threadCols) block of C; each invocation keeps threadRows×threadCols
 * accumulators in registers and steps through K in slices of `depth`, staging A and B slices
 * in workgroup memory.
 */
export type MatmulTiling = {
  threadRows: 4 | 8;
  threadCols: 4 | 8;
  depth: 8 | 16;
  /**
   * "strided" (default): an invocation's rows and columns are 16 apart, and it reads the staged tiles one f32 at a
   * time. "vec4": they come in runs of 4 (64 apart), the staged tiles are vec4 arrays, and an invocation reads 4
   * rows or columns per load: a quarter of the workgroup-memory reads per multiply-add.
   */
  layout?: "strided" | "vec4" | undefined;
};

export const matmulTilings = {
  /** 64×64 tile, 4×4 per invocation, K slices of 16 (about 8 KiB of workgroup memory). */
  "64x64": { threadRows: 4, threadCols: 4, depth: 16 },
  /** 128×128 tile, 8×8 per invocation, K slices of 8 (about 8 KiB of workgroup memory). */
  "128x128": { threadRows: 8, threadCols: 8, depth: 8 },
  /** The 128×128 tile with vec4 reads of the staged tiles (8 KiB). Not a default until measured on a GPU. */
  "128x128v": { threadRows: 8, threadCols: 8, depth: 8, layout: "vec4" },
} as const satisfies Record<string, MatmulTiling>;

export type CompileMatmulOptions = {
  /** Adapter features: with "shader-f16", f16 inputs are read as WGSL f16, else unpacked from u32. */
  features?: Iterable<string> | undefined;
  /** Default: 64x64 when min(m, n) < 512, else 128x128. */
  tiling?: keyof typeof matmulTilings | MatmulTiling | undefined;
  /**
   * f16 jobs run on the adapter's matrix units with this kernel (see subgroupMatrixMatmulWgsl); a
   * provider passes it only once the kernel has passed its start-up check on the adapter. f32 jobs
   * ignore it: matrix units take f16 inputs, and rounding f32 inputs to f16 would change the result.
   */
  subgroupMatrix?: SubgroupMatrixKernel | undefined;
};

const WORKGROUP_SIDE = 16;

/**
 * Compiles the matmul template to a wgsl spec: buffers a (binding 0), b (binding 1),
 * c (binding 2, output) and the uniform `shape` (binding 3: m, n, k), one dispatch of entry
 * point "main", Freivalds verification. Any m, n, k work: edge tiles are zero-padded on load
 * and masked on store. The shape is a uniform rather than a constant so that one WGSL source
 * (per tiling and load variant) serves every size and a provider compiles it once.
 *
 * f16 inputs are widened to f32 before multiplying (a product of two binary16 values is
 * exact in binary32) and accumulate in f32, so the f16 and f32 paths differ only in what
 * they read. Both kernel variants for f16 compute the same values.
 */
export function compileMatmul(spec: MatmulJobSpec, options: CompileMatmulOptions = {}): WgslJobSpec {
  const { m, n, k } = matmulShape(spec);
  const tiling: MatmulTiling =
    typeof options.tiling === "string"
      ? matmulTilings[options.tiling]
      : (options.tiling ?? (Math.min(m, n) < 512 ? matmulTilings["64x64"] : matmulTilings["128x128"]));
  const features = new Set(options.features ?? []);
  const load = spec.dtype === "f32" ? "f32" : features.has("shader-f16") ? "f16" : "f16-packed";
  const elementBytes = spec.dtype === "f16" ? 2 : 4;
  const matrix = spec.dtype === "f16" ? options.subgroupMatrix : undefined;
  const { source, kernelName, tileRows, tileCols } = matrix ? subgroupMatrixKernel(matrix) : tiledKernel(tiling, load);
  const input = (name: "a" | "b", binding: number, bytes: number): BufferSpec => {
    const from = spec.inputs[name];
    return "cid" in from
      ? { name, binding, group: 0, kind: "input", bytes, cid: from.cid }
      : { name, binding, group: 0, kind: "input", bytes, seed: from.seed };
  };
  return {
    version: spec.version,
    name: `${spec.name ?? "matmul"} [${kernelName}]`,
    runtime: "wgsl",
    shader: { source },
    buffers: [
      input("a", 0, m * k * elementBytes),
      input("b", 1, k * n * elementBytes),
      { name: "c", binding: 2, group: 0, kind: "output", bytes: m * n * 4 },
      { name: "shape", binding: 3, group: 0, kind: "uniform", type: "u32", data: [m, n, k, 0] },
    ],
    dispatches: [{ entryPoint: "main", workgroups: [Math.ceil(n / tileCols), Math.ceil(m / tileRows), 1] }],
    limits: spec.limits,
    verification: { method: "freivalds", a: "a", b: "b", c: "c", m, n, k, dtype: spec.dtype, rounds: spec.verification.rounds },
  };
}

type CompiledKernel = { source: string; kernelName: string; tileRows: number; tileCols: number };

function subgroupMatrixKernel(matrix: SubgroupMatrixKernel): CompiledKernel {
  const { tileRows, tileCols } = subgroupMatrixGeometry(matrix);
  const { M, N, K } = matrix.shape;
  return { source: subgroupMatrixMatmulWgsl(matrix), kernelName: `subgroup-matrix ${tileRows}x${tileCols}, units ${M}x${N}x${K}`, tileRows, tileCols };
}

function tiledKernel(tiling: MatmulTiling, load: KernelParameters["load"]): CompiledKernel {
  const tileRows = WORKGROUP_SIDE * tiling.threadRows;
  const tileCols = WORKGROUP_SIDE * tiling.threadCols;
  return {
    source: matmulWgsl({ tiling, load }),
    kernelName: `tiled ${tileRows}x${tileCols}${tiling.layout === "vec4" ? " vec4" : ""}, ${load}`,
    tileRows,
    tileCols,
  };
}

type KernelParameters = {
  tiling: MatmulTiling;
  load: "f32" | "f16" | "f16-packed";
};

/**
 * The WGSL kernel for a tiling and a load variant; the shape comes from the uniform at binding 3.
 *
 * "strided" layout: invocation (x, y) computes rows y + 16·i and columns x + 16·j, and reads the staged tiles one f32
 * at a time (A staged k-major, rows padded by one word so the transposing stores of neighbouring invocations hit
 * different banks). "vec4" layout: it computes rows 64·g + 4·y + w and columns 64·h + 4·x + w (w < 4, one group g or h
 * per 4 rows or columns it holds), so each group is one vec4 of the staged tiles and neighbouring invocations read
 * neighbouring vec4s.
 */
export function matmulWgsl({ tiling, load }: KernelParameters): string {
  const { threadRows: TM, threadCols: TN, depth: BK } = tiling;
  const vec4 = tiling.layout === "vec4";
  const BM = WORKGROUP_SIDE * TM;
  const BN = WORKGROUP_SIDE * TN;
  const invocations = WORKGROUP_SIDE * WORKGROUP_SIDE;
  const loadsA = (BM * BK) / invocations;
  const loadsB = (BK * BN) / invocations;
  if (!Number.isInteger(loadsA) || !Number.isInteger(loadsB)) throw new RangeError("tile does not divide among invocations");
  const element = load === "f32" ? "f32" : load === "f16" ? "f16" : "u32";
  const read = (matrix: "a" | "b", index: string) =>
    load === "f32"
      ? `${matrix}[${index}]`
      : load === "f16"
        ? `f32(${matrix}[${index}])`
        : `unpack2x16float(${matrix}[(${index}) >> 1u])[(${index}) & 1u]`;
  const rows = range(TM);
  const cols = range(TN);
  const run = 4 * WORKGROUP_SIDE; // vec4 layout: rows (or columns) between an invocation's runs of 4
  const component = ["x", "y", "z", "w"];
  const rowOf = (i: number) => (vec4 ? `${Math.floor(i / 4) * run}u + local.y * 4u + ${i % 4}u` : `local.y + ${i * WORKGROUP_SIDE}u`);
  const colOf = (j: number) => (vec4 ? `${Math.floor(j / 4) * run}u + local.x * 4u + ${j % 4}u` : `local.x + ${j * WORKGROUP_SIDE}u`);
  const operands = vec4
    ? [
        ...range(TM / 4).map((g) => `      let a${g} = tileA[kk * ${BM / 4}u + ${(g * run) / 4}u + local.y];`),
        ...range(TN / 4).map((h) => `      let b${h} = tileB[kk * ${BN / 4}u + ${(h * run) / 4}u + local.x];`),
      ]
    : [
        ...rows.map((i) => `      let a${i} = tileA[kk * SA + local.y + ${i * WORKGROUP_SIDE}u];`),
        ...cols.map((j) => `      let b${j} = tileB[kk * BN + local.x + ${j * WORKGROUP_SIDE}u];`),
      ];
  const operandA = (i: number) => (vec4 ? `a${Math.floor(i / 4)}.${component[i % 4]}` : `a${i}`);
  const operandB = (j: number) => (vec4 ? `b${Math.floor(j / 4)}.${component[j % 4]}` : `b${j}`);
  const lines: string[] = [];
  if (load === "f16") lines.push("enable f16;", "");
  lines.push(
    `// C (MxN, f32) = A (MxK) * B (KxN), row-major; A and B read as ${load}.`,
    `// Workgroup ${WORKGROUP_SIDE}x${WORKGROUP_SIDE} computes a ${BM}x${BN} tile; each invocation ${TM}x${TN}${vec4 ? " in runs of 4" : ""}, K in slices of ${BK}.`,
    "struct Shape { m: u32, n: u32, k: u32, unused: u32 }",
    `const BM: u32 = ${BM}u;`,
    `const BN: u32 = ${BN}u;`,
    `const BK: u32 = ${BK}u;`,
    "",
    `@group(0) @binding(0) var<storage, read> a: array<${element}>;`,
    `@group(0) @binding(1) var<storage, read> b: array<${element}>;`,
    "@group(0) @binding(2) var<storage, read_write> c: array<f32>;",
    "@group(0) @binding(3) var<uniform> shape: Shape;",
    "",
    ...(vec4
      ? [
          "// tileA[k][row] and tileB[k][col], four rows or columns per vec4.",
          `var<workgroup> tileA: array<vec4<f32>, ${(BK * BM) / 4}>;`,
          `var<workgroup> tileB: array<vec4<f32>, ${(BK * BN) / 4}>;`,
        ]
      : [
          "// A slice stored transposed (k-major) so both operands are read along rows of the tile; rows",
          "// padded by one word so the transposing stores of neighbouring invocations hit different banks.",
          `const SA: u32 = ${BM + 1}u;`,
          `var<workgroup> tileA: array<f32, ${(BM + 1) * BK}>;`,
          `var<workgroup> tileB: array<f32, ${BK * BN}>;`,
        ]),
    "",
    `@compute @workgroup_size(${WORKGROUP_SIDE}, ${WORKGROUP_SIDE}, 1)`,
    "fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {",
    "  let M = shape.m;",
    "  let N = shape.n;",
    "  let K = shape.k;",
    "  let tileRow = group.y * BM;",
    "  let tileCol = group.x * BN;",
    `  let flat = local.y * ${WORKGROUP_SIDE}u + local.x;`,
    ...rows.flatMap((i) => cols.map((j) => `  var acc${i}_${j}: f32 = 0.0;`)),
    "  for (var t: u32 = 0u; t < K; t = t + BK) {",
    ...range(loadsA).flatMap((l) => [
      `    {`,
      `      let e = flat + ${l * invocations}u;`,
      "      let r = e / BK;",
      "      let q = e % BK;",
      "      let row = tileRow + r;",
      "      let col = t + q;",
      "      var v: f32 = 0.0;",
      `      if (row < M && col < K) { v = ${read("a", "row * K + col")}; }`,
      vec4 ? "      tileA[(q * BM + r) / 4u][r % 4u] = v;" : "      tileA[q * SA + r] = v;",
      "    }",
    ]),
    ...range(loadsB).flatMap((l) => [
      `    {`,
      `      let e = flat + ${l * invocations}u;`,
      "      let r = e / BN;",
      "      let q = e % BN;",
      "      let row = t + r;",
      "      let col = tileCol + q;",
      "      var v: f32 = 0.0;",
      `      if (row < K && col < N) { v = ${read("b", "row * N + col")}; }`,
      vec4 ? "      tileB[(r * BN + q) / 4u][q % 4u] = v;" : "      tileB[r * BN + q] = v;",
      "    }",
    ]),
    "    workgroupBarrier();",
    "    for (var kk: u32 = 0u; kk < BK; kk = kk + 1u) {",
    ...operands,
    ...rows.flatMap((i) => cols.map((j) => `      acc${i}_${j} = fma(${operandA(i)}, ${operandB(j)}, acc${i}_${j});`)),
    "    }",
    "    workgroupBarrier();",
    "  }",
    ...rows.flatMap((i) => [
      `  {`,
      `    let row = tileRow + ${rowOf(i)};`,
      "    if (row < M) {",
      ...cols.flatMap((j) => [`      let col${j} = tileCol + ${colOf(j)};`, `      if (col${j} < N) { c[row * N + col${j}] = acc${i}_${j}; }`]),
      "    }",
      "  }",
    ]),
    "}",
    "",
  );
  return lines.join("\n");
}
