import { pino } from "pino";
import { createWalletClient, custom, encodeAbiParameters, encodeEventTopics, recoverTypedDataAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import type { HearthJob } from "@hearth/sdk/actions/getJob";
import { attestationDomain, attestationTypes } from "@hearth/sdk/chain/attestation";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { hearthChain } from "@hearth/sdk/chain/createHearthContext";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import type { ProviderChain } from "../chain/createProviderChain.ts";
import type { ContractCall, TransactionSender } from "../chain/createTransactionSender.ts";
import { parseProviderConfig } from "../config/loadProviderConfig.ts";
import { noFaults } from "../faults/createFaultInjector.ts";
import { createJobJournal } from "../journal/createJobJournal.ts";
import { createNodeMetrics } from "../metrics/createNodeMetrics.ts";
import { createProviderNode } from "./createProviderNode.ts";

const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const deployment: HearthDeployment = {
  chainId: 31337,
  startBlock: 1,
  contracts: {
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    stablecoin: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
};
const usd = deployment.contracts.stablecoin!;
const metrics = { gpuMs: 12.6, wallMs: 40, energyJoules: 1.25, energyMethod: "estimated" as const, energyEstimated: true, device: { vendor: "google", architecture: "swiftshader", description: "SwiftShader", backend: "vulkan" } };

/** Two jobs already run and uploaded; a chain double that records what the node sends. */
function setup() {
  const journal = createJobJournal({ path: ":memory:" });
  const jobs = new Map<bigint, HearthJob>();
  for (const jobId of [1n, 2n]) {
    journal.recordSeen(
      [{ jobId, requester: account.address, target: account.address, token: usd, price: 1_000_000n, deadline: 10_000n, requiredStake: 0n, maxCarbon: 0, specCid: "bafkspec", createdBlock: 2n }],
      2n,
    );
    for (const step of ["claiming", "claimed", "running", "executed"] as const) journal.transition(jobId, step);
    journal.transition(jobId, "uploaded", { resultCid: `bafkresult${jobId}`, outputRoot: `0x${jobId.toString().padStart(64, "0")}` as Hex, metrics });
    jobs.set(jobId, { id: jobId, status: "assigned", provider: account.address, deadline: 10_000n, submittedAt: 0n } as HearthJob);
  }
  let now = 1_000n;
  const sent: ContractCall[] = [];
  const sender: TransactionSender = {
    address: account.address,
    errors: new Map(),
    async send(call, hooks) {
      const hash = `0x${(sent.length + 1).toString(16).padStart(64, "0")}` as Hex;
      await hooks?.onSigned?.(hash);
      sent.push(call);
      const logs = [];
      if (call.functionName === "submitAttestations" || call.functionName === "submitAttestation") {
        for (const job of jobs.values()) Object.assign(job, { status: "submitted", submittedAt: now });
      }
      if (call.functionName === "finalizeJobs") {
        for (const jobId of call.args[0] as bigint[]) {
          jobs.get(jobId)!.status = "finalized";
          logs.push({
            address: deployment.contracts.market,
            topics: encodeEventTopics({ abi: jobMarketAbi, eventName: "JobFinalized", args: { jobId, provider: account.address } }),
            data: encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }], [975_000n, 25_000n, 0n]),
          });
        }
      }
      return { hash, receipt: { status: "success", logs } as never };
    },
    transactionState: async () => "unknown",
    waitForReceipt: async () => ({}) as never,
  };
  const chain: ProviderChain = {
    getJob: async (jobId) => ({ ...jobs.get(jobId)! }),
    isEligible: async () => true,
    now: async () => now,
    challengeWindow: async () => 20n,
    protocolFeeBps: async () => 250,
    finalizedPayout: async () => 975_000n,
    hasAttestation: async () => false,
    owed: async () => 0n,
    readProvider: async () => ({ registered: true, bonded: 10n ** 21n, jailedUntil: 0n, carbonIntensity: 40, verifier: false }) as never,
    minStake: async () => 10n ** 20n,
    currentEpoch: async () => 0n,
  };
  const publicClient = { getChainId: async () => 31337, getCode: async () => "0x60" };
  const walletClient = createWalletClient({ account, chain: hearthChain(31337, "http://127.0.0.1:1"), transport: custom({ request: async () => null }) });
  const config = parseProviderConfig(
    {
      rpcUrl: "http://127.0.0.1:1",
      deployment,
      key: { env: "HEARTH_PRIVATE_KEY" },
      dataDir: "/tmp/unused",
      pricing: { minPrice: { USD: "1000" } },
      region: "test",
      energySource: "solar",
      carbonIntensity: 40,
      declaredPowerWatts: 100,
      chain: { pollIntervalMs: 50 },
    },
    { baseDir: "/", env: {} },
  );
  const node = createProviderNode({
    config,
    context: { publicClient: publicClient as never, walletClient: walletClient as never, deployment },
    sender,
    journal,
    ipfs: { pruneExpired: async () => [], multiaddrs: async () => [] } as never,
    runtime: { adapter: { vendor: "google", architecture: "swiftshader", description: "", isSoftware: true } } as never,
    energy: { method: "estimated", start: () => ({ stop: async () => ({ joules: 0, method: "estimated", estimated: true }) }) },
    outputs: { write: async () => {}, read: async () => undefined, remove: async () => {} },
    faults: noFaults,
    metrics: createNodeMetrics({ jobsByStep: () => journal.countByStep(), inFlight: () => 0 }),
    logger: pino({ level: "silent" }),
    chain,
    watcher: { poll: async () => ({ newJobs: 0, head: 100n, lastBlock: 100n }) },
  });
  return { node, journal, sent, advance: (seconds: bigint) => (now += seconds) };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe("createProviderNode", () => {
  test("submits the attestations that are ready in one batch, signed by the provider, then finalizes them in one batch", async () => {
    const { node, journal, sent, advance } = setup();
    await node.start();
    try {
      await until(() => journal.list({ steps: ["submitted"] }).length === 2);
      expect(sent.map((call) => call.functionName)).toEqual(["submitAttestations"]);
      const [attestations, signatures] = sent[0]!.args as [{ jobId: bigint; resultCid: string; gpuTimeMs: bigint; energyMillijoules: bigint }[], Hex[]];
      expect(attestations.map((a) => [a.jobId, a.resultCid, a.gpuTimeMs, a.energyMillijoules])).toEqual([
        [1n, "bafkresult1", 13n, 1250n],
        [2n, "bafkresult2", 13n, 1250n],
      ]);
      for (const [index, attestation] of attestations.entries()) {
        const signer = await recoverTypedDataAddress({
          domain: attestationDomain(31337, deployment.contracts.market),
          types: attestationTypes,
          primaryType: "Attestation",
          message: attestation as never,
          signature: signatures[index]!,
        });
        expect(signer).toBe(account.address);
      }
      // both journaled the one transaction's hash before it went out
      expect(journal.get(1n)!.submitTx).toBe(journal.get(2n)!.submitTx);

      // inside the challenge window nothing is finalized; after it, both in one transaction
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(sent).toHaveLength(1);
      advance(20n);
      await until(() => journal.list({ steps: ["finalized"] }).length === 2);
      expect(sent.map((call) => call.functionName)).toEqual(["submitAttestations", "finalizeJobs"]);
    } finally {
      await node.stop();
    }
    expect(journal.get(1n)!.payout).toBe(975_000n);
    expect(sent.filter((call) => call.functionName === "finalizeJobs")[0]!.args[0]).toEqual([1n, 2n]);
  });
});
