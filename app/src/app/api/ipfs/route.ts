import { storeForBrowser, UploadUnavailableError } from "@/lib/ipfs/serverIpfs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Largest file the browser may store through the app (job inputs, shaders, specs, provider metadata). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * POST raw bytes (optionally `?name=`) → `{ cid, bytes }`: the devnet's IPFS node has a pinning API but no
 * upload endpoint, so the app adds the bytes to its own embedded node and has the network's node pin them.
 */
export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) return error(413, `Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB can be stored.`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) return error(400, "The file is empty.");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return error(413, `Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB can be stored.`);
  const name = new URL(request.url).searchParams.get("name")?.slice(0, 255) || undefined;
  try {
    const cid = await storeForBrowser(bytes, name);
    return Response.json({ cid, bytes: bytes.byteLength });
  } catch (cause) {
    if (cause instanceof UploadUnavailableError) return error(503, cause.message);
    const message = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
    return error(502, `Storing the file on IPFS failed: ${message}`);
  }
}

function error(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}
