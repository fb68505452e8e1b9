import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { parseResultManifest } from "@hearth/sdk/result/resultManifest";
import { jobSpecBounds, parseJobSpec, type JobSpec } from "@hearth/sdk/spec/jobSpec";
import { compileJobSpec } from "@hearth/sdk/templates/compileJobSpec";
import type { NamedBytes } from "@hearth/sdk/verify/namedBytes";
import { verifyResult } from "@hearth/sdk/verify/verifyResult";

export type CheckStep = {
  id: string;
  label: string;
  status: "ok" | "failed" | "skipped";
  detail?: string | undefined;
};

export type CheckJobResultParameters = {
  ipfs: IpfsReader;
  specCid: string;
  resultCid: string;
  /** The output root the provider signed (from the chain or the indexer). */
  attestedRoot: string;
  onStep?: ((step: CheckStep) => void) | undefined;
};

export type CheckJobResultReturnType = {
  steps: CheckStep[];
  /** Every byte matched its CID and the signed root, and the spec's method (when it runs here) passed. */
  verified: boolean;
  /** Whether the spec's own check ran here (Freivalds does; exact and tolerance need a GPU re-execution). */
  methodChecked: boolean;
  spec?: JobSpec | undefined;
};

const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * Checks a job's result in the browser, trusting no server: the spec, the result manifest and every output are
 * fetched from a trustless gateway and verified block by block against their CIDs (sha-256, multiformats); the
 * outputs must hash to the output root the provider signed; and a matrix product is checked with Freivalds'
 * algorithm on the spec's own inputs. Exact and tolerance checks need a re-execution on a GPU, which is left to
 * verifiers and the CLI; the step says so.
 */
export async function checkJobResult(parameters: CheckJobResultParameters): Promise<CheckJobResultReturnType> {
  const steps: CheckStep[] = [];
  const push = (step: CheckStep) => {
    steps.push(step);
    parameters.onStep?.(step);
    return step;
  };
  const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const fail = (id: string, label: string, error: unknown) => {
    push({ id, label, status: "failed", detail: error instanceof Error ? error.message.split("\n")[0] : String(error) });
    return { steps, verified: false, methodChecked: false };
  };

  let spec: JobSpec;
  try {
    spec = parseJobSpec(json(await parameters.ipfs.cat(parameters.specCid, { maxBytes: jobSpecBounds.maxSpecBytes })));
    push({ id: "spec", label: "Spec matches its CID", status: "ok", detail: parameters.specCid });
  } catch (error) {
    return fail("spec", "Spec matches its CID", error);
  }

  let manifest;
  try {
    manifest = parseResultManifest(json(await parameters.ipfs.cat(parameters.resultCid, { maxBytes: MAX_MANIFEST_BYTES })));
    push({ id: "manifest", label: "Result manifest matches its CID", status: "ok", detail: parameters.resultCid });
  } catch (error) {
    return fail("manifest", "Result manifest matches its CID", error);
  }

  const outputs: NamedBytes[] = [];
  for (const output of manifest.outputs) {
    const label = `Output "${output.name}" matches its CID`;
    try {
      const bytes = await parameters.ipfs.cat(output.cid, { maxBytes: output.bytes });
      if (bytes.byteLength !== output.bytes) throw new Error(`${bytes.byteLength} bytes instead of the ${output.bytes} listed`);
      outputs.push({ name: output.name, bytes });
      push({ id: `output-${output.name}`, label, status: "ok", detail: `${output.cid} (${output.bytes.toLocaleString("en-US")} bytes)` });
    } catch (error) {
      return fail(`output-${output.name}`, label, error);
    }
  }

  const root = outputCommitment(outputs.map((output) => output.bytes));
  const attested = parameters.attestedRoot.toLowerCase();
  if (root.toLowerCase() !== attested || manifest.outputRoot.toLowerCase() !== attested) {
    push({ id: "root", label: "Outputs hash to the signed output root", status: "failed", detail: `computed ${root}, signed ${parameters.attestedRoot}` });
    return { steps, verified: false, methodChecked: false, spec };
  }
  push({ id: "root", label: "Outputs hash to the signed output root", status: "ok", detail: root });

  const method = compileJobSpec(spec).verification.method;
  if (method !== "freivalds") {
    push({
      id: "method",
      label: `${method === "exact" ? "Exact" : "Tolerance"} check against a re-execution`,
      status: "skipped",
      detail: "Needs the job re-run on a GPU: sampled verifiers and disputes do that on the network, `hearth job verify` on your machine.",
    });
    return { steps, verified: true, methodChecked: false, spec };
  }
  const label = "Matrix product checked with Freivalds' algorithm";
  try {
    const compiled = compileJobSpec(spec);
    const inputs: NamedBytes[] = [];
    for (const buffer of compiled.buffers) {
      if (buffer.kind === "input" && "cid" in buffer) inputs.push({ name: buffer.name, bytes: await parameters.ipfs.cat(buffer.cid, { maxBytes: buffer.bytes }) });
    }
    const result = verifyResult({ spec, outputs, inputs });
    if (result.method !== "freivalds" || !result.ok) {
      push({ id: "method", label, status: "failed", detail: "The product does not match its inputs: the result is wrong." });
      return { steps, verified: false, methodChecked: true, spec };
    }
    push({ id: "method", label, status: "ok", detail: `${result.rounds} random rounds; a wrong product passes with probability ≤ ${result.falseAcceptBound.toExponential(1)}` });
    return { steps, verified: true, methodChecked: true, spec };
  } catch (error) {
    push({ id: "method", label, status: "failed", detail: error instanceof Error ? error.message.split("\n")[0] : String(error) });
    return { steps, verified: false, methodChecked: true, spec };
  }
}
