import { NetworkConfigError, readNetworkConfig } from "@/lib/network/readNetworkConfig";

export const dynamic = "force-dynamic";

/** The network the app runs against, read from the network file on each request (see readNetworkConfig). */
export function GET(): Response {
  try {
    return Response.json(readNetworkConfig(), { headers: { "cache-control": "no-store" } });
  } catch (cause) {
    const message = cause instanceof NetworkConfigError ? cause.message : "The network file could not be read.";
    return Response.json({ error: { message } }, { status: 503 });
  }
}
