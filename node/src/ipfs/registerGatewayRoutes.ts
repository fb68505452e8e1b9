import { Readable } from "node:stream";
import { car } from "@helia/car";
import * as dagPb from "@ipld/dag-pb";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Blockstore } from "interface-blockstore";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";

export type GatewayRoutesOptions = {
  /**
   * The node's own blocks. Pass the on-disk store (`IpfsNode.localBlockstore`), never one that
   * fetches from the network: the gateway serves only what this node holds.
   */
  blockstore: Pick<Blockstore, "get" | "has">;
};

const CAR_TYPE = "application/vnd.ipld.car";
const RAW_TYPE = "application/vnd.ipld.raw";
const IMMUTABLE = "public, max-age=29030400, immutable";

type GatewayErrorCode = "IPFS_INVALID_CID" | "IPFS_UNSUPPORTED_FORMAT" | "IPFS_NOT_FOUND" | "IPFS_NOT_A_FILE";
const STATUS: Record<GatewayErrorCode, number> = {
  IPFS_INVALID_CID: 400,
  IPFS_UNSUPPORTED_FORMAT: 400,
  IPFS_NOT_A_FILE: 400,
  IPFS_NOT_FOUND: 404,
};

/**
 * A trustless gateway over the node's blockstore (IPFS Trustless Gateway spec, the subset
 * peers need): `GET /ipfs/:cid?format=raw` gives one block, `?format=car` the whole DAG as a
 * CARv1 (the `Accept` header works too), and a plain `GET /ipfs/:cid` the bytes of a UnixFS
 * file. Clients verify what they get against the CID (`createGatewayClient` does), so the
 * gateway needs no trust. It never fetches from the network: absent content is a 404.
 */
export function registerGatewayRoutes(app: FastifyInstance, options: GatewayRoutesOptions): void {
  const { blockstore } = options;
  const carExporter = car({
    blockstore: readOnly(blockstore),
    getCodec,
    logger: silentLogger,
  });

  app.get<{ Params: { cid: string }; Querystring: { format?: string } }>("/ipfs/:cid", async (request, reply) => {
    let cid: CID;
    try {
      cid = CID.parse(request.params.cid);
    } catch (error) {
      return sendError(reply, "IPFS_INVALID_CID", `"${request.params.cid.slice(0, 100)}" is not a valid CID`, String(error));
    }
    const format = request.query.format ?? formatFromAccept(request.headers.accept);
    if (format !== undefined && format !== "raw" && format !== "car") {
      return sendError(reply, "IPFS_UNSUPPORTED_FORMAT", `format "${format}" is not served; use raw or car`);
    }
    if (!(await blockstore.has(cid))) {
      return sendError(reply, "IPFS_NOT_FOUND", `this node does not hold ${cid}`);
    }

    reply.header("cache-control", IMMUTABLE).header("x-content-type-options", "nosniff").header("x-ipfs-roots", cid.toString());

    if (format === "raw") {
      const bytes = await collect(blockstore.get(cid));
      return reply.header("content-type", RAW_TYPE).header("etag", `"${cid}.raw"`).send(Buffer.from(bytes));
    }

    if (cid.code !== dagPb.code && cid.code !== raw.code) {
      return sendError(reply, "IPFS_UNSUPPORTED_FORMAT", `only UnixFS and raw content is served whole; ask for ?format=raw`);
    }
    // A CAR or a file needs the whole DAG: answer 404 now rather than break off mid-stream.
    const missing = await findMissingBlock(cid, blockstore);
    if (missing !== undefined) {
      return sendError(reply, "IPFS_NOT_FOUND", `this node holds only part of ${cid}; block ${missing} is missing`);
    }

    if (format === "car") {
      return reply
        .header("content-type", `${CAR_TYPE}; version=1`)
        .header("etag", `"${cid}.car"`)
        .send(Readable.from(carExporter.export(cid)));
    }

    const entry = await exporter(cid, blockstore);
    if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
      return sendError(reply, "IPFS_NOT_A_FILE", `${cid} is a ${entry.type}; ask for ?format=car instead`);
    }
    return reply
      .header("content-type", "application/octet-stream")
      .header("content-length", entry.size.toString())
      .header("etag", `"${cid}"`)
      .send(Readable.from(entry.content()));
  });
}

function sendError(reply: FastifyReply, code: GatewayErrorCode, message: string, details?: string): FastifyReply {
  return reply.code(STATUS[code]).send({ error: { code, message, ...(details ? { details } : {}) } });
}

function formatFromAccept(accept: string | undefined): string | undefined {
  if (accept?.includes(CAR_TYPE)) return "car";
  if (accept?.includes(RAW_TYPE)) return "raw";
  return undefined;
}

/**
 * Walks the dag-pb nodes under `root` and returns the first block not held locally. Leaves
 * (raw blocks) are only checked for presence, so the cost is about one read per 174 chunks.
 */
async function findMissingBlock(root: CID, blockstore: Pick<Blockstore, "get" | "has">): Promise<CID | undefined> {
  const pending = [root];
  for (let cid = pending.pop(); cid !== undefined; cid = pending.pop()) {
    if (!(await blockstore.has(cid))) return cid;
    if (cid.code !== dagPb.code) continue;
    const node = dagPb.decode(await collect(blockstore.get(cid)));
    for (const link of node.Links) pending.push(link.Hash);
  }
  return undefined;
}

async function collect(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts);
}

/** @helia/car wants a full Blockstore; the gateway may only read. */
function readOnly(blockstore: Pick<Blockstore, "get" | "has">): Blockstore {
  const refuse = (): never => {
    throw new Error("the gateway's blockstore is read-only");
  };
  return {
    get: (cid, options) => blockstore.get(cid, options),
    has: (cid, options) => blockstore.has(cid, options),
    put: refuse,
    putMany: refuse,
    getMany: refuse,
    getAll: refuse,
    delete: refuse,
    deleteMany: refuse,
  };
}

/** Only what Hearth stores: UnixFS (dag-pb) and raw blocks. */
const getCodec = ((code: number) => {
  if (code === dagPb.code) return dagPb;
  if (code === raw.code) return raw;
  throw new Error(`codec 0x${code.toString(16)} is not served by this gateway`);
}) as Parameters<typeof car>[0]["getCodec"];

type CarLogger = Parameters<typeof car>[0]["logger"];
type CarLog = ReturnType<CarLogger["forComponent"]>;
const silentLog: CarLog = Object.assign(() => {}, {
  enabled: false,
  error: () => {},
  trace: () => {},
  newScope: () => silentLog,
});
const silentLogger: CarLogger = { forComponent: () => silentLog };
