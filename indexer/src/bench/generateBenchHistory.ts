import { type Address, encodeFunctionData, type Hex, keccak256, parseEventLogs, toHex } from "viem";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import {
  hearthTokenAbi,
  jobMarketAbi,
  providerStakingAbi,
  rewardsDistributorAbi,
  testStablecoinAbi,
} from "@hearth/sdk/generated/abis";
import { attestationTypes } from "@hearth/sdk/chain/attestation";
import type { RpcBatcher, RpcCall } from "./createRpcBatcher.ts";

const HRTH = 10n ** 18n;
const USD = 10n ** 6n;
const ZERO = "0x0000000000000000000000000000000000000000";
const BATCH = 25;

export type BenchHistory = {
  events: number;
  blocks: number;
  transactions: number;
  jobs: number;
  providers: Address[];
  firstBlock: number;
  lastBlock: number;
};

type Log = { blockNumber: Hex; address: Address; topics: Hex[]; data: Hex; logIndex: Hex; transactionHash: Hex };

/**
 * Writes a realistic history of at least `targetEvents` contract events to a local Hardhat node, fast: the
 * node's unlocked dev accounts sign, transactions go in JSON-RPC batches, and many share a block (a busy L2
 * block). Each round creates jobs (HRTH and tUSD), cancels a few, lets a few expire, has providers claim and
 * attest in batches, finalizes in batches after the challenge window, and every few rounds claims rewards.
 */
export async function generateBenchHistory(parameters: {
  rpc: RpcBatcher;
  deployment: HearthDeployment;
  targetEvents: number;
  jobsPerRound?: number;
  /** Transactions per block (default 50: a busy L2 block). */
  transactionsPerBlock?: number;
  onProgress?: (events: number, blocks: number) => void;
}): Promise<BenchHistory> {
  const { rpc, deployment, targetEvents } = parameters;
  const { contracts } = deployment;
  const jobsPerRound = parameters.jobsPerRound ?? 250;
  const perBlock = parameters.transactionsPerBlock ?? 50;
  const addresses = [contracts.token, contracts.staking, contracts.market, contracts.court, contracts.rewards];
  const accounts = (await rpc.call<Address[]>("eth_accounts")).map((a) => a.toLowerCase() as Address);
  if (accounts.length < 20) throw new Error(`The node has ${accounts.length} unlocked accounts; 20 are needed.`);
  const deployer = accounts[0]!;
  const providers = accounts.slice(1, 13);
  const requesters = accounts.slice(13, 19);
  const relayer = accounts[19]!;

  await rpc.call("evm_setAutomine", [false]);
  await rpc.call("evm_setIntervalMining", [0]);
  await rpc.call("evm_setBlockGasLimit", [toHex(1_000_000_000n)]);

  let events = 0;
  let blocks = 0;
  let transactions = 0;
  let jobs = 0;
  let firstBlock = 0;
  let lastBlock = 0;
  const pending: RpcCall[] = [];
  const tx = (from: Address, to: Address, data: Hex, gas: bigint) => {
    pending.push({ method: "eth_sendTransaction", params: [{ from, to, data, gas: toHex(gas) }] });
  };
  /** Sends the queued transactions, mines them (at most `perBlock` a block) and returns the new blocks' logs. */
  const mine = async (): Promise<Log[]> => {
    const all = pending.splice(0);
    const logs: Log[] = [];
    for (let start = 0; start < all.length || (all.length === 0 && start === 0); start += perBlock) {
      const chunk = all.slice(start, start + perBlock);
      await rpc.batch(chunk);
      await rpc.call("evm_mine");
      const number = await rpc.call<Hex>("eth_blockNumber");
      const block = await rpc.call<{ transactions: Hex[] }>("eth_getBlockByNumber", [number, false]);
      if (block.transactions.length !== chunk.length) {
        throw new Error(`Block ${Number(number)} holds ${block.transactions.length} of ${chunk.length} transactions.`);
      }
      logs.push(...(await rpc.call<Log[]>("eth_getLogs", [{ fromBlock: number, toBlock: number, address: addresses }])));
      blocks++;
      transactions += chunk.length;
      if (firstBlock === 0) firstBlock = Number(number);
      lastBlock = Number(number);
      if (all.length === 0) break;
    }
    events += logs.length;
    parameters.onProgress?.(events, blocks);
    return logs;
  };
  const decode = <const name extends string>(abi: readonly unknown[], eventName: name, logs: Log[]) =>
    parseEventLogs({ abi: abi as never, eventName: eventName as never, logs: logs as never }) as unknown as Array<{ args: Record<string, any>; transactionHash: Hex }>;
  const now = async () => BigInt((await rpc.call<{ timestamp: Hex }>("eth_getBlockByNumber", ["latest", false])).timestamp);
  const call = (abi: readonly unknown[], functionName: string, args: unknown[]): Hex =>
    (encodeFunctionData as (parameters: unknown) => Hex)({ abi, functionName, args });

  // Setup: funds, approvals, registrations, stakes, verifiers.
  for (const p of providers) tx(deployer, contracts.token, call(hearthTokenAbi, "transfer", [p, 50_000n * HRTH]), 100_000n);
  for (const r of requesters) {
    tx(deployer, contracts.token, call(hearthTokenAbi, "transfer", [r, 1_000_000n * HRTH]), 100_000n);
    tx(deployer, contracts.stablecoin!, call(testStablecoinAbi, "mint", [r, 1_000_000n * USD]), 100_000n);
  }
  await mine();
  for (const p of providers) tx(p, contracts.token, call(hearthTokenAbi, "approve", [contracts.staking, 2n ** 255n]), 100_000n);
  for (const r of requesters) {
    tx(r, contracts.token, call(hearthTokenAbi, "approve", [contracts.market, 2n ** 255n]), 100_000n);
    tx(r, contracts.stablecoin!, call(testStablecoinAbi, "approve", [contracts.market, 2n ** 255n]), 100_000n);
  }
  await mine();
  const carbon = [20, 35, 50, 80, 120, 200, 300, 420, 500, 650, 800, 30];
  for (const [i, p] of providers.entries()) {
    tx(p, contracts.staking, call(providerStakingAbi, "register", [`bafkreibenchprovider${i}`, carbon[i]!]), 300_000n);
    tx(p, contracts.staking, call(providerStakingAbi, "stake", [20_000n * HRTH]), 200_000n);
  }
  await mine();
  for (const p of providers.slice(0, 8)) tx(p, contracts.staking, call(providerStakingAbi, "setVerifier", [true]), 200_000n);
  await mine();

  const workEpochs = new Map<Address, Set<bigint>>(providers.map((p) => [p, new Set()]));
  const claimedEpochs = new Map<Address, Set<bigint>>(providers.map((p) => [p, new Set()]));
  let toExpire: bigint[] = [];
  let round = 0;
  while (events < targetEvents) {
    round++;
    // 1. Requesters create jobs; every 50th is cancelled, every 50th (another) is left to expire.
    const start = await now();
    for (let i = 0; i < jobsPerRound; i++) {
      const usd = i % 4 === 0;
      const ttl = i % 50 === 7 ? 15n : 600n;
      const request = {
        specCid: `bafkreibenchspec${round}x${i}`,
        token: usd ? contracts.stablecoin! : contracts.token,
        price: usd ? USD + BigInt(i) : HRTH + BigInt(i) * 10n ** 15n,
        deadline: Number(start + ttl),
        requiredStake: 0n,
        provider: ZERO,
        maxCarbon: 0,
      };
      tx(requesters[i % requesters.length]!, contracts.market, call(jobMarketAbi, "createJob", [request]), 400_000n);
    }
    const created = decode(jobMarketAbi, "JobCreated", await mine());
    if (created.length !== jobsPerRound) throw new Error(`Round ${round}: ${created.length} of ${jobsPerRound} jobs created.`);
    jobs += created.length;

    // 2. Providers claim; requesters cancel a few.
    const claimed: Array<{ jobId: bigint; provider: Address }> = [];
    for (const job of created) {
      const i = Number(/x(\d+)$/.exec(job.args.specCid)![1]);
      const jobId = job.args.jobId as bigint;
      if (i % 50 === 7) toExpire.push(jobId);
      else if (i % 50 === 13) tx(job.args.requester.toLowerCase(), contracts.market, call(jobMarketAbi, "cancelJob", [jobId]), 200_000n);
      else {
        const provider = providers[(i + round) % providers.length]!;
        tx(provider, contracts.market, call(jobMarketAbi, "claimJob", [jobId]), 300_000n);
        claimed.push({ jobId, provider });
      }
    }
    await mine();

    // 3. Providers sign attestations (EIP-712); a relayer submits them in batches per provider.
    const attestations = claimed.map(({ jobId }, k) => ({
      jobId,
      resultCid: `bafkreibenchresult${jobId}`,
      outputRoot: keccak256(toHex(`bench-output-${jobId}`)),
      gpuTimeMs: 1_000n + BigInt(k % 97) * 731n,
      energyMillijoules: 50_000n + BigInt(k % 89) * 12_345n,
      energyEstimated: k % 3 === 0,
      device: "bench-gpu",
    }));
    const signatures = await rpc.batch<Hex>(
      claimed.map(({ provider }, k) => ({
        method: "eth_signTypedData_v4",
        params: [provider, typedData(deployment.chainId, contracts.market, attestations[k]!)],
      })),
    );
    for (const group of groupByProvider(claimed)) {
      for (let s = 0; s < group.length; s += BATCH) {
        const part = group.slice(s, s + BATCH);
        tx(
          relayer,
          contracts.market,
          call(jobMarketAbi, "submitAttestations", [part.map((k) => attestations[k]!), part.map((k) => signatures[k]!)]),
          BigInt(part.length) * 150_000n + 100_000n,
        );
      }
    }
    await mine();

    // 4. After the challenge window: finalize in batches (one run per provider), expire the late ones.
    await rpc.call("evm_increaseTime", [21]);
    for (const group of groupByProvider(claimed)) {
      for (let s = 0; s < group.length; s += BATCH) {
        const part = group.slice(s, s + BATCH).map((k) => claimed[k]!.jobId);
        tx(relayer, contracts.market, call(jobMarketAbi, "finalizeJobs", [part]), BigInt(part.length) * 80_000n + 150_000n);
      }
    }
    for (const jobId of toExpire) tx(relayer, contracts.market, call(jobMarketAbi, "expireJob", [jobId]), 150_000n);
    toExpire = [];
    const finalized = await mine();
    for (const work of decode(rewardsDistributorAbi, "WorkRecorded", finalized)) {
      workEpochs.get(work.args.provider.toLowerCase())!.add(work.args.epoch as bigint);
    }

    // 5. Every fifth round an epoch ends and providers claim what they earned.
    if (round % 5 === 0) {
      await rpc.call("evm_increaseTime", [61]);
      await rpc.call("evm_mine");
      const current = (await rpc.call<Hex>("eth_call", [{ to: contracts.rewards, data: call(rewardsDistributorAbi, "currentEpoch", []) }, "latest"])) as Hex;
      for (const p of providers) {
        const due = [...workEpochs.get(p)!].filter((e) => e < BigInt(current) && !claimedEpochs.get(p)!.has(e));
        if (due.length === 0) continue;
        for (const e of due) claimedEpochs.get(p)!.add(e);
        tx(p, contracts.rewards, call(rewardsDistributorAbi, "claim", [due]), 100_000n + BigInt(due.length) * 60_000n);
      }
      await mine();
    }
  }
  return { events, blocks, transactions, jobs, providers, firstBlock, lastBlock };
}

function groupByProvider(claimed: Array<{ provider: Address }>): number[][] {
  const groups = new Map<Address, number[]>();
  claimed.forEach(({ provider }, k) => {
    const list = groups.get(provider) ?? [];
    list.push(k);
    groups.set(provider, list);
  });
  return [...groups.values()];
}

function typedData(chainId: number, market: Address, message: Record<string, unknown>) {
  return {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
      ...attestationTypes,
    },
    primaryType: "Attestation",
    domain: { name: "Hearth JobMarket", version: "1", chainId, verifyingContract: market },
    message: Object.fromEntries(Object.entries(message).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value])),
  };
}
