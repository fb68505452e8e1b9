// `npm run bench:e2e`: the protocol's overhead and throughput on a devnet started for the purpose.
//   1. overhead: for a tiny job, the time from `createJob` (spec upload included) to its result being
//      attested on chain and fetched, minus the GPU wall time the provider reported: what Hearth adds.
//   2. throughput: small jobs submitted at once by several requesters, through three providers: jobs
//      attested per minute.
// Prints figures only; nothing here is asserted.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { createJob } from "@hearth/sdk/actions/createJob";
import { fetchJobResult } from "@hearth/sdk/actions/fetchJobResult";
import { waitForJob } from "@hearth/sdk/actions/waitForJob";
import { createHearthContext } from "@hearth/sdk/chain/createHearthContext";
import { createIpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { pinRemote } from "@hearth/sdk/ipfs/pinRemote";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "hearth-bench-"));
let devnetOutput = "";
const startDevnet = () => {
  const base = 30_000 + Math.floor(Math.random() * 20_000);
  devnetOutput = "";
  const child = spawn(process.execPath, [path.join(root, "cli/src/hearth.ts"), "devnet", "--dir", dir, "--port", String(base), "--ipfs-port", String(base + 1), "--provider-port", String(base + 10)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (c: Buffer) => (devnetOutput += c.toString()));
  child.stderr.on("data", (c: Buffer) => (devnetOutput += c.toString()));
  return child;
};
let devnet = startDevnet();
const stop = () => new Promise<void>((resolve) => (devnet.exitCode !== null ? resolve() : (devnet.once("exit", () => resolve()), devnet.kill("SIGINT"))));
process.on("SIGINT", () => void stop().then(() => process.exit(130)));

try {
  const started = Date.now();
  while (!existsSync(path.join(dir, "devnet.json")) || !devnetOutput.includes("devnet ready")) {
    if (devnet.exitCode !== null) {
      // Another process took one of the random ports: try others.
      if (/is in use/.test(devnetOutput) && Date.now() - started < 60_000) {
        devnet = startDevnet();
        continue;
      }
      throw new Error(`devnet exited:\n${devnetOutput}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`devnet up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const info = JSON.parse(readFileSync(path.join(dir, "devnet.json"), "utf8"));

  // A tiny WGSL job: one workgroup writes 64 u32 values; checked exactly.
  const tiny = (seed: number) => ({
    version: 1,
    name: `tiny-${seed}`,
    runtime: "wgsl",
    shader: {
      source: `@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { out[id.x] = id.x * ${seed}u; }`,
    },
    buffers: [{ name: "out", binding: 0, kind: "output", bytes: 256 }],
    dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
    limits: { maxBytes: 256, maxWallMs: 10_000 },
    verification: { method: "exact" },
  });

  const requesters = ["requester", "requester2", "challenger", "holder"].map((name) => info.accounts.find((a: { name: string }) => a.name === name));
  const contexts = await Promise.all(
    requesters.map(async (r: { privateKey: `0x${string}` }, i: number) => {
      const ipfs = await createIpfsNode({ directory: path.join(dir, `bench-ipfs-${i}`), peers: info.ipfs.multiaddrs });
      const context = createHearthContext({ rpcUrl: info.rpcUrl, deployment: info, account: privateKeyToAccount(r.privateKey), ipfs });
      const publish = async (cid: string) => pinRemote({ url: info.ipfs.pinningUrl, cid, origins: await ipfs.multiaddrs() });
      return { context, ipfs, publish };
    }),
  );

  // 1. Overhead, sequential tiny jobs.
  const overheads: number[] = [];
  const totals: number[] = [];
  const computes: number[] = [];
  for (let i = 1; i <= 8; i++) {
    const { context, ipfs, publish } = contexts[0]!;
    const t0 = performance.now();
    const { jobId } = await createJob(context, { spec: tiny(i), token: "HRTH", price: 10n ** 18n, publish });
    await waitForJob(context, jobId, { until: "submitted", pollMs: 50 });
    const result = await fetchJobResult({ ...context, ipfs }, jobId);
    const total = performance.now() - t0;
    const compute = result.manifest.timings.wallMs;
    totals.push(total);
    computes.push(compute);
    overheads.push(total - compute);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log("\nOverhead of a tiny job (submit -> result attested and fetched), 8 sequential jobs:");
  console.log(`  total      median ${median(totals).toFixed(0)} ms  (min ${Math.min(...totals).toFixed(0)}, max ${Math.max(...totals).toFixed(0)})`);
  console.log(`  GPU wall   median ${median(computes).toFixed(0)} ms  (provider-reported, GPU process)`);
  console.log(`  overhead   median ${median(overheads).toFixed(0)} ms  (min ${Math.min(...overheads).toFixed(0)}, max ${Math.max(...overheads).toFixed(0)})  goal <= 2000 ms`);

  // 2. Throughput: 24 tiny jobs from 4 requesters at once, through 3 providers.
  const perRequester = 6;
  const t1 = performance.now();
  const ids = (
    await Promise.all(
      contexts.map(async ({ context, publish }, r) => {
        const mine: bigint[] = [];
        for (let j = 0; j < perRequester; j++) mine.push((await createJob(context, { spec: tiny(100 + r * perRequester + j), token: "HRTH", price: 10n ** 18n, publish })).jobId);
        return mine.map((id) => ({ id, context }));
      }),
    )
  ).flat();
  await Promise.all(ids.map(({ id, context }) => waitForJob(context, id, { until: "submitted", pollMs: 200 })));
  const minutes = (performance.now() - t1) / 60_000;
  console.log(`\nThroughput: ${ids.length} tiny jobs from ${contexts.length} requesters through ${info.providers.length} providers`);
  console.log(`  all attested in ${(minutes * 60).toFixed(1)} s: ${(ids.length / minutes).toFixed(1)} jobs/min`);
  for (const { ipfs } of contexts) await ipfs.stop();
} finally {
  await stop();
}
