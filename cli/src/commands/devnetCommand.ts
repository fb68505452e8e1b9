import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { CliUsageError } from "../cliErrors.ts";
import { parseFaultFlags } from "../devnet/parseFaultFlags.ts";
import { devnetProviderNames, startDevnet } from "../devnet/startDevnet.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const help = `hearth devnet — a whole Hearth network on this machine

  --reset                 also wipe the devnet's IPFS data (the chain always starts fresh)
  --port N                chain RPC port (default 8545); other ports follow unless given:
  --ipfs-port N           IPFS gateway + pinning API (default 8180); libp2p on N+1
  --provider-port N       first provider node's API (default 8201, then 8202, …)
  --providers N           provider nodes to start, 1-3 (default 3)
  --indexer-port N        the indexer's HTTP API (default 8300); --no-indexer to skip it
  --app-port N            the web app (default 3000); --no-app to skip it
  --dir DIR               state folder (default .hearth in the repository)
  --log-level LEVEL       info (default), debug, warn
  --fault NAME=MODE[,MODE]  tests and demos only, with HEARTH_ALLOW_FAULTS=1: make provider NAME cheat on
                          purpose (wrongOutput, neverSubmit, neverReveal, perturbWithinTolerance); repeatable`;

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
      "indexer-port": { type: "string", default: process.env.HEARTH_INDEXER_PORT ?? "8300" },
      "app-port": { type: "string", default: process.env.HEARTH_APP_PORT ?? "3000" },
      "no-indexer": { type: "boolean", default: false },
      "no-app": { type: "boolean", default: false },
      dir: { type: "string" },
      "log-level": { type: "string", default: "info" },
      fault: { type: "string", multiple: true, default: [] },
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
  const faults = parseFaultFlags(values.fault, { providers: devnetProviderNames.slice(0, providers), env: process.env });
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
    indexerPort: values["no-indexer"] ? undefined : port("indexer-port", values["indexer-port"]),
    appPort: values["no-app"] ? undefined : port("app-port", values["app-port"]),
    logLevel: values["log-level"],
    faults,
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
    providers: Array<{
      name: string;
      address: string;
      apiUrl: string;
      energySource: string;
      carbonIntensity: number;
      price: Record<string, string>;
      faults?: string[];
    }>;
    accounts: Array<{ name: string; address: string; privateKey: string }>;
    gpu: { description: string; isSoftware: boolean; vendor: string; architecture: string };
    indexerUrl?: string;
    appUrl?: string;
  };
  const lines = [
    "",
    `  Hearth devnet ready in ${seconds.toFixed(1)} s`,
    "",
    `  Chain        ${i.rpcUrl}  (chain id ${i.chainId}, a block every second)`,
    `  IPFS         ${i.ipfs.gatewayUrl}/ipfs/<cid>  (gateway and pinning API)`,
    ...(i.indexerUrl ? [`  Indexer      ${i.indexerUrl}/v1/stats  (API description: ${i.indexerUrl}/openapi.json)`] : []),
    ...(i.appUrl ? [`  App          ${i.appUrl}`] : []),
    `  GPU          ${i.gpu.vendor} ${i.gpu.architecture} ${i.gpu.isSoftware ? "(SwiftShader: CPU, no GPU found)" : ""}`.trimEnd(),
    "",
    "  Contracts",
    ...Object.entries(i.contracts).map(([name, address]) => `    ${name.padEnd(11)} ${address}`),
    "",
    "  Providers",
    ...i.providers.map((p) => `    ${p.name.padEnd(11)} ${p.address}  ${p.apiUrl}  ${p.energySource} ${p.carbonIntensity} gCO2/kWh, from ${p.price.HRTH} HRTH`),
    "",
    ...faultLines(i.providers),
    "  Dev accounts (well-known test keys: never use them on a real chain)",
    ...i.accounts.map((a) => `    ${a.name.padEnd(11)} ${a.address}  ${a.privateKey}`),
    "",
    `  Network file  ${dir}/devnet.json   Logs  ${dir}/logs/`,
    "  Try:          npx hearth job submit examples/matmul-256.json --wait",
    "                npx hearth job check examples/prefix-sum.json --run   (your spec, run here, before paying)",
    "                npx hearth job list   (your jobs, and what the market holds for you)",
    "  Stop:         Ctrl-C",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Said loudly: a devnet with cheating providers must not be mistaken for a normal one. */
function faultLines(providers: Array<{ name: string; faults?: string[] }>): string[] {
  const faulty = providers.filter((p) => p.faults && p.faults.length > 0);
  if (faulty.length === 0) return [];
  return [
    "  !!! FAULT INJECTION IS ON (tests and demos only): these providers cheat on purpose and will be slashed",
    ...faulty.map((p) => `    ${p.name.padEnd(11)} ${p.faults!.join(", ")}`),
    "",
  ];
}
