import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Flags for a headless Chromium in CI: no sandbox (root in containers), no GPU, no calls home. */
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Debian's Chromium when it is installed (`apt-get install chromium`), else the headless Chromium shipped in
 * the npm package @sparticuz/chromium (already a dependency of the provider node, which takes SwiftShader from
 * it). Never `npx playwright install`: it downloads from outside the registry.
 */
export async function findChromium(): Promise<{ executablePath: string; source: "debian" | "@sparticuz/chromium" }> {
  const debian = process.env.HEARTH_CHROMIUM ?? "/usr/bin/chromium";
  if (existsSync(debian)) return { executablePath: debian, source: "debian" };
  const { default: sparticuz } = await import("@sparticuz/chromium");
  return { executablePath: await sparticuz.executablePath(), source: "@sparticuz/chromium" };
}

export async function launchBrowser(executablePath?: string): Promise<Browser> {
  const path = executablePath ?? (await findChromium()).executablePath;
  return chromium.launch({ executablePath: path, args: flags, headless: true });
}
