import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, erc20Abi, http, parseEventLogs, type Address } from "viem";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import { computeCid } from "@hearth/sdk/ipfs/computeCid";
import { randomBytes } from "node:crypto";
import { repoRoot } from "./support/localChain.ts";
import { runHearth, startDevnetProcess, type DevnetProcess } from "./support/devnetProcess.ts";
import { doubled, doubleSpec } from "./support/doubleSpec.ts";
import { uncompilableSpec } from "./support/uncompilableSpec.ts";

// The project's main path, as a newcomer runs it: `hearth devnet`, then `hearth job submit … --wait --json`
// for every example, on real processes (chain, IPFS, three provider nodes on WebGPU/SwiftShader).

let devnet: DevnetProcess;
let client: ReturnType<typeof createPublicClient>;
let requester: Address;
let market: Address;
let hrth: Address;

const network = () => ["--network", devnet.networkFile];
const balance = (token: Address, account: Address) =>
  client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
const jobCount = () => client.readContract({ address: market, abi: jobMarketAbi, functionName: "jobCount" });

beforeAll(async () => {
  devnet = await startDevnetProcess();
  client = createPublicClient({ transport: http(devnet.info.rpcUrl) });
  requester = devnet.info.accounts.find((a) => a.name === "requester")!.address;
  market = devnet.info.contracts.market!;
  hrth = devnet.info.contracts.token!;
}, 360_000);

afterAll(async () => {
  const code = await devnet?.stop();
  expect(code).toBe(0); // Ctrl-C stops everything cleanly
}, 60_000);

describe("hearth devnet", () => {
  it("writes devnet.json with everything a client needs", () => {
    expect(devnet.info.chainId).toBe(31337);
    expect(devnet.info.providers).toHaveLength(3);
    for (const key of ["token", "staking", "market", "court", "rewards", "stablecoin"]) expect(devnet.info.contracts[key]).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(devnet.info.accounts.map((a) => a.name)).toContain("requester");
    expect(devnet.info.ipfs.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("serves the indexer and the web app and says where", async () => {
    const { indexerUrl, appUrl } = devnet.info as unknown as { indexerUrl: string; appUrl: string };
    // The devnet returns once the indexer answers; it may still be catching up with the first blocks.
    let providers = 0;
    for (let waited = 0; waited < 60_000 && providers < 3; waited += 500) {
      providers = ((await (await fetch(`${indexerUrl}/v1/stats`)).json()) as { providers: number }).providers;
      if (providers < 3) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(providers).toBe(3);
    const page = await fetch(appUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Hearth");
  }, 90_000);

  it("refuses a second devnet in the same folder with a clear message", async () => {
    const second = await runHearth(["devnet", "--dir", devnet.directory, "--port", "1"]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running/);
  });

  it("runs every example to a finalized, verified job and pays exactly price, fee and payout", async () => {
    const examples = ["matmul-256.json", "matmul-1024.json", "prefix-sum.json", "mlp-inference.json"];
    // One requester account per submission: they run at once, and one account's transactions are sequential.
    const payers = ["requester", "requester2", "challenger", "holder"].map((name) => devnet.info.accounts.find((a) => a.name === name)!.address);
    const before = await Promise.all(payers.map((payer) => balance(hrth, payer)));
    const runs = await Promise.all(
      examples.map((name, i) =>
        runHearth(["job", "submit", path.join(repoRoot, "examples", name), "--wait", "--json", "--pay", "1", "--account", ["requester", "requester2", "challenger", "holder"][i]!, ...network()]),
      ),
    );
    for (const [index, run] of runs.entries()) {
      expect(run.code, `${examples[index]}: ${run.stderr}`).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines).toHaveLength(1); // exactly one JSON object on stdout
      const result = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(result).toMatchObject({ status: "finalized", verified: true, token: "HRTH", price: "1000000000000000000" });
      expect(Object.keys(result).sort()).toEqual(
        ["energyJoules", "gasUsed", "jobId", "outputs", "price", "provider", "resultCid", "status", "token", "verified"].sort(),
      );
      expect((result.outputs as unknown[]).length).toBeGreaterThan(0);
      expect(result.energyJoules as number).toBeGreaterThan(0);

      // The market's own record of the payout: provider + treasury (+ verifier) == price, fee == 2.5 %.
      const logs = await client.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobFinalized", args: { jobId: BigInt(result.jobId as string) }, fromBlock: 0n });
      const [finalized] = parseEventLogs({ abi: jobMarketAbi, logs, eventName: "JobFinalized" });
      expect(finalized).toBeDefined();
      const { providerPayout, protocolFee, verifierFee } = finalized!.args;
      expect(providerPayout + protocolFee + verifierFee).toBe(10n ** 18n);
      expect(protocolFee + verifierFee).toBe((10n ** 18n * 250n) / 10_000n);
      expect(await balance(hrth, payers[index]!)).toBe(before[index]! - 10n ** 18n);
    }
  }, 600_000);

  it("submits a job with a local input file, whose result is the one `job check --run` predicted", async () => {
    const values = new Uint32Array(256).map((_, i) => (i * 2_654_435_761) >>> 0);
    const input = path.join(devnet.directory, "values.bin");
    writeFileSync(input, new Uint8Array(values.buffer));
    const spec = path.join(devnet.directory, "double.json");
    writeFileSync(spec, JSON.stringify(await doubleSpec()));

    const checked = await runHearth(["job", "check", spec, "--input", `values=${input}`, "--run", "--json", ...network()]);
    expect(checked.code, checked.stderr).toBe(0);
    const predicted = JSON.parse(checked.stdout) as { run: { outputs: { cid: string }[]; outputRoot: string } };
    expect(predicted.run.outputs[0]!.cid).toBe(await computeCid(doubled(values)));

    const run = await runHearth(["job", "submit", spec, "--input", `values=${input}`, "--wait", "--json", "--account", "requester2", ...network()]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { jobId: string; status: string; verified: boolean; outputs: { cid: string }[] };
    expect(result).toMatchObject({ status: "finalized", verified: true });
    expect(result.outputs.map((o) => o.cid)).toEqual(predicted.run.outputs.map((o) => o.cid));
    const status = await runHearth(["job", "status", result.jobId, "--json", ...network()]);
    expect((JSON.parse(status.stdout) as { outputRoot: string }).outputRoot).toBe(predicted.run.outputRoot);
  }, 240_000);

  it("cancel refunds at once and expiry refunds after the deadline", async () => {
    const nobody = devnet.info.accounts.find((a) => a.name === "holder")!.address; // not a provider: nobody claims
    const before = await balance(hrth, requester);
    const spec = path.join(repoRoot, "examples", "prefix-sum.json");
    const toCancel = await runHearth(["job", "submit", spec, "--json", "--pay", "2", "--provider", nobody, ...network()]);
    expect(toCancel.code, toCancel.stderr).toBe(0);
    const cancelId = (JSON.parse(toCancel.stdout) as { jobId: string }).jobId;
    expect(await balance(hrth, requester)).toBe(before - 2n * 10n ** 18n);
    const open = await runHearth(["job", "status", cancelId, ...network()]);
    expect(open.stdout).toContain(`provider: none yet (reserved for ${nobody})`);
    const cancelled = await runHearth(["job", "cancel", cancelId, "--json", ...network()]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ status: "cancelled" });
    expect(await balance(hrth, requester)).toBe(before);

    const toExpire = await runHearth(["job", "submit", spec, "--json", "--pay", "3", "--deadline", "12", "--provider", nobody, ...network()]);
    expect(toExpire.code, toExpire.stderr).toBe(0);
    const expireId = (JSON.parse(toExpire.stdout) as { jobId: string }).jobId;
    const early = await runHearth(["job", "expire", expireId, ...network()]);
    expect(early.code).toBe(6); // refused by the contract: the deadline has not passed
    expect(early.stderr).toMatch(/deadline/i);
    await new Promise((resolve) => setTimeout(resolve, 14_000));
    // Anyone may expire it; the refund then waits in the market for the requester.
    const expired = await runHearth(["job", "expire", expireId, "--json", "--account", "holder", ...network()]);
    expect(expired.code, expired.stderr).toBe(0);
    expect(JSON.parse(expired.stdout)).toMatchObject({ status: "expired", refunded: "0" });
    expect(await balance(hrth, requester)).toBe(before - 3n * 10n ** 18n);
    // The requester's list: both jobs, newest first, and the refund waiting in the market.
    const listed = JSON.parse((await runHearth(["job", "list", "--json", ...network()])).stdout) as { jobs: Array<{ jobId: string; status: string; price: string }>; owed: Array<{ token: string; amount: string }> };
    expect(listed.jobs.slice(0, 2)).toMatchObject([
      { jobId: expireId, status: "expired", price: "3000000000000000000" },
      { jobId: cancelId, status: "cancelled", price: "2000000000000000000" },
    ]);
    expect(listed.owed).toEqual([{ token: "HRTH", amount: "3000000000000000000" }]);
    const listText = await runHearth(["job", "list", ...network()]);
    expect(listText.stdout).toMatch(new RegExp(`#${expireId} +expired +3 HRTH +unclaimed`));
    expect(listText.stdout).toContain("The market holds 3 HRTH for you: `hearth job withdraw`.");
    const collected = await runHearth(["job", "withdraw", "--token", "HRTH", ...network()]);
    expect(collected.code, collected.stderr).toBe(0);
    expect(collected.stdout).toMatch(/Withdrew 3 HRTH from the job market\./);
    expect(await balance(hrth, requester)).toBe(before);
    const usage = await runHearth(["job", "withdraw", expireId, ...network()]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/takes no job id/);
    const badToken = await runHearth(["job", "withdraw", "--token", "DOGE", ...network()]);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/--token must be HRTH, USD or a token address, not "DOGE"/);
  }, 180_000);

  it("a new GPU owner goes from `hearth provider init` to earning, as the README says", async () => {
    const dir = path.join(devnet.directory, "my-provider");
    const env = { HEARTH_KEYSTORE_PASSWORD: "correct-horse-battery" };
    const apiPort = String(20_000 + Math.floor(Math.random() * 40_000));
    const init = await runHearth(
      ["provider", "init", "--dir", dir, "--region", "eu-west", "--energy", "wind", "--carbon", "12", "--power", "300", "--price", "0.1", "--api-port", apiPort, "--json", ...network()],
      env,
    );
    expect(init.code, init.stderr).toBe(0);
    const { address, config } = JSON.parse(init.stdout) as { address: Address; config: string };
    const keystore = JSON.parse(readFileSync(path.join(dir, "keystore.json"), "utf8")) as { Crypto?: { ciphertext?: string }; crypto?: { ciphertext?: string } };
    expect((keystore.Crypto ?? keystore.crypto)?.ciphertext).toMatch(/^[0-9a-f]{64}$/); // the key is stored encrypted only
    // Before funding: the command says whose ETH is missing and how much the transaction needs, and spends nothing.
    const unfunded = await runHearth(["provider", "register", "--config", config], env);
    expect(unfunded.code, unfunded.stderr).toBe(7);
    expect(unfunded.stderr).toContain(`${address} has too little ETH to pay for gas: it holds 0 ETH`);
    expect(unfunded.stderr).not.toMatch(/Request body|viem@/);
    const before = (await runHearth(["provider", "status", "--config", config], env)).stdout;
    expect(before).toMatch(/wallet: +0 HRTH, 0 tUSD; 0 ETH for gas \(fund it/);
    expect(before).toContain(`node:       not running (nothing answers at http://127.0.0.1:${apiPort}); start it with \`hearth provider start\``);
    expect((await runHearth(["devnet", "fund", address, ...network()])).code).toBe(0);
    for (const args of [["register"], ["stake", "1000"]]) {
      const step = await runHearth(["provider", ...args, "--config", config], env);
      expect(step.code, step.stderr).toBe(0);
    }
    const node = spawn(process.execPath, [path.join(repoRoot, "cli", "src", "hearth.ts"), "provider", "start", "--config", config], {
      env: { ...process.env, ...env },
      stdio: "ignore",
    });
    try {
      const job = await runHearth(["job", "submit", path.join(repoRoot, "examples", "prefix-sum.json"), "--wait", "--json", "--pay", "0.5", "--provider", address, ...network()]);
      expect(job.code, job.stderr).toBe(0);
      expect(JSON.parse(job.stdout)).toMatchObject({ status: "finalized", verified: true, provider: address });
      const status = await runHearth(["provider", "status", "--json", "--config", config], env);
      const info = JSON.parse(status.stdout) as {
        stats: { completed: number; earnedPoints: string };
        rewards: { claimable: string; epochs: Array<{ epoch: string; amount: string }> };
        owed: Array<{ symbol: string; amount: string }>;
      };
      expect(info.stats.completed).toBe(1);
      expect(info.stats.earnedPoints).toBe("500000000000000000");
      expect(BigInt(info.rewards.claimable)).toBe(info.rewards.epochs.reduce((sum, e) => sum + BigInt(e.amount), 0n));
      expect(info.owed.map((o) => o.symbol)).toEqual(["HRTH", "tUSD"]);
      // The daemon's own view, through its API: the job paid out once the node has seen it finalized.
      const jobId = (JSON.parse(job.stdout) as { jobId: string }).jobId;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const node = (JSON.parse((await runHearth(["provider", "status", "--json", "--config", config], env)).stdout) as { node: { running: boolean; recent_jobs?: Array<{ job_id: string; step: string }> } }).node;
        expect(node.running).toBe(true);
        if (node.recent_jobs!.some((j) => j.job_id === jobId && j.step === "finalized")) break;
        if (Date.now() > deadline) throw new Error(`job ${jobId} not finalized in the node's journal: ${JSON.stringify(node.recent_jobs)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const text = await runHearth(["provider", "status", "--config", config], env);
      expect(text.stdout).toMatch(new RegExp(`node: +running at http://127\\.0\\.0\\.1:${apiPort} on .+; energy \\w+; at block \\d+`));
      expect(text.stdout).toMatch(new RegExp(`latest: +job ${jobId} finalized, paid 0\\.4875 HRTH`));
      expect(text.stdout).toMatch(/rewards: +[\d.]+ HRTH claimable/);
      expect(text.stdout).toMatch(/earnings: +[\d.]+ HRTH, [\d.]+ tUSD waiting in the market/);
      expect(text.stdout).toMatch(/wallet: +[\d.]+ HRTH, [\d.]+ tUSD; [\d.]+ ETH for gas\n/);
    } finally {
      node.kill("SIGINT");
      await new Promise((resolve) => node.once("exit", resolve));
    }
    expect(node.exitCode).toBe(0); // Ctrl-C: a clean stop
  }, 300_000);

  it("bad input ends with a clear message and spends nothing", async () => {
    const before = await balance(hrth, requester);
    const count = await jobCount();
    const dir = devnet.directory;

    const malformed = path.join(dir, "malformed.json");
    writeFileSync(malformed, JSON.stringify({ version: 1, runtime: "matmul", n: 64 }));
    const bad = await runHearth(["job", "submit", malformed, "--wait", "--json", ...network()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/limits/);
    expect(bad.stdout).toBe("");

    const nobodyHasIt = await computeCid(randomBytes(64 * 64 * 4)); // a CID no node holds
    const missing = path.join(dir, "missing-input.json");
    writeFileSync(
      missing,
      JSON.stringify({
        version: 1,
        runtime: "matmul",
        n: 64,
        inputs: { a: { cid: nobodyHasIt }, b: { seed: { generator: "uniform-f32", seed: 1 } } },
        limits: { maxBytes: 1048576, maxWallMs: 10000 },
      }),
    );
    const unfetchable = await runHearth(["job", "submit", missing, "--json", ...network()]);
    expect(unfetchable.code).toBe(3);
    expect(unfetchable.stderr).toMatch(/could not be fetched/);

    const badWgsl = path.join(dir, "bad-wgsl.json");
    writeFileSync(badWgsl, JSON.stringify(uncompilableSpec));
    const uncompilable = await runHearth(["job", "submit", badWgsl, "--json", ...network()]);
    expect(uncompilable.code).toBe(2);
    expect(uncompilable.stderr).toContain("The job's shader does not build");
    expect(uncompilable.stderr).toContain("line 1:54: missing initializer for 'let' declaration");

    const spec = path.join(repoRoot, "examples", "matmul-256.json");
    const poor = await runHearth(["job", "submit", spec, "--json", "--pay", "1000000", ...network()]);
    expect(poor.code).toBe(7);
    expect(poor.stderr).toMatch(/holds only/);

    const wrongNetwork = path.join(dir, "wrong-network.json");
    writeFileSync(wrongNetwork, JSON.stringify({ ...devnet.info, chainId: 1 }));
    const wrong = await runHearth(["job", "submit", spec, "--json", "--network", wrongNetwork]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/chain 31337.*chain 1/);

    const unreachable = await runHearth(["job", "status", "1", "--rpc-url", "http://127.0.0.1:1", ...network()]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/Cannot reach the chain at http:\/\/127\.0\.0\.1:1/);
    expect(unreachable.stderr).not.toMatch(/Request body|viem@/);

    expect(await balance(hrth, requester)).toBe(before);
    expect(await jobCount()).toBe(count);
  }, 240_000);
});
