// What checking a result costs the verifier, as a share of the job's GPU time, on this machine's adapter:
// - matmul: Freivalds (the verifier's CPU, O(rounds·n²)) against recomputation (a second GPU run plus a comparison);
// - a tolerance-checked job (examples/mlp-inference.json): recomputation is the only check.
// Usage: node scripts/benchVerify.ts [--sizes=1024,4096] [--rounds=20] [--run-up-to=N] [--recompute-up-to=N] [--repeats=R]
//   --run-up-to: largest N run on the GPU (default 8192 on a GPU, 1024 on a software adapter, where N=4096 takes
//   minutes); a larger N's GPU time is extrapolated from the largest measured one (n³) and labelled as such.
//   --recompute-up-to: largest N whose recomputation is run as well (default: --run-up-to); above it, a
//   recomputation is reported as what it is on the same adapter, one more run of the job, and labelled so.
//   --repeats: GPU runs per job under N=2048 (median; default 3); larger jobs run once.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";
import { generateSeededBytes, seededInputs } from "@hearth/sdk/data/seededInputs";
import { parseJobSpec, type JobSpec, type MatmulJobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import { verifyExact } from "@hearth/sdk/verify/verifyExact";
import { verifyFreivalds } from "@hearth/sdk/verify/verifyFreivalds";
import { verifyTolerance } from "@hearth/sdk/verify/verifyTolerance";

const argument = (name: string) => process.argv.find((value) => value.startsWith(`--${name}=`))?.slice(name.length + 3);
const repoRoot = path.resolve(import.meta.dirname, "..");
const GOAL_SHARE = 0.01;
const GOAL_BOUND = 2 ** -20;

const runtime = await createGpuRuntime({ memoryBudgetBytes: 8 * 2 ** 30 });
const { adapter } = runtime;
const sizes = argument("sizes")?.split(",").map(Number) ?? [1024, 4096];
const rounds = Number(argument("rounds") ?? 20);
const runUpTo = Number(argument("run-up-to") ?? (adapter.isSoftware ? 1024 : 8192));
const recomputeUpTo = Number(argument("recompute-up-to") ?? runUpTo);
const repeats = Number(argument("repeats") ?? 3);
const noFetch = () => Promise.reject(new Error("this benchmark has no CID inputs"));

const percent = (share: number) => `${(share * 100).toPrecision(3)} %`;
const ms = (value: number) => `${value >= 10 ? value.toFixed(1) : value.toPrecision(3)} ms`;
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const timeCpu = (work: () => void, times: number): number => {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return median(samples);
};
const runOnGpu = async (spec: JobSpec) => {
  const result = await runtime.runJob(compileJobSpec(spec, { features: adapter.features }), { fetchInput: noFetch });
  return { outputs: result.outputs, gpuMs: result.timings.gpuMs, source: result.timings.gpuTimeSource };
};

console.log(`adapter: ${adapter.vendor} ${adapter.architecture} — ${adapter.description || adapter.device}${adapter.isSoftware ? " (software: SwiftShader on the CPU)" : ""}`);
console.log(`cpu: ${cpus()[0]?.model ?? "unknown"} × ${cpus().length}; node ${process.version}; load average at start ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);
console.log(
  `job GPU time: one dispatch, measured by the runtime (timestamp-query where offered); Freivalds runs on the verifier's CPU ` +
    `(JavaScript, one thread, f64), ${rounds} rounds, median of ${repeats}`,
);
if (adapter.isSoftware) {
  console.log(
    "NOTE: on a software adapter the job's \"GPU\" is this same CPU, thousands of times slower than a real GPU; a check on the CPU " +
      "weighs far more against a real GPU's job time. Read these shares as what they are: against SwiftShader.",
  );
}
console.log("");

try {
  let measured: { n: number; gpuMs: number } | undefined;
  for (const n of sizes) {
    const spec = parseJobSpec({
      version: 1,
      runtime: "matmul",
      n,
      inputs: { a: { seed: { generator: "uniform-f32", seed: 1, min: -1, max: 1 } }, b: { seed: { generator: "uniform-f32", seed: 2, min: -1, max: 1 } } },
      limits: { maxBytes: 3 * n * n * 4 + 16, maxWallMs: 3_600_000 },
      verification: { method: "freivalds", rounds },
    }) as MatmulJobSpec;
    const inputs = seededInputs(spec);
    const [a, b] = [inputs.get("a")!, inputs.get("b")!];
    let job: { gpuMs: number; label: string; c: Uint8Array; exactC: boolean };
    let recompute: { gpuMs: number; compareMs: number; label: string };
    if (n <= runUpTo) {
      const runs: Awaited<ReturnType<typeof runOnGpu>>[] = [];
      for (let i = 0; i < (n >= 2048 ? 1 : repeats); i++) runs.push(await runOnGpu(spec));
      const gpuMs = median(runs.map((run) => run.gpuMs));
      const spread = runs.length > 1 ? `, median of ${runs.map((run) => run.gpuMs.toFixed(0)).join(", ")} ms` : ", one run";
      job = { gpuMs, label: `measured (${runs[0]!.source}${spread})`, c: runs[0]!.outputs[0]!.bytes, exactC: true };
      measured = { n, gpuMs };
      if (n <= recomputeUpTo) {
        const again = await runOnGpu(spec); // the verifier's re-execution
        const compareMs = timeCpu(() => verifyExact({ expected: again.outputs, actual: runs[0]!.outputs }), 1);
        recompute = { gpuMs: again.gpuMs, compareMs, label: "measured: one more run and a byte comparison" };
      } else {
        recompute = { gpuMs, compareMs: Number.NaN, label: "NOT RUN: one more run of the job on this adapter, taken as the job's time" };
      }
    } else {
      if (!measured) throw new Error(`--run-up-to=${runUpTo} is below every size: nothing to extrapolate from`);
      const gpuMs = measured.gpuMs * (n / measured.n) ** 3;
      // Freivalds reads every element of C whatever its values: a stand-in of the right size costs the same.
      job = { gpuMs, label: `EXTRAPOLATED from N=${measured.n} (n³), not run`, c: generateSeededBytes({ generator: "uniform-f32", seed: 3, min: -1, max: 1 }, n * n * 4), exactC: false };
      recompute = { gpuMs, compareMs: Number.NaN, label: "EXTRAPOLATED: one more run of the job" };
    }
    let check: ReturnType<typeof verifyFreivalds> | undefined;
    const freivaldsMs = timeCpu(() => void (check = verifyFreivalds({ a, b, c: job.c, m: n, n, k: n, rounds })), n >= 4096 ? 1 : repeats);
    const share = freivaldsMs / job.gpuMs;
    console.log(`matmul f32 N=${n}: job GPU time ${ms(job.gpuMs)} [${job.label}]`);
    console.log(
      `  Freivalds, ${check!.rounds} rounds, false-accept ≤ 2^-${check!.rounds} = ${check!.falseAcceptBound.toExponential(2)}: ${ms(freivaldsMs)} CPU = ${percent(share)} of the job's GPU time` +
        (job.exactC ? ` (result ${check!.ok ? "accepted" : "REJECTED"})` : " (timed on a stand-in C)"),
    );
    const recomputeShare = (recompute.gpuMs + (Number.isNaN(recompute.compareMs) ? 0 : recompute.compareMs)) / job.gpuMs;
    console.log(
      `  recomputation: ${ms(recompute.gpuMs)} GPU${Number.isNaN(recompute.compareMs) ? "" : ` + ${ms(recompute.compareMs)} byte comparison`} = ${percent(recomputeShare)} [${recompute.label}]`,
    );
    const meets = share <= GOAL_SHARE && check!.falseAcceptBound <= GOAL_BOUND;
    console.log(`  goal (≤ 1 % at false-accept ≤ 2^-20): ${meets ? "met" : "NOT met"}${job.exactC ? "" : " (against an extrapolated job time)"}`);
  }

  // A tolerance-checked job: the verifier re-executes it and compares every element with the spec's bounds.
  const mlp = parseJobSpec(JSON.parse(readFileSync(path.join(repoRoot, "examples", "mlp-inference.json"), "utf8")));
  const verification = compileJobSpec(mlp).verification;
  if (verification.method !== "tolerance") throw new Error("examples/mlp-inference.json is expected to be tolerance-checked");
  const jobs: number[] = [];
  const reruns: number[] = [];
  let compareMs = 0;
  for (let i = 0; i < repeats; i++) {
    const job = await runOnGpu(mlp);
    const rerun = await runOnGpu(mlp);
    jobs.push(job.gpuMs);
    reruns.push(rerun.gpuMs);
    compareMs = timeCpu(() => verifyTolerance({ expected: rerun.outputs, actual: job.outputs, relative: verification.relative, absolute: verification.absolute }), 3);
  }
  const jobMs = median(jobs);
  const rerunMs = median(reruns);
  console.log("");
  const spread = (values: number[]) => values.map((value) => value.toFixed(0)).join(", ");
  console.log(
    `tolerance job (examples/mlp-inference.json, relative ${verification.relative}, absolute ${verification.absolute}): ` +
      `job GPU time ${ms(jobMs)} [measured, median of ${spread(jobs)} ms]`,
  );
  console.log(
    `  recomputation: ${ms(rerunMs)} GPU [median of ${spread(reruns)} ms] + ${ms(compareMs)} element-wise comparison = ${percent((rerunMs + compareMs) / jobMs)} of the job's GPU time; ` +
      "false-accept 0 for any element outside the tolerance (every element is compared); differences inside it are accepted by design",
  );
  console.log(
    "  averaged over all jobs, sampling scales this by the sampling rate: × 5 % (production default, samplingRateBps 500) or × 20 % (devnet, 2000); " +
      "a challenge adds one re-execution per committee member, only when someone disputes",
  );
} finally {
  await runtime.close();
  console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);
}
