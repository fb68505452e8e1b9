import { IpfsContentTooLargeError } from "./IpfsError.ts";

/**
 * Concatenates a stream of chunks, throwing `IpfsContentTooLargeError` as soon as more than
 * `maxBytes` arrive, so a lying source cannot make us buffer without limit.
 */
export async function readBounded(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  { maxBytes, cid }: { maxBytes: number; cid: string },
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.byteLength;
    if (length > maxBytes) throw new IpfsContentTooLargeError({ cid, maxBytes });
    chunks.push(chunk);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
