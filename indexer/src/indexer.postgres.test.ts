import { defineIndexerSuite } from "./testing/defineIndexerSuite.ts";

// Needs Debian's `postgresql` server binaries; without them the suite fails with that reason (never skips).
defineIndexerSuite("postgres");
