import type { Address, PublicClient } from "viem";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { providerStakingAbi } from "@hearth/sdk/generated/abis";
import type { IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";

const MAX_METADATA_BYTES = 64 * 1024;
const RETRY_MISSING_MS = 60_000;

export type EndpointResolver = {
  /** The provider's API endpoint from its registered metadata, or undefined when it declares none. */
  endpoint(provider: Address): Promise<string | undefined>;
};

/**
 * Finds a provider's HTTP endpoint (its node's API, which serves a trustless gateway at /ipfs/:cid) from the
 * metadata JSON it registered by CID. Results are cached; a provider without a readable endpoint is asked
 * again after a minute.
 */
export function createEndpointResolver(parameters: {
  client: Pick<PublicClient, "readContract">;
  deployment: HearthDeployment;
  ipfs: IpfsReader;
  timeoutMs: number;
}): EndpointResolver {
  const cache = new Map<Address, { endpoint: string | undefined; at: number }>();
  return {
    async endpoint(provider) {
      const cached = cache.get(provider);
      if (cached && (cached.endpoint !== undefined || Date.now() - cached.at < RETRY_MISSING_MS)) return cached.endpoint;
      let endpoint: string | undefined;
      try {
        const metadataCid = await parameters.client.readContract({
          address: parameters.deployment.contracts.staking,
          abi: providerStakingAbi,
          functionName: "metadataCid",
          args: [provider],
        });
        const bytes = await parameters.ipfs.cat(metadataCid, { maxBytes: MAX_METADATA_BYTES, timeoutMs: parameters.timeoutMs });
        const value = (JSON.parse(new TextDecoder().decode(bytes)) as { endpoint?: unknown }).endpoint;
        if (typeof value === "string" && /^https?:\/\//.test(value)) endpoint = new URL(value).toString();
      } catch {
        endpoint = undefined; // no metadata, not JSON, or no endpoint: fall back to the IPFS network
      }
      cache.set(provider, { endpoint, at: Date.now() });
      return endpoint;
    },
  };
}
