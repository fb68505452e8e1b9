import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import { seededInputs } from "@hearth/sdk/data/seededInputs";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { parseJobSpec } from "@hearth/sdk/spec/jobSpec";
import { repoRoot } from "./support/localChain.ts";
import { runHearth } from "./support/devnetProcess.ts";
import { doubled, doubleSpec } from "./support/doubleSpec.ts";
import { uncompilableSpec } from "./support/uncompilableSpec.ts";

// `hearth job check` needs no chain: the spec, its shader and (with --run) the job itself on this machine's WebGPU
// adapter, checked against CPU references computed here. No network file is given, so nothing is fetched.
const dir = mkdtempSync(path.join(tmpdir(), "hearth-job-check-"));
const noNetwork = ["--network", path.join(dir, "no-such-network.json")];
const example = (name: string) => path.join(repoRoot, "examples", name);
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" || value instanceof Uint8Array ? value : JSON.stringify(value));
  return file;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Report = {
  shader: { checked: boolean; ok?: boolean; problems?: string[] };
  buffers: { name: string; kind: string; bytes: number; source?: string }[];
  run?: { outputs: { name: string; bytes: number; cid: string }[]; outputRoot: string; check?: { method: string; ok: boolean; rounds: number } };
};

describe("hearth job check", () => {
  it("runs prefix-sum here and prints the output root a provider would sign, equal to a CPU scan's", async () => {
    const run = await runHearth(["job", "check", example("prefix-sum.json"), "--run", "--json", ...noNetwork]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.shader).toEqual({ checked: true, ok: true, problems: [] });

    const values = new Uint32Array(seededInputs(parseJobSpec(JSON.parse(readFileSync(example("prefix-sum.json"), "utf8")))).get("values")!.buffer);
    const expected = new Uint32Array(values.length);
    for (let i = 0, sum = 0; i < values.length; i++) expected[i] = sum = (sum + values[i]!) >>> 0;
    const bytes = new Uint8Array(expected.buffer);
    expect(report.run!.outputs).toEqual([{ name: "prefix", bytes: bytes.byteLength, cid: await computeCid(bytes) }]);
    expect(report.run!.outputRoot).toBe(outputCommitment([bytes]));
  }, 120_000);

  it("runs a matrix product and passes it through the spec's Freivalds check", async () => {
    const run = await runHearth(["job", "check", example("matmul-256.json"), "--run", ...noNetwork]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/shader: not checked \(a template/);
    expect(run.stdout).toMatch(/Freivalds \(20 rounds\): passed/);
  }, 120_000);

  it("takes input files as `job submit --input` does: same CIDs, and the shader runs on their bytes", async () => {
    const values = new Uint32Array(256).map((_, i) => i * 7 + 3);
    const input = write("values.bin", new Uint8Array(values.buffer));
    const spec = write("double.json", await doubleSpec());
    const run = await runHearth(["job", "check", spec, "--input", `values=${input}`, "--run", "--json", ...noNetwork]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.buffers[0]).toEqual({ name: "values", kind: "input", bytes: 1024, source: await computeCid(new Uint8Array(values.buffer)) });
    expect(report.run!.outputs).toEqual([{ name: "output", bytes: 1024, cid: await computeCid(doubled(values)) }]);

    // Without the file, the input's CID cannot be fetched here: the message says what to pass.
    const unfetched = await runHearth(["job", "check", spec, "--run", ...noNetwork]);
    expect(unfetched.code).toBe(2);
    expect(unfetched.stderr).toMatch(/is given by CID and there is no IPFS to fetch it from/);
    expect(unfetched.stderr).toMatch(/--input NAME=FILE/);
  }, 120_000);

  it("refuses a shader that does not build and a spec that is not valid, with exit code 2", async () => {
    const bad = await runHearth(["job", "check", write("bad-wgsl.json", uncompilableSpec), "--json", ...noNetwork]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("The job's shader does not build");
    expect((JSON.parse(bad.stdout) as Report).shader).toEqual({ checked: true, ok: false, problems: ["line 1:54: missing initializer for 'let' declaration"] });

    const invalid = await runHearth(["job", "check", write("invalid.json", { version: 1, runtime: "matmul", n: 64 }), ...noNetwork]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/Invalid job spec: spec.inputs [\s\S]*spec.limits expected object/);
    expect(invalid.stdout).toBe("");

    const missingFile = await runHearth(["job", "check", example("prefix-sum.json"), "--input", "values=/no/such/file", ...noNetwork]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/Cannot read --input values=\/no\/such\/file/);
  }, 120_000);
});
