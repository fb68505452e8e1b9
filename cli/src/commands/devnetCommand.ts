import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { CliUsageError } from "../cliErrors.ts";
import { startDevnet } from "../devnet/startDevnet.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const help = `hearth devnet — a whole Hearth network on this machine

  --reset                 also wipe the devnet's IPFS data (the chain always starts fresh)
  --port N                chain RPC port (default 8545); other ports follow unless given:
  --ipfs-port N           IPFS gateway + pinning API (default 8180); libp2p on N+1
  --provider-port N       first provider node's API (default 8201, then 8202, …)
  --providers N           provider nodes to start, 1-3 (default 3)
  --dir DIR               state folder (default .hearth in the repository)
  --log-level LEVEL       info (default), debug, warn`;

/** `hearth devnet` / `npm start`: runs until Ctrl-C. */
export async function devnetCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      reset: { type: "boolean", default: false },
      port: { type: "string", default: process.env.HEARTH_CHAIN_PORT ?? "8545" },
      "ipfs-port": { type: "string", default: process.env.HEARTH_IPFS_PORT ?? "8180" },
      "provider-port": { type: "string", default: process.env.HEARTH_PROVIDER_PORT ?? "8201" },
      providers: { type: "string", default: "3" },
      dir: { type: "string" },
      "log-level": { type: "string", default: "info" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const port = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new CliUsageError(`--${name} must be a port number, not "${value}".`);
    return n;
  };
  const providers = Number(values.providers);
  if (!Number.isInteger(providers) || providers < 1 || providers > 3) throw new CliUsageError("--providers must be 1, 2 or 3.");
  const ipfsHttpPort = port("ipfs-port", values["ipfs-port"]);
  const started = Date.now();
  const { info, running } = await startDevnet({
    directory: path.resolve(values.dir ?? path.join(repoRoot, ".hearth")),
    repoRoot,
    reset: values.reset,
    chainPort: port("port", values.port),
    ipfsHttpPort,
    ipfsP2pPort: ipfsHttpPort + 1,
    providerApiPortBase: port("provider-port", values["provider-port"]),
    providers,
    logLevel: values["log-level"],
  });
  printBanner(info, (Date.now() - started) / 1000, values.dir ?? ".hearth");

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      process.stderr.write(`\n${signal}: stopping the devnet…\n`);
      running.stop().then(resolve, resolve);
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  process.stderr.write("devnet stopped.\n");
  return 0;
}

function printBanner(info: Record<string, unknown>, seconds: number, dir: string) {
  const i = info as {
    rpcUrl: string;
    chainId: number;
    contracts: Record<string, string>;
    ipfs: { gatewayUrl: string };
    providers: Array<{ name: string; address: string; apiUrl: string; energySource: string; carbonIntensity: number; price: Record<string, string> }>;
    accounts: Array<{ name: string; address: string; privateKey: string }>;
    gpu: { description: string; isSoftware: boolean; vendor: string; architecture: string };
  };
  const lines = [
    "",
    `  Hearth devnet ready in ${seconds.toFixed(1)} s`,
    "",
    `  Chain        ${i.rpcUrl}  (chain id ${i.chainId}, a block every second)`,
    `  IPFS         ${i.ipfs.gatewayUrl}/ipfs/<cid>  (gateway and pinning API)`,
    `  GPU          ${i.gpu.vendor} ${i.gpu.architecture} ${i.gpu.isSoftware ? "(SwiftShader: CPU, no GPU found)" : ""}`.trimEnd(),
    "",
    "  Contracts",
    ...Object.entries(i.contracts).map(([name, address]) => `    ${name.padEnd(11)} ${address}`),
    "",
    "  Providers",
    ...i.providers.map((p) => `    ${p.name.padEnd(11)} ${p.address}  ${p.apiUrl}  ${p.energySource} ${p.carbonIntensity} gCO2/kWh, from ${p.price.HRTH} HRTH`),
    "",
    "  Dev accounts (well-known test keys: never use them on a real chain)",
    ...i.accounts.map((a) => `    ${a.name.padEnd(11)} ${a.address}  ${a.privateKey}`),
    "",
    `  Network file  ${dir}/devnet.json   Logs  ${dir}/logs/`,
    "  Try:          npx hearth job submit examples/matmul-256.json --wait",
    "  Stop:         Ctrl-C",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
