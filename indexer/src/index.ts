// Public entry point of @hearth/indexer: start the indexer (Ponder) and read its settings.
export { startIndexer, type RunningIndexer, type StartIndexerParameters } from "./startIndexer.ts";
export { readIndexerSettings, parseDeployment, type IndexerSettings } from "./config/readIndexerSettings.ts";
export { IndexerConfigError, IndexerError, IndexerStartError } from "./errors.ts";
export { computeReputation, wilsonLowerBound, type Reputation } from "./derive/reputation.ts";
