import {
  encodeFunctionData,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type TransactionSerializable,
} from "viem";
import { decodeHearthError } from "@hearth/sdk/errors/HearthContractError";
import { TransactionFailedError } from "../errors/provider.ts";

/** One contract call to send. */
export type ContractCall = {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** For logs and metrics: claim, submit, finalize, withdraw, claim_rewards. */
  label: string;
};

export type SendHooks = {
  /**
   * Called with the hash once the transaction is signed and before it is broadcast: journal it here, so a
   * crash between broadcast and receipt leaves a hash to look up instead of a transaction nobody knows of.
   */
  onSigned?: ((hash: Hex) => void | Promise<void>) | undefined;
  /** Called once the node accepted the transaction. */
  onBroadcast?: ((hash: Hex) => void | Promise<void>) | undefined;
};

export type SendResult = { hash: Hex; receipt: TransactionReceipt };

/** What became of a transaction we signed earlier. */
export type TransactionState = "success" | "reverted" | "pending" | "unknown";

export type TransactionSender = {
  readonly address: Address;
  /**
   * Simulates the call (a revert throws the decoded contract error and uses no nonce), signs it with the
   * next nonce, broadcasts it and waits for its receipt. Calls are queued: two sends never share a nonce.
   */
  send(call: ContractCall, hooks?: SendHooks): Promise<SendResult>;
  /** Looks up a transaction by hash after a restart. */
  transactionState(hash: Hex): Promise<TransactionState>;
  /** Waits for an earlier transaction (by hash) to be mined; undefined when the chain does not know it. */
  waitForReceipt(hash: Hex): Promise<TransactionReceipt>;
  /** Transactions whose broadcast or inclusion failed, by label. */
  readonly errors: ReadonlyMap<string, number>;
};

/** A local signer (viem's privateKeyToAccount gives one). */
export type TransactionSigner = {
  address: Address;
  signTransaction(transaction: TransactionSerializable): Promise<Hex>;
};

export type TransactionClient = Pick<
  PublicClient,
  | "simulateContract"
  | "estimateGas"
  | "estimateFeesPerGas"
  | "getTransactionCount"
  | "sendRawTransaction"
  | "waitForTransactionReceipt"
  | "getTransactionReceipt"
  | "getTransaction"
>;

export type CreateTransactionSenderParameters = {
  client: TransactionClient;
  account: TransactionSigner;
  chainId: number;
  logger?: { info(object: object, message?: string): void; warn(object: object, message?: string): void } | undefined;
  /** How long to wait for a receipt before giving up (default 120 s). */
  receiptTimeoutMs?: number | undefined;
  /** Gas limit headroom over the estimate, percent (default 20). */
  gasHeadroomPercent?: number | undefined;
};

const nonceErrors = /nonce too low|nonce has already been used|replacement transaction underpriced|already known|known transaction|nonce.*(lower|higher) than/i;

/**
 * The node's one transaction sender. Nonces are managed here, not by the RPC node: the first send reads
 * the account's pending count, later ones count up; sending is serialized through a queue, so no two
 * transactions are ever signed with the same nonce, and a failed broadcast resynchronises from the chain.
 * Receipts are awaited outside the queue, so a batch of sends goes out back to back.
 */
export function createTransactionSender(parameters: CreateTransactionSenderParameters): TransactionSender {
  const { client, account, chainId, logger } = parameters;
  const receiptTimeoutMs = parameters.receiptTimeoutMs ?? 120_000;
  const headroom = BigInt(100 + (parameters.gasHeadroomPercent ?? 20));
  const errors = new Map<string, number>();
  let nextNonce: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const countError = (label: string) => errors.set(label, (errors.get(label) ?? 0) + 1);

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = queue.then(work);
    queue = turn.catch(() => undefined);
    return turn;
  };

  const broadcast = async (call: ContractCall, hooks: SendHooks): Promise<Hex> => {
    try {
      await client.simulateContract({ address: call.address, abi: call.abi, functionName: call.functionName, args: call.args, account: account.address } as never);
    } catch (error) {
      throw decodeHearthError(error, { account: account.address });
    }
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never);
    for (let attempt = 1; ; attempt++) {
      nextNonce ??= await client.getTransactionCount({ address: account.address, blockTag: "pending" });
      const nonce = nextNonce;
      const [gas, fees] = await Promise.all([
        client.estimateGas({ account: account.address, to: call.address, data }),
        client.estimateFeesPerGas(),
      ]);
      const serialized = await account.signTransaction({
        chainId,
        type: "eip1559",
        to: call.address,
        data,
        nonce,
        gas: (gas * headroom) / 100n,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      const hash = keccak256(serialized);
      await hooks.onSigned?.(hash);
      try {
        await client.sendRawTransaction({ serializedTransaction: serialized });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (/already known|known transaction/i.test(text)) {
          // The node had it already (a retried broadcast): it is in the pool under this nonce.
        } else if (nonceErrors.test(text) && attempt < 3) {
          logger?.warn({ label: call.label, nonce, tx_hash: hash }, "nonce out of step with the chain; resynchronising");
          nextNonce = undefined;
          continue;
        } else {
          // Whether the node kept it is unknown: read the nonce afresh next time rather than guess.
          nextNonce = undefined;
          countError(call.label);
          // A chain that mines on arrival (Hardhat's automine) answers a transaction that reverted with an
          // error naming the contract's: surface it as that error.
          throw decodeHearthError(error, { account: account.address });
        }
      }
      nextNonce = nonce + 1;
      logger?.info({ label: call.label, tx_hash: hash, nonce }, "transaction sent");
      await hooks.onBroadcast?.(hash);
      return hash;
    }
  };

  const sender: TransactionSender = {
    address: account.address,
    errors,
    async send(call, hooks = {}) {
      const hash = await serial(() => broadcast(call, hooks));
      let receipt: TransactionReceipt;
      try {
        receipt = await client.waitForTransactionReceipt({ hash, timeout: receiptTimeoutMs });
      } catch (error) {
        countError(call.label);
        throw error;
      }
      if (receipt.status !== "success") {
        countError(call.label);
        // The chain moved between simulation and inclusion; the next send reads the nonce afresh anyway.
        throw new TransactionFailedError(`The ${call.label} transaction ${hash} reverted on chain.`, {
          metaMessages: ["The chain changed between simulation and inclusion; the node reconciles and retries if it still applies."],
        });
      }
      return { hash, receipt };
    },
    async transactionState(hash) {
      try {
        const receipt = await client.getTransactionReceipt({ hash });
        return receipt.status === "success" ? "success" : "reverted";
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
      try {
        await client.getTransaction({ hash });
        return "pending";
      } catch (error) {
        if (error instanceof TransactionNotFoundError) return "unknown";
        throw error;
      }
    },
    waitForReceipt(hash) {
      return client.waitForTransactionReceipt({ hash, timeout: receiptTimeoutMs });
    },
  };
  return sender;
}
