import type { BrowserContext } from "playwright-core";
import { createWalletClient, http, numberToHex, type Hex, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/**
 * A test wallet injected into every page of a browser context as `window.ethereum` (EIP-1193), the way a
 * browser extension injects one. Requests cross into Node: reads and unknown methods are forwarded to the
 * chain's RPC URL, accounts and chain come from here, signatures and transactions are made with a dev key.
 * Setting `reject` makes it refuse signatures and transactions with EIP-1193's 4001, as a user clicking
 * "Reject" in MetaMask would.
 */
export type TestWallet = {
  address: Hex;
  /** Refuse the next signature and transaction requests (4001 "User rejected the request."). */
  reject: boolean;
  /** The chain the wallet is on (it may start elsewhere, to test switching). */
  chainId: number;
  /** Methods the page called, in order. */
  calls: string[];
};

export type InstallTestWalletParameters = {
  privateKey: Hex;
  rpcUrl: string;
  chainId: number;
  /** Start on another chain the wallet does not know, so the app must ask to add and switch. */
  startChainId?: number | undefined;
};

type Answer = { result?: unknown; error?: { code: number; message: string }; events?: Array<[string, unknown]> };

export async function installTestWallet(context: BrowserContext, parameters: InstallTestWalletParameters): Promise<TestWallet> {
  const account = privateKeyToAccount(parameters.privateKey);
  const knownChains = new Set([parameters.startChainId ?? parameters.chainId]);
  const wallet: TestWallet = { address: account.address, reject: false, chainId: parameters.startChainId ?? parameters.chainId, calls: [] };
  const walletClient = createWalletClient({ account, transport: http(parameters.rpcUrl) });
  let rpcId = 0;
  const forward = async (method: string, params: unknown[]): Promise<Answer> => {
    const response = await fetch(parameters.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    return body.error ? { error: body.error } : { result: body.result };
  };
  const rejected: Answer = { error: { code: 4001, message: "User rejected the request." } };

  const handle = async (method: string, params: unknown[]): Promise<Answer> => {
    wallet.calls.push(method);
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return { result: [account.address] };
      case "eth_chainId":
        return { result: numberToHex(wallet.chainId) };
      case "net_version":
        return { result: String(wallet.chainId) };
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return { result: [{ parentCapability: "eth_accounts" }] };
      case "wallet_switchEthereumChain": {
        const chainId = Number((params[0] as { chainId: string }).chainId);
        if (!knownChains.has(chainId)) return { error: { code: 4902, message: `Unrecognized chain ID ${chainId}. Try adding the chain using wallet_addEthereumChain first.` } };
        wallet.chainId = chainId;
        return { result: null, events: [["chainChanged", numberToHex(chainId)]] };
      }
      case "wallet_addEthereumChain": {
        const chain = params[0] as { chainId: string; rpcUrls: string[] };
        if (chain.rpcUrls[0] !== parameters.rpcUrl) return { error: { code: -32602, message: `This test wallet only knows ${parameters.rpcUrl}.` } };
        knownChains.add(Number(chain.chainId));
        wallet.chainId = Number(chain.chainId);
        return { result: null, events: [["chainChanged", chain.chainId]] };
      }
      case "eth_signTypedData_v4": {
        if (wallet.reject) return rejected;
        const typed = JSON.parse(params[1] as string) as TypedDataDefinition & { types: Record<string, unknown> };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return { result: await account.signTypedData({ ...typed, types } as TypedDataDefinition) };
      }
      case "personal_sign": {
        if (wallet.reject) return rejected;
        return { result: await account.signMessage({ message: { raw: params[0] as Hex } }) };
      }
      case "eth_sendTransaction": {
        if (wallet.reject) return rejected;
        if (wallet.chainId !== parameters.chainId) return { error: { code: -32603, message: `The wallet is on chain ${wallet.chainId}.` } };
        const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        const hash = await walletClient.sendTransaction({
          chain: null,
          to: tx.to ?? null,
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.value ? { value: BigInt(tx.value) } : {}),
          ...(tx.gas ? { gas: BigInt(tx.gas) } : {}),
        });
        return { result: hash };
      }
      default:
        if (wallet.chainId !== parameters.chainId) return { error: { code: 4901, message: "The wallet is not connected to this chain." } };
        return forward(method, params);
    }
  };

  await context.exposeFunction("__hearthTestWallet", async (payload: string): Promise<string> => {
    const { method, params } = JSON.parse(payload) as { method: string; params?: unknown[] };
    try {
      return JSON.stringify(await handle(method, params ?? []));
    } catch (error) {
      return JSON.stringify({ error: { code: -32603, message: error instanceof Error ? error.message : String(error) } });
    }
  });
  await context.addInitScript({ content: providerScript });
  return wallet;
}

/**
 * The page side, as plain JavaScript (a serialized TypeScript function could carry transpiler helpers the page
 * lacks): an EIP-1193 provider whose `request` crosses into Node through the exposed function.
 */
const providerScript = `(() => {
  const listeners = new Map();
  const provider = {
    isHearthTestWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(await window.__hearthTestWallet(JSON.stringify({ method, params })));
      for (const [event, value] of answer.events ?? []) setTimeout(() => listeners.get(event)?.forEach((listener) => listener(value)), 0);
      if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  window.ethereum = provider;
})();`;
