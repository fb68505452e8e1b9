import { parseArgs } from "node:util";
import { erc20Abi, formatEther, isAddress, parseEther, parseUnits } from "viem";
import { createHearthContext } from "@hearth/sdk/chain/createHearthContext";
import { writeHearthContract } from "@hearth/sdk/chain/writeHearthContract";
import { testStablecoinAbi } from "@hearth/sdk/generated/abis";
import { CliUsageError } from "../cliErrors.ts";
import { loadAccount } from "../network/loadAccount.ts";
import { loadNetwork } from "../network/loadNetwork.ts";

/** `hearth devnet fund <address> [--eth N] [--hrth N] [--usd N]`: dev money from the deployer, devnet only. */
export async function devnetFund(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: "string" },
      eth: { type: "string", default: "10" },
      hrth: { type: "string", default: "2000" },
      usd: { type: "string", default: "1000" },
      json: { type: "boolean", default: false },
    },
  });
  const to = positionals[0];
  if (!to || !isAddress(to)) throw new CliUsageError("Name the address to fund: `hearth devnet fund 0x…`.");
  const network = loadNetwork({ network: values.network });
  if (network.chainId !== 31337 || !network.accounts?.length) {
    throw new CliUsageError("`hearth devnet fund` works on the devnet only: other networks have no dev money.");
  }
  const account = await loadAccount(network, { fallback: "deployer", account: "deployer" });
  const context = createHearthContext({ rpcUrl: network.rpcUrl, deployment: network, account });
  const hash = await context.walletClient!.sendTransaction({ to, value: parseEther(values.eth) });
  await context.publicClient.waitForTransactionReceipt({ hash });
  await writeHearthContract(context, { address: network.contracts.token, abi: erc20Abi, functionName: "transfer", args: [to, parseUnits(values.hrth, 18)] });
  if (network.contracts.stablecoin) {
    await writeHearthContract(context, { address: network.contracts.stablecoin, abi: testStablecoinAbi, functionName: "mint", args: [to, parseUnits(values.usd, 6)] });
  }
  const balance = await context.publicClient.getBalance({ address: to });
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ address: to, eth: values.eth, hrth: values.hrth, usd: values.usd })}\n`
      : `Sent ${values.eth} ETH (balance ${formatEther(balance)}), ${values.hrth} HRTH and ${values.usd} tUSD to ${to}.\n`,
  );
  return 0;
}
