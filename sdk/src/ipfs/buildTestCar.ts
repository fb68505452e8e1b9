import { CarWriter } from "@ipld/car/writer";
import { importer, type ImportCandidate } from "ipfs-unixfs-importer";
import type { CID } from "multiformats/cid";
import { importOptions } from "./importOptions.ts";

export type TestBlock = { cid: CID; bytes: Uint8Array };

/**
 * Test helper: imports content with Hearth's options and returns its root, its blocks and a
 * CAR of them, so tests can serve, tamper with or truncate real DAGs.
 */
export async function buildTestCar(
  content: Uint8Array | ImportCandidate[],
): Promise<{ root: CID; blocks: TestBlock[]; car: Uint8Array; toCar: (roots: CID[], blocks: TestBlock[]) => Promise<Uint8Array> }> {
  const blocks: TestBlock[] = [];
  const store = {
    put: async (cid: CID, bytes: Uint8Array) => {
      blocks.push({ cid, bytes });
      return cid;
    },
  };
  let root: CID | undefined;
  const candidates = content instanceof Uint8Array ? [{ content }] : content;
  for await (const entry of importer(candidates, store, importOptions)) root = entry.cid;
  if (root === undefined) throw new TypeError("nothing was imported");
  return { root, blocks, car: await toCar([root], blocks), toCar };
}

async function toCar(roots: CID[], blocks: TestBlock[]): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create(roots);
  const chunks: Uint8Array[] = [];
  const reading = (async () => {
    for await (const chunk of out) chunks.push(chunk);
  })();
  for (const block of blocks) await writer.put(block);
  await writer.close();
  await reading;
  return Buffer.concat(chunks);
}
