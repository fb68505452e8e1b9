import type { IpfsAddOptions, IpfsClient } from "./IpfsClient.ts";
import { IpfsInvalidJsonError } from "./IpfsError.ts";

/**
 * Stores `value` as JSON and returns its CID. Keys are sorted and there is no whitespace, so
 * equal values always give the same bytes and the same CID, however they were built.
 */
export async function addJson(
  client: Pick<IpfsClient, "add">,
  value: unknown,
  options?: IpfsAddOptions,
): Promise<string> {
  return client.add(canonicalJson(value), options);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "number" && !Number.isFinite(item)) {
      throw new IpfsInvalidJsonError({ cid: "(not stored)", reason: `${item} has no JSON form` });
    }
    if (typeof item === "bigint") {
      throw new IpfsInvalidJsonError({ cid: "(not stored)", reason: "a bigint has no JSON form; convert it to a string" });
    }
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
