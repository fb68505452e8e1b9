import {
  type Abi,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { signAttestation } from "@hearth/sdk/chain/attestation";
import { hearthChain } from "@hearth/sdk/chain/createHearthContext";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import {
  disputeCourtAbi,
  hearthTokenAbi,
  jobMarketAbi,
  providerStakingAbi,
  rewardsDistributorAbi,
  testStablecoinAbi,
} from "@hearth/sdk/generated/abis";

/** Hardhat's development mnemonic: public keys, no value on any real chain. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export type HistoryDriver = ReturnType<typeof createHistoryDriver>;

/**
 * Drives the protocol on a local chain with real transactions (test and benchmark helper): accounts from the
 * dev mnemonic, typed calls through the generated ABIs, and time travel.
 */
export function createHistoryDriver({ rpcUrl, deployment }: { rpcUrl: string; deployment: HearthDeployment }) {
  const chain = hearthChain(deployment.chainId, rpcUrl);
  const transport = http(rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const { contracts } = deployment;
  const account = (index: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
  const wallets = new Map<Address, ReturnType<typeof walletFor>>();
  function walletFor(from: Account) {
    return createWalletClient({ chain, transport, account: from, pollingInterval: 50 });
  }
  const wallet = (from: Account) => {
    let client = wallets.get(from.address);
    if (!client) {
      client = walletFor(from);
      wallets.set(from.address, client);
    }
    return client;
  };

  async function send<
    const abi extends Abi,
    functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
    args extends ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
  >(from: Account, call: { address: Address; abi: abi; functionName: functionName; args: args }): Promise<TransactionReceipt> {
    const hash = await wallet(from).writeContract({ ...(call as object), account: from, chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${call.functionName} reverted (${hash}).`);
    return receipt;
  }

  const rpc = <T>(method: string, params: unknown[] = []) =>
    publicClient.request({ method: method as never, params: params as never }) as Promise<T>;

  return {
    publicClient,
    deployment,
    account,
    send,
    rpc,
    async now(): Promise<bigint> {
      return (await publicClient.getBlock()).timestamp;
    },
    /** Moves chain time forward and mines a block. */
    async increaseTime(seconds: number): Promise<void> {
      await rpc("evm_increaseTime", [seconds]);
      await rpc("evm_mine");
    },
    async mine(blocks = 1): Promise<void> {
      for (let i = 0; i < blocks; i++) await rpc("evm_mine");
    },
    async fundHrth(to: Address, amount: bigint): Promise<void> {
      await send(account(0), { address: contracts.token, abi: hearthTokenAbi, functionName: "transfer", args: [to, amount] });
    },
    async fundUsd(to: Address, amount: bigint): Promise<void> {
      await send(account(0), { address: contracts.stablecoin!, abi: testStablecoinAbi, functionName: "mint", args: [to, amount] });
    },
    async approve(from: Account, token: Address, spender: Address): Promise<void> {
      await send(from, { address: token, abi: erc20Abi, functionName: "approve", args: [spender, maxUint256] });
    },
    async registerProvider(from: Account, metadataCid: string, carbonIntensity: number, stake: bigint): Promise<void> {
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "register", args: [metadataCid, carbonIntensity] });
      await send(from, { address: contracts.token, abi: erc20Abi, functionName: "approve", args: [contracts.staking, maxUint256] });
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "stake", args: [stake] });
    },
    async createJob(
      from: Account,
      request: { token: Address; price: bigint; ttl?: number; provider?: Address; maxCarbon?: number; specCid?: string },
    ): Promise<bigint> {
      const deadline = (await this.now()) + BigInt(request.ttl ?? 600);
      const receipt = await send(from, {
        address: contracts.market,
        abi: jobMarketAbi,
        functionName: "createJob",
        args: [
          {
            specCid: request.specCid ?? "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
            token: request.token,
            price: request.price,
            deadline: Number(deadline),
            requiredStake: 0n,
            provider: request.provider ?? "0x0000000000000000000000000000000000000000",
            maxCarbon: request.maxCarbon ?? 0,
          },
        ],
      });
      const [created] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobCreated", logs: receipt.logs });
      if (!created) throw new Error("createJob emitted no JobCreated.");
      return created.args.jobId;
    },
    async claim(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "claimJob", args: [jobId] });
    },
    async release(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "releaseJob", args: [jobId] });
    },
    /** Signs attestations with each job's provider key and submits them in one transaction. */
    async attest(
      relayer: Account,
      items: Array<{ provider: Account; jobId: bigint; gpuTimeMs: bigint; energyMillijoules: bigint; device?: string }>,
    ): Promise<void> {
      const attestations = items.map((item) => ({
        jobId: item.jobId,
        resultCid: `bafkreiresult${item.jobId}`,
        outputRoot: keccak256(toHex(`output-${item.jobId}`)),
        gpuTimeMs: item.gpuTimeMs,
        energyMillijoules: item.energyMillijoules,
        energyEstimated: item.energyMillijoules % 2n === 1n,
        device: item.device ?? "test-gpu",
      }));
      const signatures: Hex[] = [];
      for (const [i, item] of items.entries()) {
        signatures.push(await signAttestation(wallet(item.provider) as never, contracts.market, attestations[i]!));
      }
      if (attestations.length === 1) {
        await send(relayer, { address: contracts.market, abi: jobMarketAbi, functionName: "submitAttestation", args: [attestations[0]!, signatures[0]!] });
      } else {
        await send(relayer, { address: contracts.market, abi: jobMarketAbi, functionName: "submitAttestations", args: [attestations, signatures] });
      }
    },
    async finalize(from: Account, jobIds: bigint[]): Promise<void> {
      if (jobIds.length === 1) {
        await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "finalizeJob", args: [jobIds[0]!] });
      } else {
        await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "finalizeJobs", args: [jobIds] });
      }
    },
    async cancel(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "cancelJob", args: [jobId] });
    },
    async expire(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "expireJob", args: [jobId] });
    },
    async challenge(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.token, abi: erc20Abi, functionName: "approve", args: [contracts.court, maxUint256] });
      await send(from, { address: contracts.court, abi: disputeCourtAbi, functionName: "challenge", args: [jobId] });
    },
    async drawCommittee(from: Account, jobId: bigint): Promise<Address[]> {
      await send(from, { address: contracts.court, abi: disputeCourtAbi, functionName: "drawCommittee", args: [jobId] });
      return [...(await publicClient.readContract({ address: contracts.court, abi: disputeCourtAbi, functionName: "committee", args: [jobId] }))];
    },
    async commitVote(member: Account, jobId: bigint, providerAtFault: boolean): Promise<Hex> {
      const salt = keccak256(toHex(`salt-${jobId}-${member.address}`));
      const commitment = await publicClient.readContract({
        address: contracts.court,
        abi: disputeCourtAbi,
        functionName: "commitmentFor",
        args: [jobId, member.address, providerAtFault, salt],
      });
      await send(member, { address: contracts.court, abi: disputeCourtAbi, functionName: "commitVote", args: [jobId, commitment] });
      return salt;
    },
    async revealVote(member: Account, jobId: bigint, providerAtFault: boolean, salt: Hex): Promise<void> {
      await send(member, { address: contracts.court, abi: disputeCourtAbi, functionName: "revealVote", args: [jobId, providerAtFault, salt] });
    },
    async resolve(from: Account, jobId: bigint): Promise<void> {
      await send(from, { address: contracts.court, abi: disputeCourtAbi, functionName: "resolve", args: [jobId] });
    },
    async drawVerifier(from: Account, jobId: bigint): Promise<Address> {
      await send(from, { address: contracts.court, abi: disputeCourtAbi, functionName: "drawVerifier", args: [jobId] });
      return publicClient.readContract({ address: contracts.court, abi: disputeCourtAbi, functionName: "sampledVerifier", args: [jobId] });
    },
    async passVerification(verifier: Account, jobId: bigint): Promise<void> {
      await send(verifier, { address: contracts.court, abi: disputeCourtAbi, functionName: "passVerification", args: [jobId] });
    },
    async setVerifier(from: Account, enabled: boolean): Promise<void> {
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "setVerifier", args: [enabled] });
    },
    async requestUnstake(from: Account, amount: bigint): Promise<void> {
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "requestUnstake", args: [amount] });
    },
    async withdrawStake(from: Account): Promise<void> {
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "withdraw", args: [] });
    },
    async updateMetadata(from: Account, metadataCid: string, carbonIntensity: number): Promise<void> {
      await send(from, { address: contracts.staking, abi: providerStakingAbi, functionName: "updateMetadata", args: [metadataCid, carbonIntensity] });
    },
    async claimRewards(from: Account, epochs: bigint[]): Promise<void> {
      await send(from, { address: contracts.rewards, abi: rewardsDistributorAbi, functionName: "claim", args: [epochs] });
    },
    async withdrawOwed(from: Account, token: Address): Promise<void> {
      await send(from, { address: contracts.market, abi: jobMarketAbi, functionName: "withdraw", args: [token] });
    },
    async currentEpoch(): Promise<bigint> {
      return publicClient.readContract({ address: contracts.rewards, abi: rewardsDistributorAbi, functionName: "currentEpoch" });
    },
  };
}
