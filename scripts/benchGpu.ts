// Matmul throughput of the WebGPU runtime on this machine's adapter, and cuBLAS's for comparison
// when PyTorch with CUDA is installed. Usage: node scripts/benchGpu.ts [--sizes=1024,4096] [--repeats=5]
//   [--dawn-flags=enable-dawn-features=...] [--all-tilings]
// Sizes default to 1024, 4096, 8192 on a GPU and 256, 512, 1024 on a software adapter. The tiled kernel runs with the
// tiling compileMatmul picks for the size, or with every tiling under --all-tilings (to choose the default on new hardware).
import { spawnSync } from "node:child_process";
import { createEnergyMeter } from "@hearth/node/energy/createEnergyMeter";
import { createGpuRuntime, DEFAULT_DAWN_FLAGS, type RunJobResult } from "@hearth/node/runtime/createGpuRuntime";
import { describeMatmulKernel, subgroupMatrixCandidates } from "@hearth/node/runtime/selectMatmulKernel";
import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type MatmulJobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileMatmul, matmulTilings } from "@hearth/sdk/templates/compileMatmul";
import type { SubgroupMatrixKernel } from "@hearth/sdk/templates/subgroupMatrixMatmulWgsl";
import { verifyFreivalds } from "@hearth/sdk/verify/verifyFreivalds";

const argument = (name: string) => process.argv.find((value) => value.startsWith(`--${name}=`))?.slice(name.length + 3);
// The node's own toggles unless told otherwise (on NVIDIA's Vulkan driver they make Dawn offer shader-f16).
const dawnFlags = argument("dawn-flags")?.split(" ").filter(Boolean) ?? DEFAULT_DAWN_FLAGS;

const runtime = await createGpuRuntime({ dawnFlags, memoryBudgetBytes: 8 * 2 ** 30 });
// Measured power only (nvidia-smi or RAPL): with nothing to measure, no energy figures are printed.
const meter = await createEnergyMeter({ declaredPowerWatts: 0 });
const { adapter } = runtime;
const sizes = argument("sizes")?.split(",").map(Number) ?? (adapter.isSoftware ? [256, 512, 1024] : [1024, 4096, 8192]);
const repeats = Number(argument("repeats") ?? (adapter.isSoftware ? 3 : 10));
const dtypes: ("f32" | "f16")[] = adapter.features.includes("shader-f16") ? ["f32", "f16"] : ["f32"];

console.log(`adapter: ${adapter.vendor} ${adapter.architecture} — ${adapter.description || adapter.device}${adapter.isSoftware ? " (software)" : ""}`);
console.log(`shader-f16: ${adapter.features.includes("shader-f16") ? "offered" : "not offered (f16 not benchmarked)"}; timestamp-query: ${adapter.features.includes("timestamp-query") ? "yes" : "no"}`);
console.log(`adapter features: ${adapter.features.join(", ") || "none"}`);
console.log(`energy: ${meter.method === "estimated" ? "no power meter readable (none printed)" : `measured with ${meter.method}`}`);
const choice = runtime.matmulKernel;
console.log(`f16 matmul kernel: ${describeMatmulKernel(choice)}${choice.f16 === "subgroup-matrix" ? " (passed its start-up check)" : ""}`);
for (const { kernel, reason } of choice.rejected)
  console.log(`  rejected subgroup-matrix ${kernel.shape.M}x${kernel.shape.N}x${kernel.shape.K}: ${reason}`);
console.log(`dispatches per size: ${repeats} (first one treated as warm-up when there are more than 2)`);

// f16 runs on the tiled kernel and, where the adapter has matrix units, on the matrix-unit kernel for each unit shape
// it offers (the runtime's choice first; the others were not start-up checked, Freivalds below checks every result).
type Variant = { dtype: "f32" | "f16"; tiling?: keyof typeof matmulTilings | undefined; subgroupMatrix?: SubgroupMatrixKernel | undefined };
const tilings = process.argv.includes("--all-tilings") ? (Object.keys(matmulTilings) as (keyof typeof matmulTilings)[]) : [undefined];
const suggested = subgroupMatrixCandidates(adapter);
const matrixKernels = "candidates" in suggested ? suggested.candidates : [];
const variants = dtypes.flatMap((dtype): Variant[] => [
  ...tilings.map((tiling) => ({ dtype, tiling })),
  ...(dtype === "f16" ? matrixKernels.map((subgroupMatrix) => ({ dtype, subgroupMatrix })) : []),
]);
/** The fastest kernel's figure for each dtype and size, for the comparison with cuBLAS. */
const best = new Map<string, { dtype: string; n: number; tflops: number }>();
try {
  for (const { dtype, tiling, subgroupMatrix } of variants) {
    for (const n of sizes) {
      const generator = dtype === "f16" ? "uniform-f16" : "uniform-f32";
      const elementBytes = dtype === "f16" ? 2 : 4;
      const spec = parseJobSpec({
        version: 1,
        runtime: "matmul",
        n,
        dtype,
        inputs: { a: { seed: { generator, seed: 1, min: -1, max: 1 } }, b: { seed: { generator, seed: 2, min: -1, max: 1 } } },
        limits: { maxBytes: 2 * n * n * elementBytes + n * n * 4 + 16, maxWallMs: 600_000 },
      }) as MatmulJobSpec;
      const compiled = compileMatmul(spec, { features: adapter.features, tiling, subgroupMatrix });
      const timed = { ...compiled, dispatches: Array.from({ length: repeats }, () => compiled.dispatches[0]!) };
      const measurement = meter.start();
      let result: RunJobResult;
      try {
        // This process compiled the kernel itself, so it may use the experimental subgroup-matrix extension.
        result = await runtime.runJob(timed, { fetchInput: () => Promise.reject(new Error("no CID inputs")), allowExperimentalExtensions: true });
      } catch (error) {
        await measurement.stop(0);
        console.log(`matmul ${dtype} N=${n}: FAILED on ${compiled.name}: ${(error as Error).message.split("\n").slice(0, 4).join(" | ")}`);
        continue;
      }
      const energy = await measurement.stop(result.timings.gpuMs);
      const perDispatch = result.timings.dispatchMs ?? Array.from({ length: repeats }, () => result.timings.gpuMs / repeats);
      const measured = perDispatch.length > 2 ? perDispatch.slice(1) : perDispatch;
      const medianMs = [...measured].sort((x, y) => x - y)[Math.floor(measured.length / 2)]!;
      const tflops = (2 * n ** 3) / (medianMs / 1e3) / 1e12;
      const inputs = seededInputs(spec);
      const check = verifyFreivalds({ a: inputs.get("a")!, b: inputs.get("b")!, c: result.outputs[0]!.bytes, m: n, n, k: n, dtype, rounds: 2 });
      if (tflops > (best.get(`${dtype} ${n}`)?.tflops ?? 0)) best.set(`${dtype} ${n}`, { dtype, n, tflops });
      console.log(
        `matmul ${dtype} N=${n}: ${tflops.toPrecision(4)} TFLOP/s (median ${medianMs.toFixed(2)} ms per dispatch, ` +
          `${result.timings.gpuTimeSource}; ${compiled.name}); Freivalds ${check.ok ? "ok" : "FAILED"}`,
      );
      if (!energy.estimated)
        console.log(
          `  energy (${energy.method}, whole job: ${repeats} dispatches and the input upload): ${energy.joules.toFixed(1)} J, ` +
            `${((repeats * 2 * n ** 3) / energy.joules / 1e9).toPrecision(4)} GFLOP/J`,
        );
    }
  }
} finally {
  await runtime.close();
}

const probe = spawnSync("python3", ["-c", "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 3)"], { encoding: "utf8" });
if (probe.status !== 0) {
  console.log("cuBLAS: skipped (python3 with torch and CUDA not available)");
} else {
  const script = `
import json, sys, torch
torch.backends.cuda.matmul.allow_tf32 = False
out = []
for dtype_name, n in json.loads(sys.argv[1]):
    dtype = torch.float32 if dtype_name == "f32" else torch.float16
    a = torch.rand(n, n, device="cuda", dtype=dtype); b = torch.rand(n, n, device="cuda", dtype=dtype)
    for _ in range(3): a @ b
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True); end = torch.cuda.Event(enable_timing=True)
    reps = 20
    start.record()
    for _ in range(reps): a @ b
    end.record(); torch.cuda.synchronize()
    ms = start.elapsed_time(end) / reps
    out.append([dtype_name, n, 2 * n**3 / (ms / 1e3) / 1e12])
print(json.dumps(out))
`;
  const cublas = spawnSync("python3", ["-c", script, JSON.stringify([...best.values()].map(({ dtype, n }) => [dtype, n]))], {
    encoding: "utf8",
    timeout: 300_000,
  });
  if (cublas.status !== 0) console.log(`cuBLAS: failed (${cublas.stderr.trim().split("\n").pop()})`);
  else
    for (const [dtype, n, tflops] of JSON.parse(cublas.stdout) as [string, number, number][]) {
      const ours = best.get(`${dtype} ${n}`)!;
      console.log(
        `cuBLAS ${dtype}${dtype === "f32" ? " (TF32 off)" : ""} N=${n}: ${tflops.toPrecision(4)} TFLOP/s; WebGPU/cuBLAS = ${(ours.tflops / tflops).toFixed(3)}`,
      );
    }
}
