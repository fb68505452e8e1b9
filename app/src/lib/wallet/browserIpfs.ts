import { createGatewayClient } from "@hearth/sdk/ipfs/createGatewayClient";
import type { IpfsClient, IpfsReader } from "@hearth/sdk/ipfs/IpfsClient";
import { IpfsError } from "@hearth/sdk/ipfs/IpfsError";

/** Stores bytes through the app's /api/ipfs route (the network's pinning service keeps them); returns the CID. */
export async function uploadToIpfs(content: Uint8Array | string, name?: string): Promise<string> {
  const body = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const url = `/api/ipfs${name ? `?name=${encodeURIComponent(name)}` : ""}`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body: body as BodyInit, headers: { "content-type": "application/octet-stream" } });
  } catch {
    throw new IpfsError("The app's server did not answer while storing the file on IPFS.");
  }
  const answer = (await response.json().catch(() => ({}))) as { cid?: string; error?: { message?: string } };
  if (!response.ok || !answer.cid) throw new IpfsError(answer.error?.message ?? `Storing the file failed (HTTP ${response.status}).`);
  return answer.cid;
}

/** Reads content from the network's trustless gateway, verified block by block against its CID in the browser. */
export function gatewayReader(gatewayUrl: string | null): IpfsReader {
  if (!gatewayUrl) {
    return {
      cat: () => Promise.reject(new IpfsError("This network has no IPFS gateway configured.")),
    };
  }
  return createGatewayClient({ gateways: [gatewayUrl], timeoutMs: 30_000 });
}

/**
 * The IPFS side of a requester in the browser, for the SDK's actions: `add` stores through the app, `cat` reads
 * verified content from the gateway. Pin management belongs to the pinning service, not the page.
 */
export function browserIpfs(gatewayUrl: string | null): IpfsClient {
  const reader = gatewayReader(gatewayUrl);
  const unsupported = (what: string) => () => Promise.reject(new IpfsError(`${what} is not available in the browser.`));
  return {
    cat: (cid, options) => reader.cat(cid, options),
    add: (content) => uploadToIpfs(content),
    pin: unsupported("Pinning"),
    unpin: unsupported("Unpinning"),
    listPins: unsupported("Listing pins"),
    pruneExpired: unsupported("Pruning pins"),
    dial: unsupported("Dialling peers"),
    multiaddrs: () => Promise.resolve([]),
    stop: () => Promise.resolve(),
  };
}
