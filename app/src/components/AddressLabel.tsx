"use client";
import Link from "next/link";
import { shortAddress } from "@/lib/format/format";
import { useNetwork } from "./NetworkContext";

/** A provider's or account's address, with its known name, linking to the provider page when `provider`. */
export function AddressLabel({ address, name, provider = false }: { address: string | null | undefined; name?: string | null | undefined; provider?: boolean }) {
  const network = useNetwork();
  if (!address) return <span className="muted">—</span>;
  const known = name ?? network.knownProviders.find((p) => p.address.toLowerCase() === address.toLowerCase())?.name;
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
