import type { ProviderStatus } from "@hearth/node/daemon/createProviderNode";
import type { ProviderConfig } from "@hearth/node/config/loadProviderConfig";

export type ReadNodeStatusReturnType = { running: true; url: string; status: ProviderStatus } | { running: false; url: string; reason: string };

/**
 * Asks the provider's own daemon (its HTTP API, from the config) how it is doing: the adapter, jobs in hand and
 * the latest jobs with their outcome. A daemon that does not answer within `timeoutMs` is reported as not running.
 */
export async function readNodeStatus(config: ProviderConfig, timeoutMs = 2_000): Promise<ReadNodeStatusReturnType> {
  const host = config.api.host === "0.0.0.0" || config.api.host === "::" ? "127.0.0.1" : config.api.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.api.port}`;
  try {
    const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { running: false, url, reason: `${url}/status answered HTTP ${response.status}` };
    return { running: true, url, status: (await response.json()) as ProviderStatus };
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer from ${url} within ${timeoutMs} ms` : `nothing answers at ${url}`;
    return { running: false, url, reason };
  }
}
