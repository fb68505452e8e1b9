import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createIpfsNode, type IpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { IpfsRepoLockedError } from "@hearth/sdk/ipfs/IpfsError";
import { pinRemote } from "@hearth/sdk/ipfs/pinRemote";
import { readNetworkFile } from "../network/readNetworkConfig";

export class UploadUnavailableError extends Error {
  override name = "UploadUnavailableError";
}

type Uploader = { key: string; node: IpfsNode; pinningUrl: string };

// One embedded node per server process, reopened when the network file names another pinning service (the
// devnet was restarted). Kept on globalThis so a reloaded module in `next dev` does not open a second one.
const state = globalThis as typeof globalThis & { __hearthUploader?: Promise<Uploader> };

/**
 * Stores bytes for the browser, the way the CLI does for a requester: add them to this server's embedded IPFS
 * node (the same import options as Kubo, so the same CID), then ask the network's pinning service to fetch and
 * keep them from us, and wait until it has. The CID is returned only once the content outlives this process.
 */
export async function storeForBrowser(bytes: Uint8Array, name: string | undefined): Promise<string> {
  const uploader = await openUploader();
  const cid = await uploader.node.add(bytes, { pin: true });
  await pinRemote({ url: uploader.pinningUrl, cid, name, origins: await uploader.node.multiaddrs(), timeoutMs: 60_000 });
  return cid;
}

async function openUploader(): Promise<Uploader> {
  const { file, directory } = readNetworkFile();
  const pinningUrl = file.ipfs?.pinningUrl;
  if (!pinningUrl) throw new UploadUnavailableError("This network has no pinning service, so the app cannot store files on IPFS.");
  const peers = file.ipfs?.multiaddrs ?? [];
  const key = `${pinningUrl} ${peers.join(",")}`;
  const current = state.__hearthUploader ? await state.__hearthUploader.catch(() => undefined) : undefined;
  if (current?.key === key) return current;
  const opening = (async () => {
    await current?.node.stop().catch(() => undefined);
    let node: IpfsNode;
    try {
      node = await createIpfsNode({ directory: path.join(/*turbopackIgnore: true*/ directory, "app-ipfs"), peers });
    } catch (error) {
      if (!(error instanceof IpfsRepoLockedError)) throw error;
      node = await createIpfsNode({ directory: mkdtempSync(path.join(tmpdir(), "hearth-app-ipfs-")), peers });
    }
    return { key, node, pinningUrl };
  })();
  state.__hearthUploader = opening;
  return opening;
}
