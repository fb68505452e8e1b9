// Ponder serves this Hono app beside its own routes (/health, /ready, /status, /metrics) with CORS for every
// origin. The routes live in indexer/src/api; this file only wires Ponder's read-only database into them.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { erc20Abi } from "viem";
import { createApiApp } from "../../../src/api/createApiApp.ts";
import { readIndexerSettings } from "../../../src/config/readIndexerSettings.ts";
import { createMetadataStore } from "../../../src/metadata/createMetadataStore.ts";

const settings = readIndexerSettings(process.env);

export default createApiApp({
  db,
  schema,
  metadata: createMetadataStore({ gateways: settings.ipfsGateways, directory: settings.metadataDirectory }),
  async tokenInfo(address) {
    const client = publicClients.hearth;
    const [symbol, decimals] = await Promise.all([
      client.readContract({ abi: erc20Abi, address, functionName: "symbol" }),
      client.readContract({ abi: erc20Abi, address, functionName: "decimals" }),
    ]);
    return { symbol, decimals };
  },
});
