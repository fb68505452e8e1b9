import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type MatmulJobSpec, type WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileMatmul } from "@hearth/sdk/templates/compileMatmul";
import { subgroupMatrixGeometry, type SubgroupMatrixGeometry, type SubgroupMatrixKernel } from "@hearth/sdk/templates/subgroupMatrixMatmulWgsl";
import { referenceMatmul } from "@hearth/sdk/verify/referenceMatmul";
import type { GpuAdapterDescription } from "./gpuProcessProtocol.ts";

/** Which kernel the node's f16 matmul jobs run on, and why. */
export type MatmulKernelChoice =
  | { f16: "subgroup-matrix"; kernel: SubgroupMatrixKernel; rejected: KernelRejection[] }
  | { f16: "tiled"; reason: string; rejected: KernelRejection[] };

export type KernelRejection = { kernel: SubgroupMatrixKernel; reason: string };

/** One line for logs, /status and the benchmark: "tiled (reason)" or "subgroup-matrix, units MxNxK". */
export function describeMatmulKernel(choice: MatmulKernelChoice): string {
  if (choice.f16 === "tiled") return `tiled (${choice.reason})`;
  const { M, N, K } = choice.kernel.shape;
  return `subgroup-matrix, units ${M}x${N}x${K}`;
}

/** The features a matrix-unit kernel needs from the device. */
const SUBGROUP_MATRIX_FEATURES = ["chromium-experimental-subgroup-matrix", "shader-f16", "subgroups"] as const;

/**
 * Matrix-unit kernels worth trying on this adapter, best first: one per f16 → f32 unit shape it
 * offers, largest first. Returns the reason instead when the adapter cannot run any.
 */
export function subgroupMatrixCandidates(adapter: GpuAdapterDescription): { candidates: SubgroupMatrixKernel[] } | { reason: string } {
  const missing = SUBGROUP_MATRIX_FEATURES.filter((feature) => !adapter.features.includes(feature));
  if (missing.length > 0) return { reason: `the adapter does not offer ${missing.join(", ")}` };
  const { subgroupMinSize, subgroupMaxSize } = adapter;
  if (subgroupMinSize === undefined || subgroupMinSize !== subgroupMaxSize)
    return { reason: `the adapter's subgroup size is not fixed (${subgroupMinSize ?? "?"} to ${subgroupMaxSize ?? "?"})` };
  const shapes = (adapter.subgroupMatrixConfigs ?? [])
    .filter((config) => config.componentType === "f16" && config.resultComponentType === "f32")
    .filter(({ M, N, K }) => [M, N, K].every((size) => size === 8 || size === 16))
    .sort((x, y) => y.M * y.N * y.K - x.M * x.N * x.K);
  if (shapes.length === 0) return { reason: "the adapter offers no f16 → f32 subgroup-matrix configuration with sides of 8 or 16" };
  const subgroupSize = subgroupMinSize;
  const reasons: string[] = [];
  const candidates: SubgroupMatrixKernel[] = [];
  for (const { M, N, K } of shapes) {
    const kernel = { shape: { M, N, K }, subgroupSize };
    let geometry: SubgroupMatrixGeometry;
    try {
      geometry = subgroupMatrixGeometry(kernel);
    } catch (error) {
      reasons.push((error as Error).message);
      continue;
    }
    const limit = (name: string) => adapter.limits[name] ?? 0;
    if (geometry.invocations > limit("maxComputeInvocationsPerWorkgroup") || geometry.invocations > limit("maxComputeWorkgroupSizeX"))
      reasons.push(`${M}x${N}x${K}: ${geometry.invocations} invocations per workgroup exceed the adapter's limit`);
    else if (geometry.workgroupBytes > limit("maxComputeWorkgroupStorageSize"))
      reasons.push(`${M}x${N}x${K}: ${geometry.workgroupBytes} bytes of workgroup memory exceed maxComputeWorkgroupStorageSize (${limit("maxComputeWorkgroupStorageSize")})`);
    else candidates.push(kernel);
  }
  return candidates.length > 0 ? { candidates } : { reason: reasons.join("; ") };
}

/** Runs a compiled job on the adapter and returns its output "c". */
export type RunCompiledMatmul = (spec: WgslJobSpec) => Promise<Uint8Array>;

/** The product the start-up check computes: edges in every dimension, several workgroups and K steps. */
const CHECK_SHAPE = { m: 200, n: 136, k: 88 } as const;

type CheckProblem = { spec: MatmulJobSpec; expected: Float32Array; magnitude: Float32Array };
let checkProblem: CheckProblem | undefined;

/** The check's seeded f16 inputs, their f64 reference product and |A|·|B|: the same for every kernel, made once. */
function getCheckProblem(): CheckProblem {
  if (checkProblem) return checkProblem;
  const { m, n, k } = CHECK_SHAPE;
  const spec = parseJobSpec({
    version: 1,
    runtime: "matmul",
    m,
    n,
    k,
    dtype: "f16",
    inputs: {
      a: { seed: { generator: "uniform-f16", seed: 11, min: -2, max: 2 } },
      b: { seed: { generator: "uniform-f16", seed: 12, min: -2, max: 2 } },
    },
    limits: { maxBytes: 1 << 24, maxWallMs: 30_000 },
  }) as MatmulJobSpec;
  const inputs = seededInputs(spec);
  const a = inputs.get("a")!;
  const b = inputs.get("b")!;
  checkProblem = {
    spec,
    expected: referenceMatmul({ a, b, m, n, k, dtype: "f16" }),
    magnitude: referenceMatmul({ a: absoluteF16(a), b: absoluteF16(b), m, n, k, dtype: "f16" }),
  };
  return checkProblem;
}

/**
 * Runs `kernel` on a seeded f16 product of CHECK_SHAPE and compares every element with the f64 reference,
 * allowing twice the worst-case f32 summation error (2·k·2^-24·(|A|·|B|)ij: matrix units may truncate where f32
 * rounds). Returns the reason when it does not compile, fails or differs.
 */
async function checkMatmulKernel(
  kernel: SubgroupMatrixKernel,
  run: RunCompiledMatmul,
  features: readonly string[],
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { m, n, k } = CHECK_SHAPE;
  const { spec, expected, magnitude } = getCheckProblem();
  let output: Uint8Array;
  try {
    output = await run(compileMatmul(spec, { features, subgroupMatrix: kernel }));
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split("\n").slice(0, 6).join(" | ") };
  }
  const actual = new Float32Array(output.buffer, output.byteOffset, output.byteLength / 4);
  if (actual.length !== m * n) return { ok: false, reason: `output has ${actual.length} elements; ${m * n} expected` };
  let failures = 0;
  let first = -1;
  for (let index = 0; index < actual.length; index++) {
    const allowed = 2 * k * 2 ** -24 * magnitude[index]! + 2 ** -60;
    if (!(Math.abs(actual[index]! - expected[index]!) <= allowed)) {
      failures++;
      if (first < 0) first = index;
    }
  }
  if (failures === 0) return { ok: true };
  return {
    ok: false,
    reason: `${failures} of ${m * n} elements differ from the reference; first at row ${Math.floor(first / n)}, column ${first % n}: ${actual[first]} instead of ${expected[first]}`,
  };
}

/**
 * Picks the f16 matmul kernel: the first candidate that compiles and passes checkMatmulKernel,
 * else the tiled kernel (which every adapter runs). A kernel that was never checked on this
 * adapter is never used for paid work.
 */
export async function selectMatmulKernel(
  candidates: readonly SubgroupMatrixKernel[],
  run: RunCompiledMatmul,
  features: readonly string[],
): Promise<MatmulKernelChoice> {
  const rejected: KernelRejection[] = [];
  for (const kernel of candidates) {
    const check = await checkMatmulKernel(kernel, run, features);
    if (check.ok) return { f16: "subgroup-matrix", kernel, rejected };
    rejected.push({ kernel, reason: check.reason });
  }
  return {
    f16: "tiled",
    reason: candidates.length === 0 ? "no matrix-unit kernel to try" : "no matrix-unit kernel passed its check on this adapter",
    rejected,
  };
}

/** Clears the sign bit of every little-endian binary16 value. */
function absoluteF16(bytes: Uint8Array): Uint8Array {
  const result = bytes.slice();
  for (let index = 1; index < result.length; index += 2) result[index]! &= 0x7f;
  return result;
}
