import { invalidParameter } from "./apiErrors.ts";

/** Cursors are opaque to clients: base64url of a small JSON array naming the last item of the previous page. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function decodeCursor(text: string, arity: number): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalidParameter("cursor", "is not a cursor returned by this API.");
  }
  if (
    !Array.isArray(values) ||
    values.length !== arity ||
    !values.every((value) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))
  ) {
    throw invalidParameter("cursor", "is not a cursor returned by this API.");
  }
  return values as (string | number)[];
}
