import type { Hex } from "viem";
import { outputCommitment } from "@hearth/sdk/commitment/outputCommitment";
import type { IpfsClient } from "@hearth/sdk/ipfs/IpfsClient";
import { parseResultManifest, type ResultManifest } from "@hearth/sdk/result/resultManifest";
import type { JobMetrics } from "../journal/createJobJournal.ts";
import type { NamedOutput } from "./createOutputStore.ts";

export type StoreJobResultParameters = {
  ipfs: Pick<IpfsClient, "add">;
  jobId: bigint;
  specCid: string;
  outputs: readonly NamedOutput[];
  metrics: JobMetrics;
  /** When the outputs were produced (ISO): fixed at `executed`, so storing again gives the same CID. */
  createdAt: string;
  /** Keep everything pinned until then. */
  retainUntil: Date;
  signal?: AbortSignal | undefined;
};

export type StoreJobResultReturnType = { resultCid: string; outputRoot: Hex; manifest: ResultManifest };

/**
 * Stores each output and the result manifest on IPFS, pinned until `retainUntil`, and returns the
 * manifest's CID (what the attestation names) and the output commitment. Everything in the manifest is
 * derived from its arguments, so a retry after a crash produces the same CIDs.
 */
export async function storeJobResult(parameters: StoreJobResultParameters): Promise<StoreJobResultReturnType> {
  const { ipfs, metrics, signal } = parameters;
  const pin = { retainUntil: parameters.retainUntil };
  const outputs: ResultManifest["outputs"] = [];
  for (const output of parameters.outputs) {
    const cid = await ipfs.add(output.bytes, { pin, signal });
    outputs.push({ name: output.name, cid, bytes: output.bytes.byteLength });
  }
  const outputRoot = outputCommitment(parameters.outputs.map((output) => output.bytes));
  const manifest = parseResultManifest({
    version: 1,
    jobId: parameters.jobId.toString(),
    specCid: parameters.specCid,
    outputs,
    outputRoot,
    device: metrics.device,
    timings: { gpuMs: metrics.gpuMs, wallMs: metrics.wallMs },
    energy: { joules: metrics.energyJoules, method: metrics.energyMethod, estimated: metrics.energyEstimated },
    createdAt: parameters.createdAt,
  });
  const resultCid = await ipfs.add(JSON.stringify(manifest), { pin, signal });
  return { resultCid, outputRoot, manifest };
}
