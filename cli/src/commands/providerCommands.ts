import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { erc20Abi, formatEther, formatUnits, parseEventLogs, parseUnits, type Hex } from "viem";
import { claimRewards, getClaimableRewards } from "@hearth/sdk/actions/claimRewards";
import { readProvider } from "@hearth/sdk/actions/readProvider";
import { registerProvider } from "@hearth/sdk/actions/registerProvider";
import { releaseJob } from "@hearth/sdk/actions/releaseJob";
import { requestUnstake } from "@hearth/sdk/actions/requestUnstake";
import { setVerifier } from "@hearth/sdk/actions/setVerifier";
import { stake } from "@hearth/sdk/actions/stake";
import { withdrawOwed } from "@hearth/sdk/actions/withdrawOwed";
import { withdrawStake } from "@hearth/sdk/actions/withdrawStake";
import { assertNetwork } from "@hearth/sdk/chain/assertNetwork";
import { createHearthContext, type HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import { createIpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import { pinRemote } from "@hearth/sdk/ipfs/pinRemote";
import { loadProviderConfig, type ProviderConfig } from "@hearth/node/config/loadProviderConfig";
import { energySources } from "@hearth/node/config/providerConfigSchema";
import { createKeystore } from "@hearth/node/keys/createKeystore";
import { loadProviderAccount } from "@hearth/node/keys/loadProviderAccount";
import { createGpuRuntime } from "@hearth/node/runtime/createGpuRuntime";
import { humanLogStream } from "@hearth/node/logging/humanLogStream";
import type { JobSummary } from "@hearth/node/daemon/createProviderNode";
import { CliUsageError } from "../cliErrors.ts";
import { loadNetwork } from "../network/loadNetwork.ts";
import { paymentTokens, readTokenInfo } from "../network/paymentTokens.ts";
import { providerMetadata, type EnergySource } from "../provider/providerMetadata.ts";
import { readNodeStatus, type ReadNodeStatusReturnType } from "../provider/readNodeStatus.ts";

const defaultDir = () => process.env.HEARTH_PROVIDER_DIR ?? path.join(homedir(), ".hearth", "provider");

const configOption = { config: { type: "string" }, "rpc-url": { type: "string" }, json: { type: "boolean", default: false } } as const;

function configPath(value: string | undefined): string {
  const file = path.resolve(value ?? process.env.HEARTH_PROVIDER_CONFIG ?? path.join(defaultDir(), "config.json"));
  if (!existsSync(file)) {
    throw new CliUsageError(`No provider config at ${file}.`, { metaMessages: ["Create one with `hearth provider init`, or pass --config <file>."] });
  }
  return file;
}

/** The config, its key and a checked connection; `--rpc-url` overrides the config's endpoint for this command. */
async function openProvider(values: { config?: string | undefined; "rpc-url"?: string | undefined }): Promise<{ config: ProviderConfig; context: HearthContext }> {
  const config = loadProviderConfig(configPath(values.config));
  const account = await loadProviderAccount(config.key);
  const context = createHearthContext({ rpcUrl: values["rpc-url"] ?? config.rpcUrl, deployment: config.deployment, account });
  await assertNetwork(context);
  return { config, context };
}

function amountArg(value: string | undefined, what: string): bigint {
  if (!value) throw new CliUsageError(`Say how much HRTH to ${what}: e.g. \`hearth provider ${what} 1000\`.`);
  try {
    const amount = parseUnits(value, 18);
    if (amount <= 0n) throw new Error();
    return amount;
  } catch {
    throw new CliUsageError(`"${value}" is not an amount of HRTH.`);
  }
}

function out(json: boolean, value: unknown, text: string) {
  process.stdout.write(json ? `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n` : `${text}\n`);
}

/** The daemon's side of `provider status`: whether it runs, on what, and its jobs in hand and latest outcomes. */
function describeNode(node: ReadNodeStatusReturnType, tokens: readonly { token: string; symbol: string; decimals: number }[]): string[] {
  if (!node.running) return [`  node:       not running (${node.reason}); start it with \`hearth provider start\``];
  const { status } = node;
  const job = (j: JobSummary) => {
    const token = tokens.find((t) => t.token.toLowerCase() === j.token.toLowerCase());
    const paid = j.payout && token ? `, paid ${formatUnits(BigInt(j.payout), token.decimals)} ${token.symbol}` : "";
    return `job ${j.job_id} ${j.step}${paid}${j.reason ? ` (${j.reason})` : ""}`;
  };
  const recent = status.recent_jobs.filter((j) => !status.in_flight.some((f) => f.job_id === j.job_id)).slice(0, 5);
  return [
    `  node:       ${status.stopping ? "stopping" : "running"} at ${node.url} on ${status.adapter.description}${status.adapter.is_software ? (/swiftshader/i.test(status.adapter.description) ? " (on the CPU)" : " (a CPU adapter)") : ""}; energy ${status.energy_method}; at block ${status.last_block ?? "-"}`,
    `  in hand:    ${status.in_flight.length === 0 ? "no jobs" : status.in_flight.map(job).join("; ")}`,
    `  latest:     ${recent.length === 0 ? "no jobs yet" : recent.map(job).join("; ")}`,
  ];
}

/** `hearth provider <command>` */
export async function providerCommand(command: string | undefined, argv: string[]): Promise<number> {
  switch (command) {
    case "init":
      return init(argv);
    case "register": {
      const { values } = parseArgs({ args: argv, options: configOption });
      const file = configPath(values.config);
      const { config, context } = await openProvider(values);
      const registration = JSON.parse(readFileSync(path.join(path.dirname(file), "registration.json"), "utf8")) as { metadataCid: string };
      await registerProvider(context, { metadataCid: registration.metadataCid, carbonIntensity: config.carbonIntensity });
      out(values.json, { address: context.walletClient!.account.address, metadataCid: registration.metadataCid }, `Registered ${context.walletClient!.account.address} with metadata ${registration.metadataCid}. Next: \`hearth provider stake <AMOUNT>\`.`);
      return 0;
    }
    case "stake":
    case "unstake": {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: configOption });
      const amount = amountArg(positionals[0], command);
      const { context } = await openProvider(values);
      if (command === "stake") await stake(context, amount);
      else await requestUnstake(context, amount);
      const info = await readProvider(context, context.walletClient!.account.address);
      const text =
        command === "stake"
          ? `Staked ${formatUnits(amount, 18)} HRTH; bonded ${formatUnits(info.bonded, 18)} HRTH.`
          : `Unbonding ${formatUnits(info.unbonding, 18)} HRTH until ${new Date(Number(info.unbondingEnd) * 1000).toISOString()}; then \`hearth provider withdraw\`.`;
      out(values.json, info, text);
      return 0;
    }
    case "withdraw": {
      const { values } = parseArgs({ args: argv, options: configOption });
      const { context } = await openProvider(values);
      const before = await readProvider(context, context.walletClient!.account.address);
      await withdrawStake(context);
      out(values.json, { withdrawn: before.unbonding }, `Withdrew ${formatUnits(before.unbonding, 18)} HRTH of unbonded stake.`);
      return 0;
    }
    case "claim": {
      const { values } = parseArgs({ args: argv, options: configOption });
      const { context } = await openProvider(values);
      const rewards = await claimRewards(context);
      const { token, stablecoin } = context.deployment.contracts;
      const earnedHrth = await withdrawOwed(context, token);
      const earnedUsd = stablecoin ? await withdrawOwed(context, stablecoin) : 0n;
      const nothing = rewards.total === 0n && earnedHrth === 0n && earnedUsd === 0n;
      out(
        values.json,
        { rewards: rewards.total, epochs: rewards.epochs, earnedHrth, earnedUsd },
        nothing
          ? "Nothing to claim: no ended epoch holds rewards for this provider and no earnings wait in the market (a running node collects both)."
          : `Claimed ${formatUnits(rewards.total, 18)} HRTH of rewards (${rewards.epochs.length} epoch${rewards.epochs.length === 1 ? "" : "s"}) and withdrew ${formatUnits(earnedHrth, 18)} HRTH${stablecoin ? ` and ${formatUnits(earnedUsd, 6)} tUSD` : ""} of earnings.`,
      );
      return 0;
    }
    case "release": {
      // By hand, what the daemon does for a job it cannot deliver: give it back before the deadline.
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: configOption });
      if (!positionals[0] || !/^[1-9][0-9]*$/.test(positionals[0])) {
        throw new CliUsageError("Say which job to give back: `hearth provider release <JOB_ID>`.");
      }
      const { context } = await openProvider(values);
      const { receipt } = await releaseJob(context, BigInt(positionals[0]));
      const [event] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobReleased", logs: receipt.logs });
      const slashed = event?.args.collateralSlashed ?? 0n;
      out(
        values.json,
        { jobId: positionals[0], collateralSlashed: slashed },
        `Released job ${positionals[0]}: it is open for other providers again; ${formatUnits(slashed, 18)} HRTH of collateral went to the requester.`,
      );
      return 0;
    }
    case "verify": {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: configOption });
      if (positionals[0] !== "on" && positionals[0] !== "off") throw new CliUsageError("Use `hearth provider verify on` or `off`.");
      const { context } = await openProvider(values);
      await setVerifier(context, positionals[0] === "on");
      out(values.json, { verifier: positionals[0] === "on" }, `Verification ${positionals[0]}.`);
      return 0;
    }
    case "status": {
      const { values } = parseArgs({ args: argv, options: configOption });
      const { config, context } = await openProvider(values);
      const address = context.walletClient!.account.address;
      const info = await readProvider(context, address);
      const hrth = (v: bigint) => `${formatUnits(v, 18)} HRTH`;
      const now = BigInt(Math.floor(Date.now() / 1000));
      // Rewards waiting to be claimed, and payouts waiting in the market (the daemon collects both unless told not to).
      const claimable = await getClaimableRewards(context, address);
      const claimableTotal = claimable.reduce((sum, entry) => sum + entry.amount, 0n);
      const owed = await Promise.all(
        paymentTokens(context).map(async (token) => {
          const [{ symbol, decimals }, amount, balance] = await Promise.all([
            readTokenInfo(context, token),
            context.publicClient.readContract({ address: context.deployment.contracts.market, abi: jobMarketAbi, functionName: "owed", args: [token, address] }),
            context.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [address] }),
          ]);
          return { token, symbol, decimals, amount, balance };
        }),
      );
      const eth = await context.publicClient.getBalance({ address });
      const node = await readNodeStatus(config);
      out(
        values.json,
        {
          ...info,
          rewards: { claimable: claimableTotal, epochs: claimable },
          owed: owed.map(({ token, symbol, amount }) => ({ token, symbol, amount })),
          wallet: { eth, tokens: owed.map(({ token, symbol, balance }) => ({ token, symbol, balance })) },
          node: node.running ? { running: true, url: node.url, ...node.status } : node,
        },
        [
          `Provider ${info.address}${info.registered ? "" : " (not registered: run `hearth provider register`)"}`,
          `  stake:      ${hrth(info.bonded)} bonded, ${hrth(info.locked)} locked by jobs, ${hrth(info.free)} free`,
          `  unbonding:  ${hrth(info.unbonding)}${info.unbonding > 0n ? ` until ${new Date(Number(info.unbondingEnd) * 1000).toISOString()}` : ""}`,
          `  standing:   ${info.jailedUntil > now ? `JAILED until ${new Date(Number(info.jailedUntil) * 1000).toISOString()}` : "in good standing"}${info.verifier ? ", verifier" : ""}`,
          `  jobs:       ${info.stats.completed} completed, ${info.stats.released} given back, ${info.stats.expired} expired, disputes ${info.stats.disputesWon} won / ${info.stats.disputesLost} lost`,
          `  GPU time:   ${info.stats.gpuSeconds} s attested; jobs worth ${hrth(info.stats.earnedPoints)} in total (their prices in HRTH, what epoch rewards are shared by)`,
          `  rewards:    ${hrth(claimableTotal)} claimable${claimable.length > 0 ? ` for ${claimable.length} epoch(s): \`hearth provider claim\`` : ""}`,
          `  earnings:   ${owed.map((o) => `${formatUnits(o.amount, o.decimals)} ${o.symbol}`).join(", ")} waiting in the market${owed.some((o) => o.amount > 0n) ? ": `hearth provider claim` (or the running node) collects them" : ""}`,
          `  wallet:     ${owed.map((o) => `${formatUnits(o.balance, o.decimals)} ${o.symbol}`).join(", ")}; ${formatEther(eth)} ETH for gas${eth === 0n ? " (fund it: every transaction needs gas)" : ""}`,
          `  declared:   ${config.energySource}, ${info.registered ? info.carbonIntensity : config.carbonIntensity} gCO2/kWh, ${config.region}`,
          ...describeNode(node, owed),
        ].join("\n"),
      );
      return 0;
    }
    case "start": {
      const { values } = parseArgs({ args: argv, options: { config: { type: "string" }, "log-format": { type: "string" } } });
      const format = values["log-format"] ?? (process.stdout.isTTY ? "pretty" : "json");
      if (format !== "pretty" && format !== "json") throw new CliUsageError(`--log-format must be pretty or json, not "${format}".`);
      const { runProviderNode } = await import("@hearth/node/main");
      // At a terminal, one readable line per event; piped to a file or a log shipper, pino's JSON lines.
      const running = await runProviderNode(configPath(values.config), {
        logDestination: format === "pretty" ? humanLogStream(process.stdout, { omit: ["provider"] }) : undefined,
      });
      await running.closed; // until SIGINT/SIGTERM has parked or finished the job in hand
      return 0;
    }
    default:
      throw new CliUsageError(`Unknown provider command "${command ?? ""}".`, { metaMessages: ["Run `hearth help`."] });
  }
}

/** `hearth provider init`: key, GPU detection, metadata on IPFS, config file. */
async function init(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: "string" },
      network: { type: "string" },
      "rpc-url": { type: "string" },
      name: { type: "string", default: "my-gpu" },
      region: { type: "string" },
      price: { type: "string", default: "0.5" },
      "price-usd": { type: "string" },
      energy: { type: "string" },
      carbon: { type: "string" },
      power: { type: "string" },
      "api-port": { type: "string", default: "8600" },
      "import-key": { type: "boolean", default: false },
      verify: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const dir = path.resolve(values.dir ?? defaultDir());
  const configFile = path.join(dir, "config.json");
  if (existsSync(configFile)) {
    throw new CliUsageError(`${configFile} already exists.`, { metaMessages: ["Edit it, or pick another folder with --dir."] });
  }
  const network = loadNetwork({ network: values.network, rpcUrl: values["rpc-url"] });
  const region = values.region ?? (await ask("Region (e.g. eu-west)", "unknown"));
  const energy = (values.energy ?? (await ask(`Energy source (${energySources.join(", ")})`, "grid"))) as EnergySource;
  if (!(energySources as readonly string[]).includes(energy)) throw new CliUsageError(`--energy must be one of ${energySources.join(", ")}.`);
  const carbon = Number(values.carbon ?? (await ask("Carbon intensity in gCO2/kWh", "400")));
  if (!Number.isInteger(carbon) || carbon < 0 || carbon > 2000) throw new CliUsageError("--carbon must be a whole number of gCO2/kWh from 0 to 2000.");
  const power = Number(values.power ?? (await ask("Power drawn while busy, in watts", "300")));
  if (!(power > 0)) throw new CliUsageError("--power must be a positive number of watts.");
  const priceHrth = parseUnits(values.price, 18);
  const priceUsd = values["price-usd"] ? parseUnits(values["price-usd"], 6) : undefined;

  const password = process.env.HEARTH_KEYSTORE_PASSWORD ?? (await ask("Keystore password (8+ characters)", undefined, true));
  const importKey = values["import-key"] ? (process.env.HEARTH_IMPORT_KEY as Hex | undefined) : undefined;
  if (values["import-key"] && !importKey) throw new CliUsageError("--import-key reads the key from HEARTH_IMPORT_KEY, which is not set.");
  mkdirSync(dir, { recursive: true });
  const keystore = await createKeystore({ path: path.join(dir, "keystore.json"), password, privateKey: importKey });

  process.stderr.write("Detecting the GPU through WebGPU…\n");
  // Only the adapter's description is needed here: the node checks its matrix-unit kernel when it starts.
  const runtime = await createGpuRuntime({ matrixKernels: [] });
  const adapter = runtime.adapter;
  await runtime.close();
  const apiPort = Number(values["api-port"]);
  const metadata = providerMetadata(adapter, {
    name: values.name,
    region,
    price: { HRTH: values.price, ...(values["price-usd"] ? { tUSD: values["price-usd"] } : {}) },
    energySource: energy,
    carbonIntensity: carbon,
    declaredPowerWatts: power,
    endpoint: `http://127.0.0.1:${apiPort}`,
  });
  const ipfs = await createIpfsNode({ directory: path.join(dir, "ipfs"), peers: network.ipfs?.multiaddrs ?? [] });
  let metadataCid: string;
  try {
    metadataCid = await ipfs.add(JSON.stringify(metadata), { pin: true });
    if (network.ipfs?.pinningUrl) await pinRemote({ url: network.ipfs.pinningUrl, cid: metadataCid, origins: await ipfs.multiaddrs() });
  } finally {
    await ipfs.stop();
  }
  writeFileSync(path.join(dir, "metadata.json"), `${JSON.stringify(metadata, null, 2)}\n`);
  writeFileSync(path.join(dir, "registration.json"), `${JSON.stringify({ metadataCid }, null, 2)}\n`);
  const minPrice: Record<string, string> = { HRTH: priceHrth.toString() };
  if (priceUsd !== undefined) minPrice.USD = priceUsd.toString();
  const config = {
    rpcUrl: network.rpcUrl,
    deployment: { chainId: network.chainId, startBlock: network.startBlock, contracts: network.contracts },
    key: { keystore: "keystore.json" },
    dataDir: ".",
    ipfs: { host: "127.0.0.1", port: 0, peers: network.ipfs?.multiaddrs ?? [], ...(network.ipfs?.pinningUrl ? { pinningUrl: network.ipfs.pinningUrl } : {}) },
    api: { host: "127.0.0.1", port: apiPort },
    pricing: { minPrice },
    region,
    energySource: energy,
    carbonIntensity: carbon,
    declaredPowerWatts: power,
    verify: values.verify,
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  out(
    values.json,
    { address: keystore.address, config: configFile, metadataCid, gpu: metadata.gpu },
    [
      `Provider key ${keystore.address} (encrypted in ${keystore.path})`,
      `GPU:       ${adapter.vendor} ${adapter.architecture} ${adapter.description}${adapter.isSoftware ? " (software: SwiftShader)" : ""}`,
      `Metadata:  ${metadataCid}`,
      `Config:    ${configFile}`,
      "",
      "Next: fund the address with ETH for gas and HRTH to stake, then",
      `  hearth provider register --config ${configFile}`,
      `  hearth provider stake 1000 --config ${configFile}`,
      `  hearth provider start --config ${configFile}`,
    ].join("\n"),
  );
  return 0;
}

/** Asks on the terminal; without one, takes the default or fails with what flag to pass. */
async function ask(question: string, fallback: string | undefined, secret = false): Promise<string> {
  if (!process.stdin.isTTY) {
    if (fallback !== undefined) return fallback;
    throw new CliUsageError(`${question}: no terminal to ask on.`, { metaMessages: ["Pass it as a flag or set HEARTH_KEYSTORE_PASSWORD."] });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (secret) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(question)) write.call(rl, s);
    };
  }
  const answer = await new Promise<string>((resolve) => rl.question(`${question}${fallback ? ` [${fallback}]` : ""}: `, resolve));
  rl.close();
  if (secret) process.stderr.write("\n");
  return answer.trim() || fallback || "";
}
