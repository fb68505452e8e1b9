import type { Metadata, Viewport } from "next";
import { AppShell } from "@/components/AppShell";
import { NetworkConfigError, readNetworkConfig } from "@/lib/network/readNetworkConfig";
import type { NetworkConfig } from "@/lib/network/NetworkConfig";
import "./globals.css";

// Every request reads the network file, so one build serves whichever devnet or deployment is running.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Hearth", template: "%s · Hearth" },
  description: "GPU compute network: stats, providers, jobs, staking and rewards.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  let network: NetworkConfig | null = null;
  let problem: string | null = null;
  try {
    network = readNetworkConfig();
  } catch (error) {
    problem = error instanceof NetworkConfigError ? error.message : "The network file could not be read.";
  }
  return (
    <html lang="en">
      <body>
        {network ? (
          <AppShell network={network}>{children}</AppShell>
        ) : (
          <main className="page">
            <h1>Hearth</h1>
            <div className="state state-error" role="alert">
              <strong>This app is not connected to a network.</strong>
              <p>{problem}</p>
            </div>
          </main>
        )}
      </body>
    </html>
  );
}
