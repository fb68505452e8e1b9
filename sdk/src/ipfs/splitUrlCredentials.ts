/**
 * Moves `user:password@` out of a URL into an `Authorization` header, so credentials never
 * reach an error message or a log line, and `fetch` (which refuses URLs with credentials)
 * still authenticates.
 */
export function splitUrlCredentials(url: string | URL): { url: URL; authorization: string | undefined } {
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return { url: parsed, authorization: undefined };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  return { url: parsed, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}
