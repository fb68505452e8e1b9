import { keccak256, parseTransaction, TransactionNotFoundError, TransactionReceiptNotFoundError, type Hex, type TransactionSerializable } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import { createTransactionSender, type TransactionClient } from "./createTransactionSender.ts";

const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const market = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707" as const;
const claim = (jobId: bigint) => ({ address: market, abi: jobMarketAbi, functionName: "claimJob", args: [jobId], label: "claim" });

/** A chain double that records what was broadcast, with hooks to fail simulations and broadcasts. */
function fakeChain(options: { chainNonce?: number; simulate?: (args: readonly unknown[]) => void; broadcast?: (nonce: number) => void } = {}) {
  const sent: { nonce: number; hash: Hex }[] = [];
  const events: string[] = [];
  let chainNonce = options.chainNonce ?? 0;
  const client = {
    async simulateContract(call: { args: readonly unknown[] }) {
      options.simulate?.(call.args);
      return { request: {}, result: undefined };
    },
    async estimateGas() {
      return 100_000n;
    },
    async estimateFeesPerGas() {
      return { maxFeePerGas: 2n, maxPriorityFeePerGas: 1n };
    },
    async getTransactionCount() {
      events.push(`read nonce ${chainNonce}`);
      return chainNonce;
    },
    async sendRawTransaction({ serializedTransaction }: { serializedTransaction: Hex }) {
      const nonce = parseTransaction(serializedTransaction).nonce!;
      // yield, so concurrent sends would interleave here if the queue did not serialize them
      await new Promise((resolve) => setTimeout(resolve, 5));
      options.broadcast?.(nonce);
      if (nonce < chainNonce) throw new Error("nonce too low");
      const hash = keccak256(serializedTransaction);
      sent.push({ nonce, hash });
      events.push(`broadcast ${nonce}`);
      chainNonce = Math.max(chainNonce, nonce + 1);
      return hash;
    },
    async waitForTransactionReceipt({ hash }: { hash: Hex }) {
      return { status: "success", transactionHash: hash };
    },
    async getTransactionReceipt({ hash }: { hash: Hex }): Promise<never> {
      throw new TransactionReceiptNotFoundError({ hash });
    },
    async getTransaction({ hash }: { hash: Hex }) {
      if (!sent.some((tx) => tx.hash === hash)) throw new TransactionNotFoundError({ hash });
      return {};
    },
  };
  return {
    client: client as unknown as TransactionClient,
    sent,
    events,
    setChainNonce: (value: number) => (chainNonce = value),
  };
}

describe("createTransactionSender", () => {
  test("concurrent sends get consecutive nonces, each used once", async () => {
    const chain = fakeChain({ chainNonce: 7 });
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => sender.send(claim(BigInt(index)))));
    expect(chain.sent.map((tx) => tx.nonce)).toEqual(Array.from({ length: 12 }, (_, index) => 7 + index));
    expect(new Set(results.map((result) => result.hash)).size).toBe(12);
    // the chain's nonce is read once; after that the sender counts
    expect(chain.events.filter((event) => event.startsWith("read nonce"))).toHaveLength(1);
  });

  test("a reverting simulation uses no nonce", async () => {
    const chain = fakeChain({
      simulate: (args) => {
        if (args[0] === 2n) throw new Error("reverted");
      },
    });
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    await sender.send(claim(1n));
    await expect(sender.send(claim(2n))).rejects.toThrow(/reverted/);
    await sender.send(claim(3n));
    expect(chain.sent.map((tx) => tx.nonce)).toEqual([0, 1]);
  });

  test("journals the hash before broadcasting it", async () => {
    const chain = fakeChain();
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    const order: string[] = [];
    const result = await sender.send(claim(1n), {
      onSigned: (hash) => void order.push(`signed ${hash}`, `chain has ${chain.sent.length}`),
      onBroadcast: (hash) => void order.push(`broadcast ${hash}`, `chain has ${chain.sent.length}`),
    });
    expect(order).toEqual([`signed ${result.hash}`, "chain has 0", `broadcast ${result.hash}`, "chain has 1"]);
  });

  test("resynchronises when another sender used the account's nonces", async () => {
    const chain = fakeChain();
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    await sender.send(claim(1n));
    chain.setChainNonce(5); // someone else sent 4 transactions from this key
    const signed: Hex[] = [];
    await sender.send(claim(2n), { onSigned: (hash) => void signed.push(hash) });
    expect(chain.sent.map((tx) => tx.nonce)).toEqual([0, 5]);
    // the stale transaction was signed and journaled, then replaced by the one that went out
    expect(signed).toHaveLength(2);
    expect(signed[1]).toBe(chain.sent[1]!.hash);
  });

  test("after a failed broadcast the nonce is read again, not skipped", async () => {
    let failNext = true;
    const chain = fakeChain({
      broadcast: () => {
        if (failNext) {
          failNext = false;
          throw new Error("fetch failed");
        }
      },
    });
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    await expect(sender.send(claim(1n))).rejects.toThrow(/fetch failed/);
    await sender.send(claim(1n));
    expect(chain.sent.map((tx) => tx.nonce)).toEqual([0]);
    expect(sender.errors.get("claim")).toBe(1);
  });

  test("signs for the configured chain", async () => {
    const chain = fakeChain();
    let signedTx: TransactionSerializable | undefined;
    const spy = { address: account.address, signTransaction: (tx: TransactionSerializable) => ((signedTx = tx), account.signTransaction(tx)) };
    await createTransactionSender({ client: chain.client, account: spy, chainId: 4242 }).send(claim(1n));
    expect(signedTx).toMatchObject({ chainId: 4242, to: market, nonce: 0, gas: 120_000n });
  });

  test("tells a pending transaction from one the chain never saw", async () => {
    const chain = fakeChain();
    const sender = createTransactionSender({ client: chain.client, account, chainId: 31337 });
    // the double never mines: a broadcast transaction stays pending
    const hash = await new Promise<Hex>((resolve) => void sender.send(claim(1n), { onBroadcast: resolve }));
    expect(await sender.transactionState(hash)).toBe("pending");
    expect(await sender.transactionState(`0x${"00".repeat(32)}`)).toBe("unknown");
  });
});
