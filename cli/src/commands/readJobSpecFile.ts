import { readFileSync } from "node:fs";
import path from "node:path";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { CliUsageError } from "../cliErrors.ts";

export type ReadJobSpecFileReturnType = {
  /** The spec's JSON, not yet validated (the SDK's schema does that), with the files' CIDs in place. */
  spec: Record<string, unknown>;
  /** The `--input` files by CID, as IPFS's `add` will name them (Kubo's defaults, computed without storing). */
  files: Map<string, { name: string; bytes: Uint8Array }>;
};

/**
 * Reads a job spec's JSON and puts `--input NAME=FILE` files in place of their buffers' CIDs or seeds. `job submit`
 * then adds the files to IPFS; `job check` reads them from here.
 */
export async function readJobSpecFile(specPath: string, inputs: readonly string[]): Promise<ReadJobSpecFileReturnType> {
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(readFileSync(specPath, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new CliUsageError(`Cannot read ${specPath} as JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const files: ReadJobSpecFileReturnType["files"] = new Map();
  for (const entry of inputs) {
    const [name, file] = entry.split("=", 2);
    if (!name || !file) throw new CliUsageError(`--input takes name=path, not "${entry}".`);
    const buffers = Array.isArray(spec.buffers) ? (spec.buffers as Array<Record<string, unknown>>) : [];
    const buffer = buffers.find((b) => b.name === name && b.kind === "input");
    if (!buffer) throw new CliUsageError(`The spec has no input buffer named "${name}".`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path.resolve(file));
    } catch (cause) {
      throw new CliUsageError(`Cannot read --input ${name}=${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    const cid = await computeCid(bytes);
    files.set(cid, { name, bytes });
    buffer.cid = cid;
    buffer.bytes ??= bytes.byteLength;
    delete buffer.seed;
  }
  return { spec, files };
}
