"use client";
import { shortCid } from "@/lib/format/format";
import { useNetwork } from "./NetworkContext";

/** A CID linking to the network's IPFS gateway (the raw bytes; the app verifies what it reads itself). */
export function CidLink({ cid, label }: { cid: string | null | undefined; label?: string }) {
  const { ipfsGatewayUrl } = useNetwork();
  if (!cid) return <span className="muted">—</span>;
  if (!ipfsGatewayUrl) return <span className="mono" title={cid}>{label ?? shortCid(cid)}</span>;
  return (
    <a className="mono" href={`${ipfsGatewayUrl}/ipfs/${cid}`} target="_blank" rel="noreferrer" title={cid}>
      {label ?? shortCid(cid)}
    </a>
  );
}
