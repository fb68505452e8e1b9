import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NetworkConfigError, readNetworkConfig } from "./readNetworkConfig";

const devnet = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  startBlock: 4,
  contracts: {
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    stablecoin: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
  indexerUrl: "http://127.0.0.1:42069/",
  ipfs: { gatewayUrl: "http://127.0.0.1:8180", pinningUrl: "http://127.0.0.1:8180", multiaddrs: [] },
  providers: [{ name: "solar-home", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", apiUrl: "http://127.0.0.1:8201" }],
  accounts: [{ name: "deployer", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" }],
};

function file(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hearth-app-network-"));
  const location = path.join(dir, "devnet.json");
  writeFileSync(location, typeof content === "string" ? content : JSON.stringify(content));
  return location;
}

describe("readNetworkConfig", () => {
  it("serves the public part of the devnet file: never the dev keys", () => {
    const config = readNetworkConfig({ HEARTH_NETWORK: file(devnet) });
    expect(config).toMatchObject({ chainId: 31337, rpcUrl: devnet.rpcUrl, indexerUrl: "http://127.0.0.1:42069", ipfsGatewayUrl: "http://127.0.0.1:8180", uploads: true });
    expect(config.knownProviders).toEqual([{ name: "solar-home", address: devnet.providers[0]!.address }]);
    expect(JSON.stringify(config)).not.toContain("privateKey");
  });

  it("takes the JSON itself from HEARTH_NETWORK, and HEARTH_INDEXER_URL over the file's indexer", () => {
    const config = readNetworkConfig({ HEARTH_NETWORK: JSON.stringify({ ...devnet, indexerUrl: undefined, ipfs: undefined }), HEARTH_INDEXER_URL: "http://indexer" });
    expect(config).toMatchObject({ indexerUrl: "http://indexer", ipfsGatewayUrl: null, uploads: false });
  });

  it("says what is wrong with a missing or broken file", () => {
    expect(() => readNetworkConfig({ HEARTH_NETWORK: "/nonexistent/devnet.json" })).toThrow(NetworkConfigError);
    expect(() => readNetworkConfig({ HEARTH_NETWORK: file("{not json") })).toThrow(/not valid JSON/);
    expect(() => readNetworkConfig({ HEARTH_NETWORK: file({ ...devnet, contracts: { ...devnet.contracts, market: "nope" } }) })).toThrow(/contracts\.market/);
  });
});
