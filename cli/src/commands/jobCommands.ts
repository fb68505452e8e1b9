import path from "node:path";
import { parseArgs } from "node:util";
import { formatUnits, getAddress, isAddress, parseUnits, type Address } from "viem";
import { cancelJob } from "@hearth/sdk/actions/cancelJob";
import { challengeJob } from "@hearth/sdk/actions/challengeJob";
import { createJob } from "@hearth/sdk/actions/createJob";
import { finalizeJob } from "@hearth/sdk/actions/finalizeJob";
import { expireJob } from "@hearth/sdk/actions/expireJob";
import { getJob, type HearthJob } from "@hearth/sdk/actions/getJob";
import { getJobAttestation, getJobCreation } from "@hearth/sdk/actions/getJobEvents";
import { listJobs } from "@hearth/sdk/actions/listJobs";
import { verifyJobResult, type VerifyJobResultReturnType } from "@hearth/sdk/actions/verifyJobResult";
import { fetchJobResult } from "@hearth/sdk/actions/fetchJobResult";
import { waitForJob } from "@hearth/sdk/actions/waitForJob";
import { withdrawOwed } from "@hearth/sdk/actions/withdrawOwed";
import { createHearthContext, type HearthContext } from "@hearth/sdk/chain/createHearthContext";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import { jobSpecBounds, parseJobSpec } from "@hearth/sdk/spec/jobSpec";
import { checkJobShader, describeShaderProblems } from "@hearth/node/runtime/checkJobShader";
import { CliUsageError, CliVerificationError } from "../cliErrors.ts";
import { loadAccount } from "../network/loadAccount.ts";
import { loadNetwork, type NetworkInfo } from "../network/loadNetwork.ts";
import { openClientIpfs, type ClientIpfs } from "../network/openClientIpfs.ts";
import { paymentTokens, parseTokenOption, readTokenInfo, tokenAddress } from "../network/paymentTokens.ts";
import { createProgress } from "../ui/createProgress.ts";
import { readJobSpecFile } from "./readJobSpecFile.ts";
import { localReference } from "./runReference.ts";

const commonOptions = {
  network: { type: "string" },
  "rpc-url": { type: "string" },
  account: { type: "string" },
  keystore: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

type Opened = { network: NetworkInfo; context: HearthContext; ipfs: ClientIpfs | undefined };

async function open(values: { network?: string; "rpc-url"?: string; account?: string; keystore?: string }, withIpfs: boolean): Promise<Opened> {
  const network = loadNetwork({ network: values.network, rpcUrl: values["rpc-url"] });
  const account = await loadAccount(network, { account: values.account, keystore: values.keystore, fallback: "requester" });
  const ipfs = withIpfs ? await openClientIpfs(network) : undefined;
  const context = createHearthContext({ rpcUrl: network.rpcUrl, deployment: network, account, ipfs: ipfs?.node });
  return { network, context, ipfs };
}

function parseJobId(value: string | undefined): bigint {
  if (!value || !/^[0-9]+$/.test(value)) throw new CliUsageError(`"${value ?? ""}" is not a job id (a positive whole number).`);
  return BigInt(value);
}

/** `hearth job submit <spec.json> [--pay AMOUNT] [--token HRTH|USD] [--provider ADDR] [--max-carbon G] [--wait] [--json]` */
export async function jobSubmit(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...commonOptions,
      pay: { type: "string" },
      token: { type: "string", default: "HRTH" },
      provider: { type: "string" },
      "max-carbon": { type: "string" },
      deadline: { type: "string", default: "600" },
      input: { type: "string", multiple: true },
      wait: { type: "boolean", default: false },
      approve: { type: "boolean", default: false },
      "no-verify": { type: "boolean", default: false },
      timeout: { type: "string", default: "600" },
    },
  });
  const specPath = positionals[0];
  if (!specPath) throw new CliUsageError("Name the job spec: `hearth job submit <spec.json>`.");
  const { spec, files } = await readJobSpecFile(specPath, values.input ?? []);
  const token = parseTokenOption(values.token);
  if (values.provider !== undefined && !isAddress(values.provider)) throw new CliUsageError(`--provider "${values.provider}" is not an address.`);
  const maxCarbon = values["max-carbon"] === undefined ? 0 : Number(values["max-carbon"]);
  if (!Number.isInteger(maxCarbon) || maxCarbon < 0) throw new CliUsageError("--max-carbon must be a whole number of gCO2/kWh.");
  const ttl = Number(values.deadline);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new CliUsageError("--deadline must be a number of seconds from now.");

  const progress = createProgress({ quiet: false });
  const { context, ipfs } = await open(values, true);
  try {
    const paymentToken = tokenAddress(context, token);
    const { symbol, decimals } = await readTokenInfo(context, paymentToken);
    let price: bigint;
    try {
      price = parseUnits(values.pay ?? "1", decimals);
    } catch {
      throw new CliUsageError(`--pay "${values.pay}" is not an amount of ${symbol}.`);
    }
    if (price <= 0n) throw new CliUsageError("--pay must be more than zero.");

    for (const [cid, file] of files) {
      const added = await ipfs!.node.add(file.bytes, { pin: true });
      if (added !== cid) throw new Error(`IPFS named input ${file.name} ${added}, not ${cid} as computed: the import options differ.`);
      await ipfs!.publish(cid, file.name);
    }

    // A shader that does not compile would be claimed and given back by every provider: say so before paying.
    const shaderCheck = await checkJobShader(parseJobSpec(spec), async (cid) =>
      new TextDecoder().decode(await ipfs!.node.cat(cid, { maxBytes: jobSpecBounds.maxShaderBytes, timeoutMs: 15_000 })),
    );
    if (shaderCheck && !shaderCheck.ok) {
      throw new CliUsageError("The job's shader does not build (WGSL compile or pipeline error), so no provider could run it; nothing was signed or paid.", {
        metaMessages: [...describeShaderProblems(shaderCheck), "Fix the shader (or check it with validateWgsl from @hearth/node) and submit again."],
      });
    }

    const created = await createJob(context, {
      spec,
      token: paymentToken,
      price,
      ttlSeconds: ttl,
      provider: values.provider ? getAddress(values.provider) : undefined,
      maxCarbon,
      payWith: values.approve ? "approve" : "permit",
      publish: (cid) => ipfs!.publish(cid, "spec"),
      onProgress: (stage, detail) =>
        progress.stage(stage, stage === "uploaded" ? String(detail.specCid) : `job ${String(detail.jobId)}`),
    });
    const summary: Record<string, unknown> = {
      jobId: created.jobId.toString(),
      status: "open",
      provider: null,
      price: price.toString(),
      token: symbol,
      resultCid: null,
      outputs: [],
      verified: false,
      energyJoules: null,
      gasUsed: Number(created.gasUsed),
    };
    if (!values.wait) {
      progress.done();
      print(values.json, summary, `Job ${created.jobId} created (${formatUnits(price, decimals)} ${symbol} escrowed). Follow it with \`hearth job status ${created.jobId}\`.`);
      return 0;
    }

    const timeoutMs = Number(values.timeout) * 1000;
    const submitted = await waitForJob(context, created.jobId, {
      until: "submitted",
      timeoutMs,
      onStage: (stage, job) =>
        stage === "released"
          ? progress.note("released: the provider gave the job back; it is open for another provider")
          : progress.stage(stage, job.provider ? `by ${job.provider.slice(0, 10)}…` : undefined),
    });
    let verification: VerifyJobResultReturnType | undefined;
    if (submitted.attestation) {
      verification = values["no-verify"]
        ? undefined
        : await verifyJobResult({ ...context, ipfs: ipfs!.node }, created.jobId, { runReference: localReference(ipfs!.node) });
      if (verification) progress.note(verification.verified ? "result verified" : "result FAILED verification");
    }
    let final = submitted.job;
    // A result that failed its check is reported at once, while its challenge window is still open; waiting for
    // the window to pass would also let the job be finalized and paid.
    const failed = verification !== undefined && !verification.verified;
    if (!failed && (submitted.job.status === "submitted" || submitted.job.status === "disputed")) {
      final = await waitUntilFinal(context, created.jobId, timeoutMs, (stage, job) => progress.stage(stage, job.status));
    }
    progress.done();
    const fetched = verification ?? (submitted.attestation ? await fetchJobResult({ ...context, ipfs: ipfs!.node }, created.jobId) : undefined);
    Object.assign(summary, {
      status: final.status,
      provider: final.provider ?? null,
      resultCid: submitted.attestation?.resultCid ?? null,
      outputs: fetched?.manifest.outputs.map((o) => ({ name: o.name, cid: o.cid, bytes: o.bytes })) ?? [],
      verified: verification?.verified ?? false,
      energyJoules: submitted.attestation ? Number(submitted.attestation.energyMillijoules) / 1000 : null,
    });
    const ok = final.status === "finalized" && (values["no-verify"] || verification?.verified === true);
    print(values.json, summary, describe(summary));
    if (failed && verification) {
      const windowEnd = await context.publicClient.readContract({
        address: context.deployment.contracts.market,
        abi: jobMarketAbi,
        functionName: "challengeWindowEnd",
        args: [created.jobId],
      });
      throw new CliVerificationError(`Job ${created.jobId}'s result failed verification (${verification.verification.method}).`, {
        metaMessages: [
          `Challenge it before ${new Date(Number(windowEnd) * 1000).toISOString()} (chain time), when its window closes:`,
          `hearth job challenge ${created.jobId}`,
        ],
      });
    }
    return ok ? 0 : 1;
  } finally {
    await ipfs?.stop();
  }
}

/** Waits for a final state; if the provider has not finalized a few seconds after the window, finalizes itself. */
async function waitUntilFinal(
  context: HearthContext,
  jobId: bigint,
  timeoutMs: number,
  onStage: (stage: "finalized", job: HearthJob) => void,
): Promise<HearthJob> {
  const deadline = Date.now() + timeoutMs;
  const windowEnd = await context.publicClient.readContract({
    address: context.deployment.contracts.market,
    abi: jobMarketAbi,
    functionName: "challengeWindowEnd",
    args: [jobId],
  });
  for (;;) {
    const job = await getJob(context, jobId);
    if (["finalized", "cancelled", "expired", "rejected"].includes(job.status)) {
      if (job.status === "finalized") onStage("finalized", job);
      return job;
    }
    const now = (await context.publicClient.getBlock()).timestamp;
    if (job.status === "submitted" && now > windowEnd + 5n) {
      await finalizeJob(context, jobId).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function describe(summary: Record<string, unknown>): string {
  const outputs = (summary.outputs as Array<{ name: string; cid: string; bytes: number }>).map((o) => `  ${o.name}: ${o.cid} (${o.bytes} bytes)`);
  return [
    `Job ${summary.jobId}: ${summary.status}${summary.verified ? ", verified" : ""}`,
    `  provider: ${summary.provider ?? "-"}`,
    `  result:   ${summary.resultCid ?? "-"}`,
    ...outputs,
    `  energy:   ${summary.energyJoules ?? "-"} J`,
  ].join("\n");
}

function print(json: boolean, value: unknown, text: string) {
  if (json) process.stdout.write(`${JSON.stringify(value)}\n`);
  else process.stdout.write(`${text}\n`);
}

/** `hearth job status <id>` */
export async function jobStatus(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: commonOptions });
  const jobId = parseJobId(positionals[0]);
  const { context } = await open(values, false);
  const job = await getJob(context, jobId);
  const [creation, attestation] = await Promise.all([getJobCreation(context, jobId), getJobAttestation(context, jobId)]);
  const { symbol, decimals } = await readTokenInfo(context, job.token);
  const value = {
    jobId: jobId.toString(),
    status: job.status,
    requester: job.requester,
    provider: job.claimedBy ?? null,
    reservedFor: job.reservedFor ?? null,
    price: job.price.toString(),
    token: symbol,
    deadline: Number(job.deadline),
    specCid: creation?.specCid ?? null,
    resultCid: attestation?.resultCid ?? null,
    outputRoot: attestation?.outputRoot ?? null,
    gpuTimeMs: attestation ? Number(attestation.gpuTimeMs) : null,
    energyJoules: attestation ? Number(attestation.energyMillijoules) / 1000 : null,
    energyEstimated: attestation?.energyEstimated ?? null,
    device: attestation?.device ?? null,
    verifiedBySampling: job.verified,
  };
  print(
    values.json,
    value,
    [
      `Job ${jobId}: ${job.status}`,
      `  price:    ${formatUnits(job.price, decimals)} ${symbol}`,
      `  provider: ${value.provider ?? (value.reservedFor ? `none yet (reserved for ${value.reservedFor})` : "none yet")}`,
      `  spec:     ${value.specCid ?? "-"}`,
      `  result:   ${value.resultCid ?? "-"}`,
      `  deadline: ${new Date(Number(job.deadline) * 1000).toISOString()}`,
      attestation ? `  metrics:  ${value.gpuTimeMs} ms GPU, ${value.energyJoules} J${attestation.energyEstimated ? " (estimated)" : ""} on ${attestation.device}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  return 0;
}

/** `hearth job result <id> [--out DIR]` and `hearth job verify <id>` */
export async function jobResult(argv: string[], verify: boolean): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...commonOptions, out: { type: "string" } },
  });
  const jobId = parseJobId(positionals[0]);
  const { context, ipfs } = await open(values, true);
  try {
    const withIpfs = { ...context, ipfs: ipfs!.node };
    const result = verify
      ? await verifyJobResult(withIpfs, jobId, { runReference: localReference(ipfs!.node) })
      : await fetchJobResult(withIpfs, jobId);
    if (values.out) {
      const { mkdirSync, writeFileSync } = await import("node:fs");
      mkdirSync(values.out, { recursive: true });
      for (const output of result.outputs) writeFileSync(path.join(values.out, `${output.name}.bin`), output.bytes);
    }
    const verified = "verified" in result ? result.verified : undefined;
    const value = {
      jobId: jobId.toString(),
      resultCid: result.attestation.resultCid,
      outputRoot: result.attestation.outputRoot,
      outputs: result.manifest.outputs,
      device: result.manifest.device,
      energy: result.manifest.energy,
      timings: result.manifest.timings,
      ...(verified === undefined ? {} : { verified, method: (result as VerifyJobResultReturnType).verification.method }),
    };
    print(
      values.json,
      value,
      [
        `Job ${jobId} result ${value.resultCid} (outputs match the attested root ${value.outputRoot.slice(0, 12)}…)`,
        ...result.manifest.outputs.map((o) => `  ${o.name}: ${o.cid} (${o.bytes} bytes)`),
        verified === undefined ? "" : verified ? `  verified by ${value.method}` : `  FAILED ${value.method} verification`,
        values.out ? `  written to ${values.out}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    );
    if (verified === false) {
      throw new CliVerificationError(`Job ${jobId}'s result failed verification.`, {
        metaMessages: [`Challenge it within the window: hearth job challenge ${jobId}`],
      });
    }
    return 0;
  } finally {
    await ipfs?.stop();
  }
}

/** `hearth job challenge|cancel|finalize|expire <id>` */
export async function jobAction(argv: string[], action: "challenge" | "cancel" | "finalize" | "expire"): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: commonOptions });
  const jobId = parseJobId(positionals[0]);
  const { context } = await open(values, false);
  const job = await getJob(context, jobId);
  let message: string;
  const extra: Record<string, unknown> = {};
  if (action === "challenge") {
    const result = await challengeJob(context, jobId);
    extra.bond = result.bond.toString();
    message = `Challenged job ${jobId} with a bond of ${formatUnits(result.bond, 18)} HRTH; a committee will be drawn.`;
  } else if (action === "cancel") {
    await cancelJob(context, jobId);
    message = `Cancelled job ${jobId}; the escrow was returned.`;
  } else if (action === "finalize") {
    await finalizeJob(context, jobId);
    message = `Finalized job ${jobId}.`;
  } else {
    await expireJob(context, jobId);
    // The refund (with the slashed part of the provider's collateral) is owed to the requester: collect it when
    // the requester is the one expiring the job; anyone else leaves it for `hearth job withdraw`.
    const caller = context.walletClient?.account.address;
    const refunded = caller && getAddress(caller) === getAddress(job.requester) ? await withdrawOwed(context, job.token) : 0n;
    extra.refunded = refunded.toString();
    const { symbol, decimals } = await readTokenInfo(context, job.token);
    message =
      refunded > 0n
        ? `Expired job ${jobId}; ${formatUnits(refunded, decimals)} ${symbol} refunded to your wallet.`
        : `Expired job ${jobId}; the requester collects the refund with \`hearth job withdraw\`.`;
  }
  const after = await getJob(context, jobId);
  print(values.json, { jobId: jobId.toString(), status: after.status, ...extra }, message);
  return 0;
}

/**
 * `hearth job withdraw [--token HRTH|USD|ADDR]`: collects what the job market holds for this account in each
 * payment token (a refund after an expiry or a lost dispute, a challenger's bond and bounty, a provider's payouts).
 */
export async function jobWithdraw(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...commonOptions, token: { type: "string" } } });
  if (positionals.length > 0) throw new CliUsageError(`hearth job withdraw takes no job id (got "${positionals[0]}"): it collects everything owed to the account.`);
  const choice = values.token === undefined ? undefined : parseTokenOption(values.token);
  const { context } = await open(values, false);
  const tokens = choice === undefined ? paymentTokens(context) : [tokenAddress(context, choice)];
  const withdrawn: Array<{ token: Address; symbol: string; amount: string }> = [];
  const lines: string[] = [];
  for (const token of tokens) {
    const { symbol, decimals } = await readTokenInfo(context, token);
    const amount = await withdrawOwed(context, token);
    withdrawn.push({ token: getAddress(token), symbol, amount: amount.toString() });
    lines.push(amount > 0n ? `Withdrew ${formatUnits(amount, decimals)} ${symbol} from the job market.` : `Nothing owed in ${symbol}.`);
  }
  print(values.json, { account: context.walletClient!.account.address, withdrawn }, lines.join("\n"));
  return 0;
}

/**
 * `hearth job list [--all] [--limit N] [--json]`: the account's jobs (every requester's with `--all`), newest first,
 * from the chain, each with what can be done about it now; then what the market holds for the account.
 */
export async function jobList(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...commonOptions, all: { type: "boolean", default: false }, limit: { type: "string", default: "20" } },
  });
  if (positionals.length > 0) throw new CliUsageError(`hearth job list takes no arguments (got "${positionals[0]}"); see a job with \`hearth job status <id>\`.`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliUsageError("--limit must be a whole number from 1 to 500.");
  const { context } = await open(values, false);
  const account = context.walletClient!.account.address;
  const [jobs, block, tokens] = await Promise.all([
    listJobs(context, { requester: values.all ? undefined : account, limit }),
    context.publicClient.getBlock(),
    Promise.all(
      paymentTokens(context).map(async (token) => ({
        token,
        ...(await readTokenInfo(context, token)),
        owed: await context.publicClient.readContract({ address: context.deployment.contracts.market, abi: jobMarketAbi, functionName: "owed", args: [token, account] }),
      })),
    ),
  ]);
  const tokenOf = (address: Address) => tokens.find((t) => t.token.toLowerCase() === address.toLowerCase());
  const next = (job: (typeof jobs)[number]): string | undefined => {
    const mine = job.requester.toLowerCase() === account.toLowerCase();
    if (job.status === "open" && mine) return `cancel: hearth job cancel ${job.id}`;
    if ((job.status === "open" || job.status === "assigned") && block.timestamp >= job.deadline) return `past its deadline: hearth job expire ${job.id}`;
    return undefined;
  };
  const owed = tokens.filter((t) => t.owed > 0n);
  const value = {
    account,
    jobs: jobs.map((job) => ({
      jobId: job.id.toString(),
      status: job.status,
      requester: job.requester,
      provider: job.claimedBy ?? null,
      reservedFor: job.reservedFor ?? null,
      token: tokenOf(job.token)?.symbol ?? job.token,
      price: job.price.toString(),
      deadline: Number(job.deadline),
      specCid: job.specCid,
    })),
    owed: owed.map((t) => ({ token: t.symbol, amount: t.owed.toString() })),
  };
  const amount = (v: bigint, token: Address) => {
    const info = tokenOf(token);
    return info ? `${formatUnits(v, info.decimals)} ${info.symbol}` : `${v} (token ${token})`;
  };
  const lines = [
    jobs.length === 0
      ? values.all
        ? "No jobs on this network yet."
        : `No jobs created by ${account}. Submit one with \`hearth job submit <spec.json>\` (or see every job with --all).`
      : `${values.all ? "Jobs" : `Jobs created by ${account}`}, newest first:`,
    ...jobs.map((job) => {
      const hint = next(job);
      return [
        `  #${String(job.id).padEnd(5)} ${job.status.padEnd(10)} ${amount(job.price, job.token).padEnd(14)}`,
        job.claimedBy ? `by ${job.claimedBy}` : job.reservedFor ? `unclaimed, reserved for ${job.reservedFor}` : "unclaimed",
        `deadline ${new Date(Number(job.deadline) * 1000).toISOString()}`,
        ...(values.all ? [`requester ${job.requester}`] : []),
        ...(hint ? [`(${hint})`] : []),
      ].join("  ");
    }),
    ...(owed.length > 0 ? [`The market holds ${owed.map((t) => amount(t.owed, t.token)).join(" and ")} for you: \`hearth job withdraw\`.`] : []),
  ];
  print(values.json, value, lines.join("\n"));
  return 0;
}
