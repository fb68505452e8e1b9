import path from "node:path";
import type { NextConfig } from "next";

// The network (chain, contracts, indexer, IPFS) is read at run time from the network file (see
// src/lib/network/readNetworkConfig.ts), never baked into the build: one build serves any devnet or deployment.
const config: NextConfig = {
  // The SDK is TypeScript source in the workspace (`@hearth/sdk/...` → sdk/src/*.ts).
  transpilePackages: ["@hearth/sdk"],
  // The embedded IPFS node behind /api/ipfs (Helia, libp2p, filesystem stores) runs on Node as installed.
  serverExternalPackages: [
    "helia",
    "@helia/bitswap",
    "@helia/libp2p",
    "@helia/unixfs",
    "libp2p",
    "@libp2p/tcp",
    "@libp2p/noise",
    "@libp2p/yamux",
    "@libp2p/identify",
    "blockstore-fs",
    "datastore-fs",
    "kubo-rpc-client",
  ],
  turbopack: { root: path.resolve(import.meta.dirname, "..") },
  poweredByHeader: false,
  reactStrictMode: true,
  // Type checking runs with the repository's `tsc` (npm run typecheck -w app), not inside every build.
  typescript: { ignoreBuildErrors: true },
};

export default config;
