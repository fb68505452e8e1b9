import { expect, test } from "vitest";
import { IndexerConfigError } from "../errors.ts";
import { readIndexerSettings, redactUrl } from "./readIndexerSettings.ts";

const deployment = {
  chainId: 31337,
  startBlock: 5,
  contracts: {
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
  },
};
const env = { HEARTH_RPC_URL: "http://127.0.0.1:8545", HEARTH_DEPLOYMENT: JSON.stringify(deployment) };

test("embedded database by default, loopback RPC fanned out, no RPC cache on a dev chain", () => {
  const settings = readIndexerSettings({ ...env, HEARTH_INDEXER_DIRECTORY: "/tmp/x" }, "/work");
  expect(settings.database).toEqual({ kind: "pglite", directory: "/tmp/x/pglite" });
  expect(settings.rpcUrls).toHaveLength(32);
  expect(settings.rpcCache).toBe(false);
  expect(settings.metadataDirectory).toBe("/tmp/x/metadata");
  expect(settings.deployment.contracts.market).toBe(deployment.contracts.market);
});

test("Postgres with DATABASE_URL; remote RPC listed once; gateways", () => {
  const settings = readIndexerSettings({
    ...env,
    HEARTH_RPC_URL: "https://rpc.example/key123,http://127.0.0.1:8545",
    HEARTH_INDEXER_RPC_CONNECTIONS: "2",
    DATABASE_URL: "postgres://u@db/hearth",
    HEARTH_IPFS_GATEWAYS: "http://127.0.0.1:8080, https://gw.example",
    HEARTH_DEPLOYMENT: JSON.stringify({ ...deployment, chainId: 8453 }),
  });
  expect(settings.database).toEqual({ kind: "postgres", connectionString: "postgres://u@db/hearth" });
  expect(settings.rpcUrls).toEqual(["https://rpc.example/key123", "http://127.0.0.1:8545", "http://127.0.0.1:8545"]);
  expect(settings.rpcCache).toBe(true);
  expect(settings.ipfsGateways).toEqual(["http://127.0.0.1:8080", "https://gw.example"]);
});

test("missing or wrong settings say which", () => {
  expect(() => readIndexerSettings({ HEARTH_DEPLOYMENT: env.HEARTH_DEPLOYMENT })).toThrow(/HEARTH_RPC_URL/);
  expect(() => readIndexerSettings({ HEARTH_RPC_URL: env.HEARTH_RPC_URL })).toThrow(IndexerConfigError);
  expect(() => readIndexerSettings({ ...env, HEARTH_DEPLOYMENT: "{" })).toThrow(/not JSON/);
  expect(() => readIndexerSettings({ ...env, HEARTH_DEPLOYMENT: JSON.stringify({ ...deployment, contracts: { ...deployment.contracts, market: "0x12" } }) })).toThrow(/contracts\.market/);
  expect(() => readIndexerSettings({ ...env, HEARTH_RPC_URL: "ws://127.0.0.1:8545" })).toThrow(/http/);
  expect(() => readIndexerSettings({ ...env, HEARTH_INDEXER_POLLING_MS: "fast" })).toThrow(/HEARTH_INDEXER_POLLING_MS/);
});

test("credentials never reach messages", () => {
  expect(redactUrl("https://user:secret@rpc.example/v2/abcdef?key=1")).toBe("https://rpc.example/…");
  expect(() => readIndexerSettings({ ...env, HEARTH_RPC_URL: "wss://user:secret@rpc.example/v2/key" })).toThrow(/^(?!.*secret)/s);
});
