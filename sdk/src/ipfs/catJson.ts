import type { IpfsCatOptions, IpfsReader } from "./IpfsClient.ts";
import { IpfsInvalidJsonError } from "./IpfsError.ts";

/** Anything with zod's `parse` (a zod schema fits). */
export type JsonSchema<T> = { parse(value: unknown): T };

/** JSON documents (job specs, manifests) are small; a larger one is refused by default. */
export const DEFAULT_JSON_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Fetches `cid` (verified), decodes it as UTF-8 JSON and, given a `schema`, validates it.
 * Throws `IpfsInvalidJsonError` for bytes that are not JSON or do not match the schema.
 */
export async function catJson<T = unknown>(
  client: IpfsReader,
  cid: string,
  options: IpfsCatOptions & { schema?: JsonSchema<T> | undefined } = {},
): Promise<T> {
  const { schema, ...catOptions } = options;
  const bytes = await client.cat(cid, { ...catOptions, maxBytes: catOptions.maxBytes ?? DEFAULT_JSON_MAX_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new IpfsInvalidJsonError({ cid, reason: "it is not UTF-8 JSON", cause: error });
  }
  if (schema === undefined) return value as T;
  try {
    return schema.parse(value);
  } catch (error) {
    throw new IpfsInvalidJsonError({ cid, reason: "it does not match the expected schema", cause: error });
  }
}
