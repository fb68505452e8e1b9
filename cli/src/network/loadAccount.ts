import { readFileSync } from "node:fs";
import type { Account } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { loadKeystore } from "@hearth/node/keys/loadKeystore";
import type { NetworkInfo } from "./loadNetwork.ts";

export class CliAccountError extends BaseError {
  override name = "CliAccountError";
}

/**
 * The signing account, never printed: `HEARTH_PRIVATE_KEY`, or `--keystore FILE` (password from
 * `HEARTH_KEYSTORE_PASSWORD`), or on a devnet a dev account by name or index (`--account`, default `fallback`).
 */
export async function loadAccount(
  network: NetworkInfo,
  options: { keystore?: string | undefined; account?: string | undefined; fallback: string },
): Promise<Account> {
  const fromEnv = process.env.HEARTH_PRIVATE_KEY;
  if (fromEnv && !options.account && !options.keystore) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(fromEnv)) {
      throw new CliAccountError("HEARTH_PRIVATE_KEY is not a 32-byte hex key (0x followed by 64 hex digits).");
    }
    return privateKeyToAccount(fromEnv as `0x${string}`);
  }
  if (options.keystore) {
    const password = process.env.HEARTH_KEYSTORE_PASSWORD;
    if (password === undefined) {
      throw new CliAccountError("The keystore's password is not set.", { metaMessages: ["Set HEARTH_KEYSTORE_PASSWORD."] });
    }
    return loadKeystore(readFileSync(options.keystore, "utf8"), password);
  }
  const wanted = options.account ?? options.fallback;
  const accounts = network.accounts ?? [];
  const found = /^[0-9]+$/.test(wanted) ? accounts[Number(wanted)] : accounts.find((a) => a.name === wanted);
  if (!found) {
    throw new CliAccountError(`No account "${wanted}" on this network.`, {
      metaMessages: [
        accounts.length > 0 ? `Dev accounts: ${accounts.map((a) => a.name).join(", ")}.` : "This network has no dev accounts.",
        "Or set HEARTH_PRIVATE_KEY, or pass --keystore <file>.",
      ],
    });
  }
  return privateKeyToAccount(found.privateKey);
}
