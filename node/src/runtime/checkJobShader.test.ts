import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseJobSpec } from "@hearth/sdk/spec/jobSpec";
import { checkJobShader, checkShaderSource, describeShaderProblems } from "./checkJobShader.ts";

const example = (name: string) => parseJobSpec(JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8")));
const noFetch = async (): Promise<string> => {
  throw new Error("not expected");
};
const wgslJob = (source: string, entryPoint = "main") =>
  parseJobSpec({
    version: 1,
    runtime: "wgsl",
    shader: { source },
    buffers: [{ name: "out", binding: 0, kind: "output", bytes: 16 }],
    dispatches: [{ entryPoint, workgroups: [1, 1, 1] }],
    limits: { maxBytes: 1024, maxWallMs: 10_000 },
    verification: { method: "exact" },
  });

describe("checkJobShader", () => {
  test("passes the multi-pass example and leaves templates alone", async () => {
    expect((await checkJobShader(example("prefix-sum.json"), noFetch))?.ok).toBe(true);
    expect(await checkJobShader(example("matmul-256.json"), noFetch)).toBeUndefined();
  });

  test("names the line and column of a compile error", async () => {
    const result = await checkJobShader(wgslJob("@compute @workgroup_size(1) fn main() { let x: u32 = ; }"), noFetch);
    expect(result?.ok).toBe(false);
    expect(describeShaderProblems(result!)).toEqual(["line 1:54: missing initializer for 'let' declaration"]);
  });

  test("gives one line per problem: the first line of Tint's message, without its list of candidate overloads", async () => {
    const source = "@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(1) fn main() { out[0] = out[1] * 2.5; }";
    const result = await checkShaderSource(source, ["main"]);
    expect(result.ok).toBe(false);
    expect(result.messages[0]?.message).toContain("candidate operators");
    expect(describeShaderProblems(result)).toEqual(["line 2:50: no matching overload for 'operator * (u32, abstract-float)'"]);
  });

  test("names a dispatch's entry point the shader lacks", async () => {
    const source = "@group(0) @binding(0) var<storage, read_write> out: array<u32>; @compute @workgroup_size(1) fn main() { out[0] = 1u; }";
    const result = await checkJobShader(wgslJob(source, "nope"), noFetch);
    expect(result?.ok).toBe(false);
    expect(describeShaderProblems(result!)).toEqual([expect.stringMatching(/^entry point "nope": Entry point "nope" doesn't exist/)]);
  });

  test("enables the features the shader's `enable` directives ask for, and fetches a shader given by CID", async () => {
    const source =
      "enable f16;\n@group(0) @binding(0) var<storage, read_write> out: array<f32>; @compute @workgroup_size(1) fn main() { out[0] = f32(h(1.5)); }\nfn h(x: f16) -> f16 { return x * 2.0h; }";
    const spec = parseJobSpec({ ...wgslJob(source), shader: { cid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" } });
    const fetched: string[] = [];
    const result = await checkJobShader(spec, async (cid) => (fetched.push(cid), source));
    expect(fetched).toEqual(["bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"]);
    expect(result?.ok, JSON.stringify(result)).toBe(true);
    // A shader that cannot be fetched is left to the input check, which names the CID.
    expect(await checkJobShader(spec, noFetch)).toBeUndefined();
  });
});
