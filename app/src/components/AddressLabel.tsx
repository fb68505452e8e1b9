"use client";
import Link from "next/link";
import { shortAddress } from "@/lib/format/format";
import type { ProviderDetail } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { useNetwork } from "./NetworkContext";

/**
 * A provider's or account's address, with its name, linking to the provider page when `provider`. The name is the
 * one given, else the network file's (devnet providers), else, for a provider, the name in its metadata as the
 * indexer has it (fetched once per address and cached; nothing is shown while it loads or when the indexer is down).
 */
export function AddressLabel({ address, name, provider = false }: { address: string | null | undefined; name?: string | null | undefined; provider?: boolean }) {
  const network = useNetwork();
  const configured = address ? network.knownProviders.find((p) => p.address.toLowerCase() === address.toLowerCase())?.name : undefined;
  const lookup = provider && address && !name && !configured ? `/v1/providers/${address.toLowerCase()}` : null;
  const indexed = useIndexer<ProviderDetail>(lookup, {}, { refreshMs: 60_000 });
  if (!address) return <span className="muted">—</span>;
  const known = name ?? configured ?? indexed.data?.metadata?.name;
  const text = (
    <>
      {known ? <span className="address-name">{known}</span> : null}
      <span className="mono address" title={address}>
        {shortAddress(address)}
      </span>
    </>
  );
  return provider ? (
    <Link href={`/providers/${address.toLowerCase()}`} className="address-link">
      {text}
    </Link>
  ) : (
    <span className="address-link">{text}</span>
  );
}
