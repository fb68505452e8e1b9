// Runs a provider node from a config file: `node node/src/bin/providerNode.ts <config.json>`.
// The devnet and the end-to-end tests start nodes this way; operators use `hearth provider start`.
import { runProviderNode } from "../main.ts";

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write("usage: providerNode.ts <config.json>\n");
  process.exit(2);
}
try {
  const running = await runProviderNode(configPath);
  await running.closed;
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
