"use client";
import { createContext, useContext } from "react";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";

const NetworkContext = createContext<NetworkConfig | null>(null);

export const NetworkProvider = NetworkContext.Provider;

/** The network the app runs against (read by the server from the network file at request time). */
export function useNetwork(): NetworkConfig {
  const network = useContext(NetworkContext);
  if (!network) throw new Error("useNetwork outside <NetworkProvider>");
  return network;
}
