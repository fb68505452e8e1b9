"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { WagmiProvider } from "wagmi";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";
import { createWagmiConfig } from "@/lib/wallet/createWagmiConfig";
import { IndexerBanner } from "./IndexerBanner";
import { NetworkProvider } from "./NetworkContext";
import { WalletButton } from "./WalletButton";
import { WrongNetworkBanner } from "./WrongNetworkBanner";

const links = [
  { href: "/", label: "Network" },
  { href: "/providers", label: "Providers" },
  { href: "/jobs", label: "Jobs" },
  { href: "/submit", label: "Submit" },
  { href: "/stake", label: "Stake" },
  { href: "/rewards", label: "Rewards" },
];

/** Everything around a page: network, data and wallet providers, navigation, and network-wide banners. */
export function AppShell({ network, children }: { network: NetworkConfig; children: React.ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: false } } }));
  const [wagmiConfig] = useState(() => createWagmiConfig(network));
  const pathname = usePathname();
  const active = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));
  return (
    <NetworkProvider value={network}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <header className="topbar">
            <Link href="/" className="brand" aria-label="Hearth home">
              <span className="brand-mark" aria-hidden>
                ◆
              </span>
              Hearth
            </Link>
            <nav className="nav" aria-label="Main">
              {links.map((link) => (
                <Link key={link.href} href={link.href} className={active(link.href) ? "nav-link active" : "nav-link"} aria-current={active(link.href) ? "page" : undefined}>
                  {link.label}
                </Link>
              ))}
            </nav>
            <WalletButton />
          </header>
          <WrongNetworkBanner />
          <IndexerBanner />
          <main className="page">{children}</main>
          <footer className="footer">
            Chain {network.chainId} · <span className="mono">{network.rpcUrl}</span>
            {network.indexerUrl ? (
              <>
                {" "}
                · indexer <span className="mono">{network.indexerUrl}</span>
              </>
            ) : null}
          </footer>
        </QueryClientProvider>
      </WagmiProvider>
    </NetworkProvider>
  );
}
