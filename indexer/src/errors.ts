import { BaseError } from "@hearth/sdk/errors/BaseError";

/** Root of the errors the indexer package throws. */
export class IndexerError extends BaseError {
  override name = "IndexerError";
}

/** The indexer's settings (environment) are missing or wrong. */
export class IndexerConfigError extends IndexerError {
  override name = "IndexerConfigError";
}

/** The indexer process did not start or did not answer in time. */
export class IndexerStartError extends IndexerError {
  override name = "IndexerStartError";
}
