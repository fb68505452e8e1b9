import { parseArgs } from "node:util";
import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { jobSpecBounds, parseJobSpec, type JobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import { verifyResult } from "@hearth/sdk/verify/verifyResult";
import { checkJobShader, describeShaderProblems } from "@hearth/node/runtime/checkJobShader";
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";
import { CliUsageError, CliVerificationError } from "../cliErrors.ts";
import { loadNetwork } from "../network/loadNetwork.ts";
import { openClientIpfs, type ClientIpfs } from "../network/openClientIpfs.ts";
import { readJobSpecFile } from "./readJobSpecFile.ts";

export type JobCheckReport = {
  name: string | null;
  runtime: JobSpec["runtime"];
  verification: JobSpec["verification"]["method"];
  buffers: { name: string; kind: string; bytes: number; source?: string }[];
  dispatches: number;
  limits: { maxBytes: number; maxWallMs: number };
  shader: { checked: true; ok: boolean; problems: string[] } | { checked: false; why: string };
  run?: {
    device: string;
    software: boolean;
    wallMs: number;
    gpuMs: number;
    outputs: { name: string; bytes: number; cid: string }[];
    outputRoot: string;
    /** Freivalds on this run's own outputs (matrix products); exact and tolerance need a second, independent run. */
    check?: { method: "freivalds"; ok: boolean; rounds: number };
  };
};

/**
 * `hearth job check <spec.json> [--input NAME=FILE] [--run] [--json]`: what `job submit` would send, checked on this
 * machine before anything is stored, signed or paid. The spec against the SDK's schema, a `wgsl` shader compiled with
 * its entry points built (as providers do before claiming), and with `--run` the job itself on the local WebGPU
 * adapter (the GPU, or SwiftShader): outputs with their CIDs and the output root a provider would sign.
 */
export async function jobCheck(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: "string" },
      input: { type: "string", multiple: true },
      run: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const specPath = positionals[0];
  if (!specPath) throw new CliUsageError("Name the job spec: `hearth job check <spec.json>`.");
  // Local input files take the place of CIDs, exactly as `job submit --input` does (the same CIDs).
  const { spec: raw, files } = await readJobSpecFile(specPath, values.input ?? []);
  const local = new Map([...files].map(([cid, file]) => [cid, file.bytes]));
  const spec = parseJobSpec(raw); // InvalidJobSpecError names each problem by path: exit 2

  // Content given by CID (and not by a local file) comes from the network's IPFS, when there is a network.
  let ipfs: ClientIpfs | undefined;
  let ipfsProblem: string | undefined;
  const requireIpfs = async (what: string): Promise<ClientIpfs> => {
    if (!ipfs && !ipfsProblem) {
      try {
        ipfs = await openClientIpfs(loadNetwork({ network: values.network }));
      } catch (error) {
        ipfsProblem = (error instanceof Error ? error.message.split("\n")[0]! : String(error)).replace(/\.$/, "");
      }
    }
    if (!ipfs) {
      throw new CliUsageError(`${what} is given by CID and there is no IPFS to fetch it from (${ipfsProblem}).`, {
        metaMessages: ["Pass the file with --input NAME=FILE, or start the devnet (or pass --network FILE)."],
      });
    }
    return ipfs;
  };
  const remote = async (cid: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> =>
    local.get(cid) ?? (await requireIpfs(cid)).node.cat(cid, { maxBytes, timeoutMs: 30_000, signal });

  try {
    const compiled = compileJobSpec(spec);
    const report: JobCheckReport = {
      name: spec.name ?? null,
      runtime: spec.runtime,
      verification: spec.verification.method,
      buffers: compiled.buffers.map((buffer) => ({
        name: buffer.name,
        kind: buffer.kind,
        bytes: "bytes" in buffer ? buffer.bytes : buffer.data.length * 4,
        ...("cid" in buffer && buffer.cid ? { source: buffer.cid } : "seed" in buffer && buffer.seed !== undefined ? { source: "seeded" } : {}),
      })),
      dispatches: compiled.dispatches.length,
      limits: { maxBytes: compiled.limits.maxBytes, maxWallMs: compiled.limits.maxWallMs },
      shader: { checked: false, why: "a template: its kernel is the provider's own" },
    };

    if (spec.runtime === "wgsl") {
      let fetchProblem: string | undefined;
      const result = await checkJobShader(spec, async (cid) => {
        try {
          return new TextDecoder().decode(await remote(cid, jobSpecBounds.maxShaderBytes));
        } catch (error) {
          fetchProblem = error instanceof Error ? error.message.split("\n")[0]! : String(error);
          throw error;
        }
      });
      report.shader = result ? { checked: true, ok: result.ok, problems: describeShaderProblems(result) } : { checked: false, why: `its source could not be fetched: ${fetchProblem}` };
      if (result && !result.ok) {
        print(values.json, report);
        throw new CliUsageError("The job's shader does not build (WGSL compile or pipeline error), so no provider could run it.", {
          metaMessages: [...report.shader.checked ? report.shader.problems : [], "Fix the shader and check again."],
        });
      }
    }

    if (values.run) {
      const fetched = new Map<string, Uint8Array>();
      const runtime = await createGpuRuntime();
      try {
        const runnable = runtime.canRun(spec);
        if (!runnable.ok) {
          throw new CliUsageError(`This machine's adapter (${runtime.adapter.description}) cannot run the job: ${runnable.message}`, {
            metaMessages: ["Providers with a larger device may still take it; `hearth job submit` does not depend on this machine."],
          });
        }
        // Found out before the run, so the message names the buffer rather than the runtime's fetch failure.
        if ("cid" in compiled.shader) await requireIpfs(`The shader (${compiled.shader.cid})`);
        for (const buffer of compiled.buffers) {
          if (buffer.kind === "input" && "cid" in buffer && buffer.cid && !local.has(buffer.cid)) await requireIpfs(`Input ${buffer.name} (${buffer.cid})`);
        }
        const ran = await runtime.runJob(spec, {
          fetchInput: async (cid, maxBytes, signal) => {
            const bytes = await remote(cid, maxBytes, signal);
            fetched.set(cid, bytes);
            return bytes;
          },
        });
        const outputs = await Promise.all(ran.outputs.map(async (output) => ({ name: output.name, bytes: output.bytes.byteLength, cid: await computeCid(output.bytes) })));
        report.run = {
          device: runtime.adapter.description,
          software: runtime.adapter.isSoftware,
          wallMs: Math.round(ran.timings.wallMs),
          gpuMs: Math.round(ran.timings.gpuMs * 100) / 100,
          outputs,
          outputRoot: outputCommitment(ran.outputs),
        };
        if (spec.verification.method === "freivalds") {
          const inputs = compiled.buffers.flatMap((buffer) => ("cid" in buffer && buffer.cid && fetched.has(buffer.cid) ? [{ name: buffer.name, bytes: fetched.get(buffer.cid)! }] : []));
          const checked = verifyResult({ spec, outputs: ran.outputs, inputs });
          report.run.check = { method: "freivalds", ok: checked.ok, rounds: spec.verification.rounds ?? 0 };
          if (!checked.ok) {
            print(values.json, report);
            throw new CliVerificationError("This machine's own result failed the spec's Freivalds check: a provider's honest result could fail it too.", {
              metaMessages: ["Check the spec's shapes and the inputs' sizes and element types."],
            });
          }
        }
      } finally {
        await runtime.close();
      }
    }
    print(values.json, report);
    return 0;
  } finally {
    await ipfs?.stop();
  }
}

function print(json: boolean, report: JobCheckReport) {
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const lines = [
    `Spec ${report.name ?? "(unnamed)"}: valid (${report.runtime}, checked by ${report.verification})`,
    ...report.buffers.map((b) => `  ${b.kind.padEnd(8)} ${b.name}: ${b.bytes.toLocaleString("en-US")} bytes${b.source ? ` (${b.source})` : ""}`),
    `  ${report.dispatches} dispatch(es); limits ${report.limits.maxBytes.toLocaleString("en-US")} bytes, ${report.limits.maxWallMs.toLocaleString("en-US")} ms`,
    report.shader.checked
      ? report.shader.ok
        ? "  shader: compiles, and every entry point builds"
        : `  shader: does not build\n${report.shader.problems.map((p) => `    ${p}`).join("\n")}`
      : `  shader: not checked (${report.shader.why})`,
  ];
  if (report.run) {
    const run = report.run;
    lines.push(`Ran on ${run.device}${run.software ? " (SwiftShader, CPU)" : ""}: ${run.wallMs} ms wall, ${run.gpuMs} ms GPU`);
    for (const output of run.outputs) lines.push(`  output ${output.name}: ${output.cid} (${output.bytes.toLocaleString("en-US")} bytes)`);
    lines.push(`  output root: ${run.outputRoot}`);
    if (run.check) lines.push(`  Freivalds (${run.check.rounds} rounds): ${run.check.ok ? "passed" : "FAILED"}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
