import type { IpfsCatOptions, IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";

/**
 * An IpfsReader that asks several sources in turn (say, the provider's own trustless gateway, then the IPFS
 * network) and returns the first answer. Every source verifies content against its CID, so the order only
 * decides speed, never trust. `firstTimeoutMs` bounds each source but the last, so a source that does not
 * have the content cannot use up the caller's whole time.
 */
export function createFallbackReader(sources: readonly IpfsReader[], options: { firstTimeoutMs?: number | undefined } = {}): IpfsReader {
  if (sources.length === 0) throw new RangeError("createFallbackReader needs at least one source");
  return {
    async cat(cid: string, catOptions: IpfsCatOptions = {}) {
      let lastError: unknown;
      for (const [index, source] of sources.entries()) {
        const last = index === sources.length - 1;
        try {
          return await source.cat(cid, last ? catOptions : { ...catOptions, timeoutMs: Math.min(catOptions.timeoutMs ?? Infinity, options.firstTimeoutMs ?? 10_000) });
        } catch (error) {
          if (catOptions.signal?.aborted) throw error;
          lastError = error;
        }
      }
      throw lastError;
    },
  };
}
