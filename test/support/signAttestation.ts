import { keccak256, toHex, type Hash, type Hex } from "viem";
import type { Hearth, Wallet } from "./deployHearth.ts";

// The EIP-712 type and fields are the SDK's, so the tests sign exactly what the provider node signs.
import { attestationTypes, type Attestation } from "@hearth/sdk/chain/attestation";
export { attestationTypes, type Attestation };

/** The market's EIP-712 domain. */
export async function attestationDomain(h: Hearth) {
  return {
    name: "Hearth JobMarket",
    version: "1",
    chainId: await h.publicClient.getChainId(),
    verifyingContract: h.market.address,
  } as const;
}

/** A plausible attestation for `jobId` (12.345 s of GPU time, measured energy), with `overrides` applied. */
export function makeAttestation(jobId: bigint, overrides: Partial<Attestation> = {}): Attestation {
  return {
    jobId,
    resultCid: `bafkreiresult${jobId}`,
    outputRoot: keccak256(toHex(`output of job ${jobId}`)),
    gpuTimeMs: 12_345n,
    energyMillijoules: 4_200_000n,
    energyEstimated: false,
    device: "NVIDIA H200 (vulkan)",
    ...overrides,
  };
}

/** Signs `attestation` with `signer`'s key (eth_signTypedData_v4 on the simulated chain). */
export async function signAttestation(h: Hearth, signer: Wallet, attestation: Attestation): Promise<Hex> {
  return signer.signTypedData({
    account: signer.account,
    domain: await attestationDomain(h),
    types: attestationTypes,
    primaryType: "Attestation",
    message: attestation,
  });
}

/**
 * Signs an attestation for `jobId` with `provider`'s key and submits it from `relayer` (the provider itself by
 * default). Returns the transaction hash and the attestation.
 */
export async function submitResult(
  h: Hearth,
  jobId: bigint,
  provider: Wallet,
  { relayer = provider, overrides = {} }: { relayer?: Wallet; overrides?: Partial<Attestation> } = {},
): Promise<{ hash: Hash; attestation: Attestation }> {
  const attestation = makeAttestation(jobId, overrides);
  const signature = await signAttestation(h, provider, attestation);
  const hash = await h.market.write.submitAttestation([attestation, signature], { account: relayer.account });
  return { hash, attestation };
}

/** Signs each attestation with its provider's key, for `submitAttestations`. */
export async function signAll(
  h: Hearth,
  items: ReadonlyArray<{ signer: Wallet; attestation: Attestation }>,
): Promise<{ attestations: Attestation[]; signatures: Hex[] }> {
  const signatures: Hex[] = [];
  for (const { signer, attestation } of items) signatures.push(await signAttestation(h, signer, attestation));
  return { attestations: items.map((i) => i.attestation), signatures };
}
