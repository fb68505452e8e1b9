import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeFunctionData, erc20Abi, parseUnits, toHex, type Address, type PublicClient } from "viem";
import { challengeJob } from "@hearth/sdk/actions/challengeJob";
import { createJob } from "@hearth/sdk/actions/createJob";
import { getJob } from "@hearth/sdk/actions/getJob";
import { verifyJobResult } from "@hearth/sdk/actions/verifyJobResult";
import { createHearthContext, type HearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { disputeCourtAbi, jobMarketAbi, providerStakingAbi, rewardsDistributorAbi } from "@hearth/sdk/generated/abis";
import { createGatewayClient } from "@hearth/sdk/ipfs/createGatewayClient";
import { createIpfsNode, type IpfsNode } from "@hearth/sdk/ipfs/createIpfsNode";
import type { ProviderStatus } from "@hearth/node/daemon/createProviderNode";
import { deployHearth, devAccount, getFreePort, startLocalChain, type LocalChain } from "./support/localChain.ts";
import { providerProcess, type ProviderProcess } from "./support/providerProcess.ts";
import { mintUsd, registerAndStakeProvider, transferHrth } from "./support/setupAccounts.ts";
import { superviseProvider } from "./support/superviseProvider.ts";
import { uncompilableSpec } from "./support/uncompilableSpec.ts";

// The provider daemon end to end on a real local chain (Hardhat's devnet network, 1 s blocks, challenge window
// 20 s, epochs 60 s): nodes run as their own processes (node/src/bin/providerNode.ts) with real Helia nodes and
// the WebGPU runtime on SwiftShader; requesters use the SDK. Every scenario has its own provider and requester
// accounts, and its jobs name their provider, so the scenarios run side by side on one chain.

const PRICE = 1_000_000n; // 1 tUSD
const PROTOCOL_FEE_BPS = 250n; // ignition/modules/Hearth.ts default
const PAYOUT = PRICE - (PRICE * PROTOCOL_FEE_BPS) / 10_000n;

let chain: LocalChain;
let deployment: HearthDeployment;
let root: string;
let requesterIpfs: IpfsNode;
let reader: PublicClient;

/** Provider account index → requester account index, one pair per scenario. */
const scenarios = { happy: [2, 6], crashA: [3, 7], crashB: [4, 8], failures: [5, 9], liar: [13, 14] } as const;
/** Verifier nodes (verify: true) that judge the liar's dispute; the third never reveals its vote. */
const judges = { judge1: 10, judge2: 11, judge3: 12 } as const;
const providers: Record<keyof typeof scenarios | keyof typeof judges, Address> = {} as never;
const apiPorts: Record<keyof typeof scenarios | keyof typeof judges, number> = {} as never;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "hearth-provider-e2e-"));
  chain = await startLocalChain();
  deployment = await deployHearth(chain.rpcUrl, root);
  reader = createHearthContext({ rpcUrl: chain.rpcUrl, deployment }).publicClient as PublicClient;
  requesterIpfs = await createIpfsNode({ directory: path.join(root, "requester-ipfs"), timeoutMs: 15_000 });
  // Each provider registers metadata naming its node's API (a trustless gateway for its results), as the CLI does.
  const register = async (name: keyof typeof apiPorts, index: number) => {
    apiPorts[name] = await getFreePort();
    const metadata = { version: 1, name, endpoint: `http://127.0.0.1:${apiPorts[name]}` };
    const metadataCid = await requesterIpfs.add(JSON.stringify(metadata), { pin: true });
    providers[name] = await registerAndStakeProvider(chain.rpcUrl, deployment, index, { hrth: "1000", stakeHrth: "500", carbonIntensity: 40, metadataCid });
  };
  for (const [name, [provider, requester]] of Object.entries(scenarios)) {
    await register(name as keyof typeof scenarios, provider);
    await mintUsd(chain.rpcUrl, deployment, devAccount(requester).address, 100n * PRICE);
  }
  for (const [name, index] of Object.entries(judges)) await register(name as keyof typeof judges, index);
  // The liar's requester challenges it: the bond is in HRTH.
  await transferHrth(chain.rpcUrl, deployment, devAccount(scenarios.liar[1]).address, parseUnits("100", 18));
}, 240_000);

afterAll(async () => {
  await requesterIpfs?.stop();
  await chain?.stop();
  // HEARTH_E2E_KEEP=1 keeps the nodes' folders (config, journal, node.log) for a look afterwards.
  if (root && process.env.HEARTH_E2E_KEEP !== "1") rmSync(root, { recursive: true, force: true });
  else if (root) console.info(`provider e2e files kept in ${root}`);
});

async function startProvider(
  name: keyof typeof scenarios | keyof typeof judges,
  faults?: Parameters<typeof providerProcess>[0]["faults"],
  extra?: Parameters<typeof providerProcess>[0]["extra"],
): Promise<ProviderProcess> {
  const index = name in judges ? judges[name as keyof typeof judges] : scenarios[name as keyof typeof scenarios][0];
  return providerProcess({
    directory: path.join(root, name),
    rpcUrl: chain.rpcUrl,
    deployment,
    privateKey: toHex(devAccount(index).getHdKey().privateKey!),
    apiPort: apiPorts[name],
    ipfsPort: await getFreePort(),
    peers: await requesterIpfs.multiaddrs(),
    faults,
    extra,
  });
}

function requester(name: keyof typeof scenarios): HearthContext {
  return createHearthContext({ rpcUrl: chain.rpcUrl, deployment, account: devAccount(scenarios[name][1]), ipfs: requesterIpfs });
}

/** C (n×n) = A·B with A and B stored on the requester's IPFS node: the provider fetches them by CID. */
async function matmulSpec(seed: number, n = 16) {
  const a = new Float32Array(n * n).map((_, i) => ((i * 7 + seed) % 13) - 6);
  const b = new Float32Array(n * n).map((_, i) => ((i * 5 + seed) % 11) * 0.25);
  return {
    version: 1,
    name: `e2e matmul ${seed}`,
    runtime: "matmul",
    n,
    inputs: {
      a: { cid: await requesterIpfs.add(new Uint8Array(a.buffer), { pin: true }) },
      b: { cid: await requesterIpfs.add(new Uint8Array(b.buffer), { pin: true }) },
    },
    limits: { maxBytes: 3 * n * n * 4 + 4096, maxWallMs: 60_000 },
  };
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const usdBalance = (account: Address) =>
  reader.readContract({ address: deployment.contracts.stablecoin!, abi: erc20Abi, functionName: "balanceOf", args: [account] });

const status = async (node: ProviderProcess) => {
  const response = await fetch(`${node.apiUrl}/status`);
  if (!response.ok) throw new Error(`GET /status answered ${response.status}`);
  return (await response.json()) as ProviderStatus;
};

/** Market events about a job, counted by name. */
async function jobEvents(jobId: bigint) {
  const logs = await reader.getContractEvents({ address: deployment.contracts.market, abi: jobMarketAbi, fromBlock: BigInt(deployment.startBlock) });
  const about = logs.filter((log) => (log.args as { jobId?: bigint }).jobId === jobId);
  const count = (eventName: string) => about.filter((log) => log.eventName === eventName).length;
  return { logs: about, count };
}

/** Every transaction the provider sent to the market since `fromBlock`, decoded, with its receipt status. */
async function marketTransactions(from: Address, fromBlock: bigint) {
  const head = await reader.getBlockNumber({ cacheTime: 0 }); // not viem's cached head: another test may have read it seconds ago
  const sent: { functionName: string; args: readonly unknown[]; status: string }[] = [];
  for (let number = fromBlock; number <= head; number++) {
    const block = await reader.getBlock({ blockNumber: number, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== from.toLowerCase() || tx.to?.toLowerCase() !== deployment.contracts.market.toLowerCase()) continue;
      const decoded = decodeFunctionData({ abi: jobMarketAbi, data: tx.input });
      const receipt = await reader.getTransactionReceipt({ hash: tx.hash });
      sent.push({ functionName: decoded.functionName, args: decoded.args ?? [], status: receipt.status });
    }
  }
  return sent;
}

/** Runs a job to finalization and checks it was claimed, submitted, finalized and paid exactly once. */
async function expectPaidOnce(name: keyof typeof scenarios, jobId: bigint, createdBlock: bigint) {
  const provider = providers[name];
  await waitFor(`job ${jobId} finalized`, 150_000, async () => (await getJob(requester(name), jobId)).status === "finalized");
  // The node withdraws what the market owes it right after finalizing.
  await waitFor(`provider ${name} paid`, 30_000, async () => (await usdBalance(provider)) === PAYOUT);
  const events = await jobEvents(jobId);
  expect(events.count("JobClaimed")).toBe(1);
  expect(events.count("AttestationSubmitted")).toBe(1);
  expect(events.count("JobFinalized")).toBe(1);
  const finalized = events.logs.find((log) => log.eventName === "JobFinalized")!.args as { providerPayout: bigint; protocolFee: bigint; verifierFee: bigint };
  expect(finalized.providerPayout).toBe(PAYOUT);
  // A job sampled and passed by a verifier pays it part of the protocol fee; the provider's share is the same.
  expect(finalized.protocolFee + finalized.verifierFee).toBe(PRICE - PAYOUT);
  expect(await reader.readContract({ address: deployment.contracts.market, abi: jobMarketAbi, functionName: "owed", args: [deployment.contracts.stablecoin!, provider] })).toBe(0n);
  const sent = await marketTransactions(provider, createdBlock);
  const calls = (functionName: string) => sent.filter((tx) => tx.functionName === functionName);
  // When a count is off, say who sent the finalization and what the node's journal went through.
  const finalizedBy = (await reader.getTransaction({ hash: events.logs.find((log) => log.eventName === "JobFinalized")!.transactionHash! })).from;
  const context = `provider ${provider}, finalized by ${finalizedBy}; market events ${JSON.stringify(events.logs.map((log) => log.eventName))}; sent ${JSON.stringify(sent.map((tx) => tx.functionName))}; journal ${JSON.stringify(journalHistory(name, jobId))}`;
  expect(calls("claimJob"), context).toHaveLength(1);
  expect([...calls("submitAttestation"), ...calls("submitAttestations")], context).toHaveLength(1);
  expect([...calls("finalizeJob"), ...calls("finalizeJobs")], context).toHaveLength(1);
  expect(calls("withdraw")).toHaveLength(1);
  expect(sent.filter((tx) => tx.status !== "success")).toEqual([]);
  // Still exactly the payout, once: nothing was paid twice while we looked.
  expect(await usdBalance(provider)).toBe(PAYOUT);
  return sent;
}

function journalHistory(name: keyof typeof scenarios, jobId: bigint): string[] {
  const db = new DatabaseSync(path.join(root, name, "data", "journal.sqlite"), { readOnly: true });
  try {
    return (db.prepare("SELECT step FROM job_history WHERE job_id = ? ORDER BY id").all(jobId.toString()) as { step: string }[]).map((row) => row.step);
  } finally {
    db.close();
  }
}

describe("provider node on a local chain", () => {
  test.concurrent(
    "claims a job, runs it on WebGPU, stores the result on IPFS, attests, finalizes, is paid to the wei and claims rewards",
    async () => {
      const node = await startProvider("happy");
      const failed: Error[] = [];
      const supervision = superviseProvider(node, (error) => failed.push(error));
      try {
        await supervision.ready;
        const context = requester("happy");
        const created = await createJob(context, { spec: await matmulSpec(1), token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.happy });
        const receipt = await reader.getTransactionReceipt({ hash: created.hash });
        await expectPaidOnce("happy", created.jobId, receipt.blockNumber);

        // The requester fetches the attested result from the provider's node and checks it (Freivalds).
        for (const address of (await status(node)).ipfs_addresses) await requesterIpfs.dial(address);
        const verified = await verifyJobResult({ ...context, ipfs: requesterIpfs }, created.jobId, { timeoutMs: 15_000 });
        expect(verified.verified).toBe(true);
        expect(verified.manifest.jobId).toBe(created.jobId.toString());
        expect(verified.manifest.energy.joules).toBeGreaterThan(0);
        expect(verified.manifest.device.architecture).toBe("swiftshader");

        const nodeStatus = await status(node);
        expect(nodeStatus.jobs_by_step.finalized).toBe(1);
        // SwiftShader has no matrix units: the status says f16 matmul runs tiled, and why.
        expect(nodeStatus.f16_matmul).toMatch(/^tiled \(the adapter does not offer .*chromium-experimental-subgroup-matrix/);
        expect(nodeStatus.recent_jobs[0]).toMatchObject({ job_id: created.jobId.toString(), step: "finalized", payout: PAYOUT.toString() });
        expect(nodeStatus.earnings).toEqual({
          owed: expect.objectContaining({ [deployment.contracts.stablecoin!]: "0" }),
          withdrawn: { [deployment.contracts.stablecoin!]: PAYOUT.toString() },
        });
        const metrics = await (await fetch(`${node.apiUrl}/metrics`)).text();
        expect(metrics).toContain('hearth_claims_total{result="won"} 1');
        expect(metrics).toContain('hearth_jobs{step="finalized"} 1');
        expect(journalHistory("happy", created.jobId)).toEqual(
          ["seen", "claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing", "finalized"],
        );

        // After the epoch of the finalization ends, the node claims its share of the emission.
        const claimed = await waitFor("rewards claimed", 100_000, async () => {
          const logs = await reader.getContractEvents({
            address: deployment.contracts.rewards,
            abi: rewardsDistributorAbi,
            eventName: "RewardsClaimed",
            args: { provider: providers.happy },
            fromBlock: receipt.blockNumber,
          });
          return logs.length > 0 ? logs : undefined;
        });
        expect(claimed[0]!.args.amount).toBeGreaterThan(0n);
      } finally {
        const exit = await supervision.stop();
        expect(failed).toEqual([]);
        expect(exit).toEqual({ code: 0, signal: null });
        expect(supervision.exits).toHaveLength(1);
      }
    },
    360_000,
  );

  test.concurrent(
    "survives SIGKILL right after sending the claim, after executing, after sending the submission and after sending the finalization",
    async () => {
      const node = await startProvider("crashA", { crashAt: ["claim-sent", "executed", "submit-sent", "finalize-sent"] });
      const failed: Error[] = [];
      const supervision = superviseProvider(node, (error) => failed.push(error));
      try {
        await supervision.ready;
        const created = await createJob(requester("crashA"), { spec: await matmulSpec(2), token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.crashA });
        const receipt = await reader.getTransactionReceipt({ hash: created.hash });
        await expectPaidOnce("crashA", created.jobId, receipt.blockNumber);
        expect(supervision.exits.map((exit) => exit.signal)).toEqual(["SIGKILL", "SIGKILL", "SIGKILL", "SIGKILL"]);
        // Each restart found out from the chain what the killed process had done, and did not do it again.
        const history = journalHistory("crashA", created.jobId);
        expect(history).toEqual(
          ["seen", "claiming", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing", "finalized"],
        );
      } finally {
        await supervision.stop();
        expect(failed).toEqual([]);
      }
    },
    360_000,
  );

  test.concurrent(
    "survives SIGKILL after the claim, in the middle of the GPU run, after the upload and after the submission",
    async () => {
      const node = await startProvider("crashB", { crashAt: ["claimed", "uploaded", "submitted"] });
      const failed: Error[] = [];
      const supervision = superviseProvider(node, (error) => failed.push(error));
      try {
        await supervision.ready;
        // A 768×768 product keeps the job on the (software) GPU for long enough to be caught `running`.
        const created = await createJob(requester("crashB"), { spec: await matmulSpec(3, 768), token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.crashB });
        const receipt = await reader.getTransactionReceipt({ hash: created.hash });
        // Kill it from outside while the job is on the GPU (the journal says `running`).
        await waitFor("the job running", 150_000, async () => {
          const inFlight = await status(node).catch(() => undefined);
          return inFlight?.in_flight.some((job) => job.step === "running") ?? false;
        });
        node.kill("SIGKILL");
        await expectPaidOnce("crashB", created.jobId, receipt.blockNumber);
        expect(supervision.exits.map((exit) => exit.signal)).toEqual(["SIGKILL", "SIGKILL", "SIGKILL", "SIGKILL"]);
        // The interrupted run went back to `claimed` and ran again; everything else happened once.
        expect(journalHistory("crashB", created.jobId)).toEqual([
          "seen", "claiming", "claimed", "running", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing", "finalized",
        ]);
      } finally {
        await supervision.stop();
        expect(failed).toEqual([]);
      }
    },
    360_000,
  );

  test.concurrent(
    "declines an underpriced job and a shader that does not build, gives back a kernel that overruns its limit (released, not jailed), never submits either; parks a running job on SIGTERM and finishes it after restart",
    async () => {
      // No grace period: a job on the GPU at SIGTERM is parked at once.
      const node = await startProvider("failures", undefined, { jobs: { shutdownGraceMs: 0 } });
      const failed: Error[] = [];
      const supervision = superviseProvider(node, (error) => failed.push(error));
      try {
        await supervision.ready;
        const context = requester("failures");
        const cheap = await createJob(context, { spec: await matmulSpec(4), token: "USD", price: 999n, ttlSeconds: 300, provider: providers.failures });
        // Compiles, but never ends on these inputs (`control` is all zeros): it runs into its own 2 s limit.
        const endless = {
          version: 1,
          runtime: "wgsl",
          shader: {
            source: `@group(0) @binding(0) var<storage, read> control: array<u32>;
              @group(0) @binding(1) var<storage, read_write> out: array<u32>;
              @compute @workgroup_size(1) fn main() {
                var i = 0u;
                loop { i = i + control[0]; out[i % 4u] = i; if (i == 12345u) { break; } }
              }`,
          },
          buffers: [
            { name: "control", binding: 0, kind: "input", bytes: 16, seed: { generator: "uniform-u32", seed: 1, min: 0, max: 0 } },
            { name: "out", binding: 1, kind: "output", bytes: 16 },
          ],
          dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
          limits: { maxBytes: 1024, maxWallMs: 2_000 },
          verification: { method: "exact" },
        };
        const bad = await createJob(context, { spec: uncompilableSpec, token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.failures });
        const overrun = await createJob(context, { spec: endless, token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.failures });
        const jobs = await waitFor("the three jobs decided", 90_000, async () => {
          const recent = (await status(node).catch(() => undefined))?.recent_jobs ?? [];
          const find = (id: bigint) => recent.find((job) => job.job_id === id.toString());
          const [cheapJob, badJob, overrunJob] = [find(cheap.jobId), find(bad.jobId), find(overrun.jobId)];
          return cheapJob?.step === "declined" && badJob?.step === "declined" && overrunJob?.step === "released" ? { cheapJob, badJob, overrunJob } : undefined;
        });
        expect(jobs.cheapJob.reason).toMatch(/^price-too-low/);
        // The shader that does not build is declined before any claim: nothing locked, nothing sent.
        expect(jobs.badJob.reason).toMatch(/^cannot-run: shader-compile: WGSL failed to compile: missing initializer for 'let' declaration \(line 1:54\)/);
        expect((await getJob(context, bad.jobId)).status).toBe("open");
        expect((await jobEvents(bad.jobId)).count("JobClaimed")).toBe(0);
        expect((await getJob(context, cheap.jobId)).status).toBe("open");
        // The kernel that overran its own limit went back to the market (still reserved for this provider, as its
        // requester asked), cost the provider only the share of the time it held it, and jailed nobody.
        expect(jobs.overrunJob.reason).toMatch(/^wall-time-exceeded/);
        expect(node.logs.some((line) => line.includes("it will not be submitted and is given back to the market"))).toBe(true);
        expect(await getJob(context, overrun.jobId)).toMatchObject({ status: "open", provider: providers.failures });
        const overrunEvents = await jobEvents(overrun.jobId);
        expect(overrunEvents.count("AttestationSubmitted")).toBe(0);
        expect(overrunEvents.count("JobReleased")).toBe(1);
        const releaseLog = overrunEvents.logs.find((log) => log.eventName === "JobReleased")!;
        const claimLog = overrunEvents.logs.find((log) => log.eventName === "JobClaimed")!;
        const collateral = (claimLog.args as { collateral: bigint }).collateral;
        expect((releaseLog.args as { collateralSlashed: bigint }).collateralSlashed).toBeLessThan(collateral / 10n);
        const stakeAfter = await reader.readContract({ address: deployment.contracts.staking, abi: providerStakingAbi, functionName: "getProvider", args: [providers.failures] });
        expect(stakeAfter.jailedUntil).toBe(0n);
        expect(stakeAfter.locked).toBe(0n);
        expect((await reader.readContract({ address: deployment.contracts.market, abi: jobMarketAbi, functionName: "providerStats", args: [providers.failures] })).released).toBe(1);
        const metrics = await (await fetch(`${node.apiUrl}/metrics`)).text();
        expect(metrics).toContain('hearth_job_failures_total{reason="wall-time-exceeded"} 1');
        expect(metrics).toMatch(/hearth_job_declines_total\{reason="cannot-run"\} 1/);
        expect(metrics).toMatch(/hearth_job_declines_total\{reason="price-too-low"\} 1/);

        // SIGTERM while a job runs: the node parks it, exits cleanly, and the next start runs and delivers it.
        // A larger product, so the run lasts long enough to be caught on the GPU (its pipelines are built before the
        // claim, so only the inputs' download and the product itself are left to the run: about 1.4 s on SwiftShader).
        const parkedJob = await createJob(context, { spec: await matmulSpec(6, 1024), token: "USD", price: PRICE, ttlSeconds: 300, provider: providers.failures });
        const receipt = await reader.getTransactionReceipt({ hash: parkedJob.hash });
        await waitFor("the job running", 60_000, async () => (await status(node).catch(() => undefined))?.in_flight.some((job) => job.step === "running") ?? false);
        const stopped = await supervision.stop();
        expect(stopped, `the node's last log lines:\n${node.logs.slice(-40).join("\n")}`).toEqual({ code: 0, signal: null });
        expect(node.logs.some((line) => line.includes("job parked by shutdown"))).toBe(true);
        const restarted = superviseProvider(node, (error) => failed.push(error));
        try {
          await restarted.ready;
          await expectPaidOnce("failures", parkedJob.jobId, receipt.blockNumber);
          expect(journalHistory("failures", parkedJob.jobId)).toEqual([
            "seen", "claiming", "claimed", "running", "parked", "claimed", "running", "executed", "uploaded", "attesting", "submitted", "finalizing", "finalized",
          ]);
        } finally {
          expect(await restarted.stop(), `the node's last log lines:\n${node.logs.slice(-40).join("\n")}`).toEqual({ code: 0, signal: null });
        }
      } finally {
        await supervision.stop();
        expect(failed).toEqual([]);
      }
    },
    360_000,
  );

  // The committee scenario (a wrong result challenged, judged by verifier nodes that commit, reveal and resolve,
  // the liar slashed, a non-revealer penalised) runs on the devnet in test/e2e/disputes.test.ts. Its copy here,
  // with six node sets running side by side, missed the 20 s reveal window on a loaded 2-core machine.

  test.concurrent(
    "refuses to start for an account that is not a registered, staked provider, saying what to run",
    async () => {
      const node = providerProcess({
        directory: path.join(root, "unregistered"),
        rpcUrl: chain.rpcUrl,
        deployment,
        privateKey: toHex(devAccount(15).getHdKey().privateKey!),
        apiPort: await getFreePort(),
        ipfsPort: await getFreePort(),
        peers: [],
      });
      await expect(node.start()).rejects.toThrow(/exited while starting \(1\)/);
      const output = node.logs.join("\n");
      expect(output).toContain(`Account ${devAccount(15).address} is not a registered provider on chain 31337.`);
      expect(output).toContain("hearth provider register");
      expect(output).not.toContain(toHex(devAccount(15).getHdKey().privateKey!).slice(2));
    },
    120_000,
  );
});

