import path from "node:path";
import { defineConfig } from "vitest/config";

// Contract suites under test/contracts run on Hardhat's node:test runner (`hardhat test`); vitest runs the
// TypeScript packages and the cross-package end-to-end tests.
export default defineConfig({
  // The app's `@/…` imports (its tsconfig paths), for app code tested outside Next.js.
  resolve: { alias: [{ find: /^@\//, replacement: `${path.resolve(import.meta.dirname, "app", "src")}/` }] },
  test: {
    include: ["sdk/src/**/*.test.ts", "node/src/**/*.test.ts", "indexer/src/**/*.test.ts", "app/src/**/*.test.ts", "test/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    // The end-to-end files each run a chain, IPFS nodes and GPU processes with 20 s protocol windows: one file at a
    // time keeps them within their windows on a 2-core machine (tests inside a file may still run concurrently).
    fileParallelism: false,
  },
});
