import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createIpfsNode, type IpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { IpfsRepoLockedError } from "@hearth/sdk/ipfs/IpfsError";
import { pinRemote } from "@hearth/sdk/ipfs/pinRemote";
import type { NetworkInfo } from "./loadNetwork.ts";

export type ClientIpfs = {
  node: IpfsNode;
  /** Makes content this client added durable: the network's pinning service fetches and keeps it. */
  publish(cid: string, name?: string): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The requester's embedded IPFS node (persistent, beside the network file), dialled to the network's IPFS
 * node. When another `hearth` process holds the repository, this one uses a temporary repository instead.
 */
export async function openClientIpfs(network: NetworkInfo): Promise<ClientIpfs> {
  const peers = network.ipfs?.multiaddrs ?? [];
  let node: IpfsNode;
  try {
    node = await createIpfsNode({ directory: path.join(network.directory, "client-ipfs"), peers });
  } catch (error) {
    if (!(error instanceof IpfsRepoLockedError)) throw error;
    node = await createIpfsNode({ directory: mkdtempSync(path.join(tmpdir(), "hearth-client-ipfs-")), peers });
  }
  return {
    node,
    async publish(cid, name) {
      if (!network.ipfs?.pinningUrl) return;
      await pinRemote({ url: network.ipfs.pinningUrl, cid, name, origins: await node.multiaddrs() });
    },
    stop: () => node.stop(),
  };
}
