import type { RunReference } from "@hearth/sdk/actions/verifyJobResult";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";

/** Re-executes a spec on this machine's WebGPU adapter (SwiftShader without a GPU), for exact/tolerance checks. */
export function localReference(ipfs: IpfsReader): RunReference {
  return async (spec) => {
    const runtime = await createGpuRuntime();
    try {
      const result = await runtime.runJob(spec, {
        fetchInput: (cid, maxBytes, signal) => ipfs.cat(cid, { maxBytes, signal }),
      });
      return result.outputs;
    } finally {
      await runtime.close();
    }
  };
}
