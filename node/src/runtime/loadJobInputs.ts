import { generateSeededBytes } from "@hearth/sdk/data/seededInputs";
import { jobSpecBounds, type WgslJobSpec } from "@hearth/sdk/spec/jobSpec";
import { GpuInputMismatchError, GpuInputUnavailableError, GpuJobAbortedError } from "../errors/gpu.ts";
import { checkContentCid } from "./checkContentCid.ts";

/**
 * Returns the content a CID names, reading at most `maxBytes` (a source that would return more
 * may stop early and return what it has; the runtime rejects a wrong length). Implementations
 * for UnixFS content verify each block against its CID, as the IPFS layer does.
 */
export type FetchInput = (cid: string, maxBytes: number, signal: AbortSignal) => Promise<Uint8Array>;

export type LoadJobInputsParameters = {
  fetchInput: FetchInput;
  signal?: AbortSignal | undefined;
};

export type LoadedJobInputs = {
  shader: string;
  inputs: Map<string, Uint8Array>;
};

/**
 * Fetches the shader and every CID input, generates seeded inputs, and checks sizes and (where
 * the bytes alone allow) CIDs. The first failure aborts the other fetches.
 */
export async function loadJobInputs(spec: WgslJobSpec, { fetchInput, signal }: LoadJobInputsParameters): Promise<LoadedJobInputs> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) throw new GpuJobAbortedError(signal.reason);
  signal?.addEventListener("abort", onAbort, { once: true });

  const fetchChecked = async (buffer: string, cid: string, maxBytes: number, exactBytes: number | undefined) => {
    let bytes: Uint8Array;
    try {
      bytes = await fetchInput(cid, maxBytes, controller.signal);
    } catch (error) {
      if (signal?.aborted) throw new GpuJobAbortedError(signal.reason);
      throw new GpuInputUnavailableError({ buffer, cid, cause: error });
    }
    if (exactBytes !== undefined ? bytes.byteLength !== exactBytes : bytes.byteLength > maxBytes)
      throw new GpuInputMismatchError({
        buffer,
        cid,
        mismatch: "size",
        expected: exactBytes !== undefined ? String(exactBytes) : `at most ${maxBytes}`,
        actual: String(bytes.byteLength),
      });
    const check = checkContentCid(cid, bytes);
    if (check.result === "mismatch")
      throw new GpuInputMismatchError({ buffer, cid, mismatch: "cid", expected: check.expected, actual: check.actual });
    return bytes;
  };

  try {
    const shaderPromise =
      "source" in spec.shader
        ? Promise.resolve(spec.shader.source)
        : fetchChecked("shader", spec.shader.cid, jobSpecBounds.maxShaderBytes, undefined).then((bytes) => {
            try {
              return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
            } catch (error) {
              throw new GpuInputUnavailableError({ buffer: "shader", cid: "cid" in spec.shader ? spec.shader.cid : "", cause: error });
            }
          });
    const inputPromises = spec.buffers.map(async (buffer): Promise<[string, Uint8Array] | undefined> => {
      if (buffer.kind !== "input") return undefined;
      if ("seed" in buffer) return [buffer.name, generateSeededBytes(buffer.seed, buffer.bytes)];
      return [buffer.name, await fetchChecked(buffer.name, buffer.cid, buffer.bytes, buffer.bytes)];
    });
    const settled = await Promise.all([shaderPromise, ...inputPromises].map((promise) => promise.catch((error: unknown) => {
      controller.abort(error);
      throw error;
    })));
    const [shader, ...entries] = settled as [string, ...([string, Uint8Array] | undefined)[]];
    return { shader, inputs: new Map(entries.filter((entry) => entry !== undefined)) };
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
