import { RemotePinError } from "../errors/provider.ts";

/**
 * Asks an IPFS Pinning Service API endpoint (`POST /pins`) to keep each CID, naming this node's addresses as
 * origins so the service can fetch them by bitswap. The service fetches in the background; this only waits
 * for it to accept the requests.
 */
export async function requestRemotePins(parameters: {
  url: string;
  cids: readonly string[];
  name: string;
  origins: readonly string[];
  accessToken?: string | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}): Promise<void> {
  const doFetch = parameters.fetch ?? fetch;
  const endpoint = new URL("pins", parameters.url.endsWith("/") ? parameters.url : `${parameters.url}/`);
  for (const cid of parameters.cids) {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(parameters.accessToken ? { authorization: `Bearer ${parameters.accessToken}` } : {}),
        },
        body: JSON.stringify({ cid, name: parameters.name, origins: parameters.origins }),
        signal: AbortSignal.timeout(parameters.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new RemotePinError(`The pinning service at ${endpoint.origin} could not be reached.`, { cause });
    }
    if (!response.ok) {
      throw new RemotePinError(`The pinning service at ${endpoint.origin} refused to pin ${cid} (HTTP ${response.status}).`, {
        details: (await response.text().catch(() => "")).slice(0, 300),
      });
    }
  }
}
