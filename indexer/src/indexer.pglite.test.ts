import { defineIndexerSuite } from "./testing/defineIndexerSuite.ts";

defineIndexerSuite("pglite");
