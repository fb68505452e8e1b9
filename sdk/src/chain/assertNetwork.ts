import { BaseError } from "../errors/BaseError.ts";
import type { HearthContext } from "./createHearthContext.ts";

export class HearthWrongNetworkError extends BaseError {
  override name = "HearthWrongNetworkError";
}

/**
 * Checks that the RPC endpoint is the chain of the deployment and that the market exists there, so a
 * misconfigured network fails before anything is signed or spent.
 */
export async function assertNetwork(context: HearthContext): Promise<void> {
  const { publicClient, deployment } = context;
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (cause) {
    throw new HearthWrongNetworkError(`Cannot reach the chain at ${publicClient.transport.url ?? "the RPC URL"}.`, {
      metaMessages: ["Is the devnet running (`npm start`)? Or pass --rpc-url for another network."],
      cause,
    });
  }
  if (chainId !== deployment.chainId) {
    throw new HearthWrongNetworkError(`The RPC endpoint is chain ${chainId}, but the deployment is for chain ${deployment.chainId}.`, {
      metaMessages: ["Point --rpc-url at the right chain or use the matching deployment file (--network)."],
    });
  }
  const code = await publicClient.getCode({ address: deployment.contracts.market });
  if (!code || code === "0x") {
    throw new HearthWrongNetworkError(`No Hearth job market at ${deployment.contracts.market} on chain ${chainId}.`, {
      metaMessages: ["The chain was restarted or the deployment file is stale: restart the devnet or redeploy."],
    });
  }
  if (context.walletClient && context.walletClient.chain.id !== deployment.chainId) {
    throw new HearthWrongNetworkError(
      `The wallet is on chain ${context.walletClient.chain.id}, but the deployment is for chain ${deployment.chainId}.`,
      { metaMessages: ["Switch the wallet to the right network."] },
    );
  }
}
