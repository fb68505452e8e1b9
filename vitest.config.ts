import { defineConfig } from "vitest/config";

// Contract suites under test/contracts run on Hardhat's node:test runner (`hardhat test`); vitest runs the
// TypeScript packages and the cross-package end-to-end tests.
export default defineConfig({
  test: {
    include: ["sdk/src/**/*.test.ts", "node/src/**/*.test.ts", "indexer/src/**/*.test.ts", "app/src/**/*.test.ts", "test/e2e/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
