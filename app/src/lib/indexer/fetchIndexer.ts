/** Why a request to the indexer failed: the page says which, in words. */
export class IndexerRequestError extends Error {
  override name = "IndexerRequestError";
  readonly kind: "unconfigured" | "unreachable" | "not-found" | "refused";
  readonly url: string | undefined;

  constructor(kind: IndexerRequestError["kind"], message: string, url?: string | undefined) {
    super(message);
    this.kind = kind;
    this.url = url;
  }
}

export type IndexerQuery = Record<string, string | number | undefined | null>;

/** GET `path` from the indexer's API and parse the JSON, turning every failure into an `IndexerRequestError`. */
export async function fetchIndexer<T>(indexerUrl: string | null, path: string, query: IndexerQuery = {}, signal?: AbortSignal): Promise<T> {
  if (!indexerUrl) {
    throw new IndexerRequestError("unconfigured", "No indexer is configured for this network, so there is nothing to show here yet.");
  }
  const url = new URL(`${indexerUrl}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? AbortSignal.timeout(10_000), cache: "no-store" });
  } catch {
    throw new IndexerRequestError("unreachable", `The indexer at ${indexerUrl} is not answering.`, indexerUrl);
  }
  if (response.status === 404) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new IndexerRequestError("not-found", body?.error?.message ?? "Not found.", indexerUrl);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new IndexerRequestError(
      response.status === 503 ? "unreachable" : "refused",
      body?.error?.message ?? `The indexer answered HTTP ${response.status}.`,
      indexerUrl,
    );
  }
  return (await response.json()) as T;
}
