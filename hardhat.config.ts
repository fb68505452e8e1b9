import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// solc comes from the `solc` npm package (WebAssembly), pinned to the version below:
// Hardhat's own compiler download is not reachable on our machines or in CI.
const SOLC_VERSION = "0.8.30";

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "cancun",
      viaIR: false,
    },
  },
  paths: {
    sources: "contracts",
    tests: { solidity: "test/contracts", nodejs: "test/contracts" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Each invariant_* function gets its own campaign of runs x depth handler calls (plus afterInvariant's
      // drain per run): 64 x 128 keeps the whole Solidity suite near a minute on two cores.
      invariant: { runs: 64, depth: 128, failOnRevert: false },
    },
  },
  // Local chains mine at once: waiting for more confirmations only slows deployments down.
  ignition: { requiredConfirmations: 1 },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // The devnet chain: blocks every second even without transactions, so challenge windows, epochs and the
    // block-hash randomness of sampling and committee draws move on their own.
    devnet: {
      type: "edr-simulated",
      chainType: "l1",
      chainId: 31337,
      mining: { auto: true, interval: 1000 },
      allowBlocksWithSameTimestamp: false,
    },
    localhost: { type: "http", url: process.env.HEARTH_RPC_URL ?? "http://127.0.0.1:8545" },
  },
});
