import type { Account, Address, Hex, WalletClient, Transport, Chain } from "viem";
import { hashTypedData } from "viem";

/** The EIP-712 Attestation type, exactly as `JobMarket.ATTESTATION_TYPEHASH` declares it. */
export const attestationTypes = {
  Attestation: [
    { name: "jobId", type: "uint256" },
    { name: "resultCid", type: "string" },
    { name: "outputRoot", type: "bytes32" },
    { name: "gpuTimeMs", type: "uint64" },
    { name: "energyMillijoules", type: "uint64" },
    { name: "energyEstimated", type: "bool" },
    { name: "device", type: "string" },
  ],
} as const;

/** What a provider signs when it delivers a result. */
export type Attestation = {
  jobId: bigint;
  resultCid: string;
  outputRoot: Hex;
  gpuTimeMs: bigint;
  energyMillijoules: bigint;
  energyEstimated: boolean;
  device: string;
};

export function attestationDomain(chainId: number, market: Address) {
  return { name: "Hearth JobMarket", version: "1", chainId, verifyingContract: market } as const;
}

/** The EIP-712 digest the market checks (`JobMarket.attestationDigest`). */
export function hashAttestation(chainId: number, market: Address, attestation: Attestation): Hex {
  return hashTypedData({
    domain: attestationDomain(chainId, market),
    types: attestationTypes,
    primaryType: "Attestation",
    message: attestation,
  });
}

/** Signs an attestation with the provider's key. */
export function signAttestation(
  walletClient: WalletClient<Transport, Chain, Account>,
  market: Address,
  attestation: Attestation,
): Promise<Hex> {
  return walletClient.signTypedData({
    account: walletClient.account,
    domain: attestationDomain(walletClient.chain.id, market),
    types: attestationTypes,
    primaryType: "Attestation",
    message: attestation,
  });
}
