import { range } from "./range.ts";

/**
 * One f16 → f32 matrix unit the adapter offers (WebGPU's `subgroupMatrixConfigs`): a subgroup
 * multiplies an M×K tile by a K×N tile into an M×N accumulator in one step.
 */
export type SubgroupMatrixShape = { M: number; N: number; K: number };

/**
 * How the f16 matmul uses the adapter's matrix units (Dawn's `chromium-experimental-subgroup-matrix`,
 * tensor cores on NVIDIA).
 */
export type SubgroupMatrixKernel = {
  shape: SubgroupMatrixShape;
  /** Invocations per subgroup; the adapter's subgroup size must be fixed at this value. */
  subgroupSize: number;
};

/** Subgroups per workgroup, as rows × columns of the workgroup's output tile. */
const SUBGROUP_ROWS = 4;
const SUBGROUP_COLS = 2;
/** Each subgroup computes a 32×64 block of C, so a workgroup computes 128×128. */
const SUBGROUP_BLOCK_ROWS = 32;
const SUBGROUP_BLOCK_COLS = 64;
/** K staged per step. */
const DEPTH = 32;
/** Row padding (elements) of the staged tiles, so a column walk does not hit one memory bank. */
const PAD_A = 8;
const PAD_B = 8;
const PAD_C = 4;

export type SubgroupMatrixGeometry = {
  /** Workgroup output tile and staged depth. */
  tileRows: number;
  tileCols: number;
  depth: number;
  /** Matrix units per subgroup, down and across. */
  unitRows: number;
  unitCols: number;
  invocations: number;
  /** Workgroup memory the kernel declares, in bytes. */
  workgroupBytes: number;
  /** Staged-tile row strides and lengths, in elements. */
  strideA: number;
  strideB: number;
  strideC: number;
  lengthA: number;
  lengthB: number;
  lengthC: number;
};

/**
 * The kernel's layout for a unit shape and subgroup size. Array lengths follow the extension's
 * rule that a matrix load or store at `offset` with `stride` reaches `offset + stride × rows`
 * (not just its last element): shorter arrays make Dawn clamp the access and return wrong values.
 */
export function subgroupMatrixGeometry({ shape, subgroupSize }: Pick<SubgroupMatrixKernel, "shape" | "subgroupSize">): SubgroupMatrixGeometry {
  const { M, N, K } = shape;
  if (![8, 16].includes(M) || ![8, 16].includes(N) || ![8, 16].includes(K))
    throw new RangeError(`matrix unit ${M}x${N}x${K} is not supported (M, N and K must each be 8 or 16)`);
  if (!Number.isInteger(subgroupSize) || subgroupSize < 4 || subgroupSize > 128 || (subgroupSize & (subgroupSize - 1)) !== 0)
    throw new RangeError(`subgroup size ${subgroupSize} is not supported (a power of two from 4 to 128)`);
  if ((M * N) % subgroupSize !== 0) throw new RangeError(`an ${M}x${N} unit does not divide among ${subgroupSize} invocations`);
  const subgroups = SUBGROUP_ROWS * SUBGROUP_COLS;
  const invocations = subgroups * subgroupSize;
  const tileRows = SUBGROUP_ROWS * SUBGROUP_BLOCK_ROWS;
  const tileCols = SUBGROUP_COLS * SUBGROUP_BLOCK_COLS;
  if ((tileRows * DEPTH) % (2 * invocations) !== 0 || (DEPTH * tileCols) % (2 * invocations) !== 0 || (subgroups * M * N) % invocations !== 0)
    throw new RangeError(`a workgroup of ${invocations} invocations does not divide the ${tileRows}x${tileCols} tile evenly`);
  const strideA = DEPTH + PAD_A;
  const strideB = tileCols + PAD_B;
  const strideC = N + PAD_C;
  // Left units start at most at row tileRows - M, column DEPTH - K, and reach M rows further.
  const lengthA = (tileRows - M) * strideA + (DEPTH - K) + strideA * M;
  // Right units start at most at row DEPTH - K, column tileCols - N, and reach K rows further.
  const lengthB = (DEPTH - K) * strideB + (tileCols - N) + strideB * K;
  // One M×N result per subgroup, side by side.
  const lengthC = subgroups * M * strideC;
  return {
    tileRows,
    tileCols,
    depth: DEPTH,
    unitRows: SUBGROUP_BLOCK_ROWS / M,
    unitCols: SUBGROUP_BLOCK_COLS / N,
    invocations,
    strideA,
    strideB,
    strideC,
    workgroupBytes: 2 * lengthA + 2 * lengthB + 4 * lengthC,
    lengthA,
    lengthB,
    lengthC,
  };
}

/**
 * The f16 matmul on matrix units: C (m×n, f32) = A (m×k, f16) · B (k×n, f16), row-major, same
 * bindings as the tiled kernel (a, b, c, and the uniform shape m, n, k at binding 3). A
 * workgroup of 8 subgroups computes a 128×128 tile of C: each K step of 32 is staged in
 * workgroup memory (zero-padded past the matrix edges, so any m, n, k work), then each
 * subgroup multiplies its 32×64 block as units of M×N with f32 accumulators. Results leave
 * through workgroup memory, one unit per subgroup at a time, so stores past the edges are masked.
 * f16 products are exact in f32, so the result differs from the tiled kernel's only in the
 * order (and, on some hardware, the rounding) of the f32 additions.
 */
export function subgroupMatrixMatmulWgsl(kernel: SubgroupMatrixKernel): string {
  const { M, N, K } = kernel.shape;
  const g = subgroupMatrixGeometry(kernel);
  const subgroups = SUBGROUP_ROWS * SUBGROUP_COLS;
  const steps = g.depth / K;
  // Each invocation stages pairs of neighbouring elements.
  const loadsA = (g.tileRows * g.depth) / 2 / g.invocations;
  const loadsB = (g.depth * g.tileCols) / 2 / g.invocations;
  const drains = (subgroups * M * N) / g.invocations;
  const rows = range(g.unitRows);
  const cols = range(g.unitCols);
  // The layout is a template parameter in the Dawn the node ships (the older boolean argument is deprecated).
  const load = (type: string, array: string, offset: string, stride: string) =>
    `subgroupMatrixLoad<${type}, row_major>(&${array}, ${offset}, ${stride})`;
  const store = (offset: string, value: string) => `subgroupMatrixStore<row_major>(&tileC, ${offset}, ${value}, SC)`;
  const stage = (tile: "A" | "B", row: string, col: string, bound: string, matrix: "a" | "b", width: string) => [
    "      var v0 = f16(0.0);",
    "      var v1 = f16(0.0);",
    `      if (${row} < ${bound} && col < ${width}) { v0 = ${matrix}[${row} * ${width} + col]; }`,
    `      if (${row} < ${bound} && col + 1u < ${width}) { v1 = ${matrix}[${row} * ${width} + col + 1u]; }`,
    `      tile${tile}[r * S${tile} + q] = v0;`,
    `      tile${tile}[r * S${tile} + q + 1u] = v1;`,
  ];

  const lines = [
    "enable f16;",
    "enable subgroups;",
    "enable chromium_experimental_subgroup_matrix;",
    "// Unit offsets depend on subgroup_id, which is uniform within a subgroup but not across the workgroup.",
    "diagnostic(off, chromium.subgroup_matrix_uniformity);",
    "",
    `// C (MxN, f32) = A (MxK) * B (KxN), f16 inputs, row-major; matrix units ${M}x${N}x${K} (f16 in, f32 accumulate).`,
    `// Workgroup: ${subgroups} subgroups of ${kernel.subgroupSize} computing a ${g.tileRows}x${g.tileCols} tile, each subgroup a ${SUBGROUP_BLOCK_ROWS}x${SUBGROUP_BLOCK_COLS} block; K staged ${g.depth} at a time.`,
    "struct Shape { m: u32, n: u32, k: u32, unused: u32 }",
    `const BM: u32 = ${g.tileRows}u;`,
    `const BN: u32 = ${g.tileCols}u;`,
    `const BK: u32 = ${g.depth}u;`,
    `const SA: u32 = ${g.strideA}u;`,
    `const SB: u32 = ${g.strideB}u;`,
    `const SC: u32 = ${g.strideC}u;`,
    "",
    "@group(0) @binding(0) var<storage, read> a: array<f16>;",
    "@group(0) @binding(1) var<storage, read> b: array<f16>;",
    "@group(0) @binding(2) var<storage, read_write> c: array<f32>;",
    "@group(0) @binding(3) var<uniform> shape: Shape;",
    "",
    `var<workgroup> tileA: array<f16, ${g.lengthA}>;`,
    `var<workgroup> tileB: array<f16, ${g.lengthB}>;`,
    `var<workgroup> tileC: array<f32, ${g.lengthC}>;`,
    "",
    `@compute @workgroup_size(${g.invocations}, 1, 1)`,
    "fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) flat: u32, @builtin(subgroup_id) subgroup: u32) {",
    "  let rows = shape.m;",
    "  let cols = shape.n;",
    "  let depth = shape.k;",
    "  let tileRow = group.y * BM;",
    "  let tileCol = group.x * BN;",
    `  let blockRow = (subgroup / ${SUBGROUP_COLS}u) * ${SUBGROUP_BLOCK_ROWS}u;`,
    `  let blockCol = (subgroup % ${SUBGROUP_COLS}u) * ${SUBGROUP_BLOCK_COLS}u;`,
    ...rows.flatMap((i) => cols.map((j) => `  var acc${i}_${j} = subgroup_matrix_result<f32, ${N}, ${M}>();`)),
    "  for (var t: u32 = 0u; t < depth; t = t + BK) {",
    "    // Stage A[tileRow.., t..] and B[t.., tileCol..], zero past the edges.",
    ...range(loadsA).flatMap((l) => [
      "    {",
      `      let e = flat + ${l * g.invocations}u;`,
      "      let r = e / (BK / 2u);",
      "      let q = (e % (BK / 2u)) * 2u;",
      "      let row = tileRow + r;",
      "      let col = t + q;",
      ...stage("A", "row", "col", "rows", "a", "depth"),
      "    }",
    ]),
    ...range(loadsB).flatMap((l) => [
      "    {",
      `      let e = flat + ${l * g.invocations}u;`,
      "      let r = e / (BN / 2u);",
      "      let q = (e % (BN / 2u)) * 2u;",
      "      let row = t + r;",
      "      let col = tileCol + q;",
      ...stage("B", "row", "col", "depth", "b", "cols"),
      "    }",
    ]),
    "    workgroupBarrier();",
    ...range(steps).flatMap((s) => [
      "    {",
      ...rows.map((i) => `      let left${i} = ${load(`subgroup_matrix_left<f16, ${K}, ${M}>`, "tileA", `(blockRow + ${i * M}u) * SA + ${s * K}u`, "SA")};`),
      ...cols.flatMap((j) => [
        `      let right${j} = ${load(`subgroup_matrix_right<f16, ${N}, ${K}>`, "tileB", `${s * K}u * SB + blockCol + ${j * N}u`, "SB")};`,
        ...rows.map((i) => `      acc${i}_${j} = subgroupMatrixMultiplyAccumulate(left${i}, right${j}, acc${i}_${j});`),
      ]),
      "    }",
    ]),
    "    workgroupBarrier();",
    "  }",
    "  // Each unit of C leaves through tileC: every subgroup stores its unit, then the whole",
    "  // workgroup copies the parts that lie inside C.",
    ...rows.flatMap((i) =>
      cols.flatMap((j) => [
        "  {",
        `    ${store(`subgroup * ${M}u * SC`, `acc${i}_${j}`)};`,
        "    workgroupBarrier();",
        ...range(drains).flatMap((d) => [
          "    {",
          `      let e = flat + ${d * g.invocations}u;`,
          `      let owner = e / ${M * N}u;`,
          `      let r = (e % ${M * N}u) / ${N}u;`,
          `      let q = e % ${N}u;`,
          `      let row = tileRow + (owner / ${SUBGROUP_COLS}u) * ${SUBGROUP_BLOCK_ROWS}u + ${i * M}u + r;`,
          `      let col = tileCol + (owner % ${SUBGROUP_COLS}u) * ${SUBGROUP_BLOCK_COLS}u + ${j * N}u + q;`,
          `      if (row < rows && col < cols) { c[row * cols + col] = tileC[owner * ${M}u * SC + r * SC + q]; }`,
          "    }",
        ]),
        "    workgroupBarrier();",
        "  }",
      ]),
    ),
    "}",
    "",
  ];
  return lines.join("\n");
}
