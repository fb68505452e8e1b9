import { BaseError } from "../errors/BaseError.ts";

export class IpfsRemotePinError extends BaseError {
  override name = "IpfsRemotePinError";
}

export type PinRemoteParameters = {
  /** Base URL of a Pinning Service API endpoint (e.g. the devnet's IPFS node). */
  url: string;
  accessToken?: string | undefined;
  cid: string;
  name?: string | undefined;
  /** This node's multiaddrs, so the service can fetch what only we have. */
  origins?: readonly string[] | undefined;
  timeoutMs?: number | undefined;
  pollMs?: number | undefined;
};

/**
 * Asks a pinning service to fetch and keep `cid` (IPFS Pinning Service API: `POST /pins`, then polls
 * `GET /pins/:requestid`) and waits until it is pinned, so the content outlives this process.
 */
export async function pinRemote(parameters: PinRemoteParameters): Promise<void> {
  const base = parameters.url.replace(/\/+$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (parameters.accessToken) headers.authorization = `Bearer ${parameters.accessToken}`;
  const deadline = Date.now() + (parameters.timeoutMs ?? 120_000);
  let response: Response;
  try {
    response = await fetch(`${base}/pins`, {
      method: "POST",
      headers,
      body: JSON.stringify({ cid: parameters.cid, name: parameters.name, origins: parameters.origins ?? [] }),
    });
  } catch (cause) {
    throw new IpfsRemotePinError(`The pinning service at ${base} is not reachable.`, {
      metaMessages: ["Is the devnet running (`npm start`)?"],
      cause,
    });
  }
  if (!response.ok) {
    throw new IpfsRemotePinError(`The pinning service refused to pin ${parameters.cid} (HTTP ${response.status}).`, {
      details: await response.text(),
    });
  }
  const { requestid } = (await response.json()) as { requestid: string };
  for (;;) {
    const status = (await (await fetch(`${base}/pins/${requestid}`, { headers })).json()) as {
      status: string;
      info?: { reason?: string };
    };
    if (status.status === "pinned") return;
    if (status.status === "failed") {
      throw new IpfsRemotePinError(`The pinning service could not fetch ${parameters.cid}.`, { details: status.info?.reason });
    }
    if (Date.now() > deadline) throw new IpfsRemotePinError(`Pinning ${parameters.cid} did not finish in time.`);
    await new Promise((resolve) => setTimeout(resolve, parameters.pollMs ?? 200));
  }
}
