import { readFile } from "node:fs/promises";
import { Wallet } from "ethers";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Hex } from "viem";
import { KeystoreError } from "../errors/provider.ts";

/**
 * Decrypts an encrypted JSON keystore into a viem account. The error never includes the password or
 * the key; a wrong password and a damaged file are told apart.
 */
export async function loadKeystore(parameters: { path: string; password: string }): Promise<PrivateKeyAccount> {
  let json: string;
  try {
    json = await readFile(parameters.path, "utf8");
  } catch (cause) {
    throw new KeystoreError(`Cannot read the keystore ${parameters.path}.`, {
      metaMessages: ["Create one with `hearth provider key create`, or fix key.path in the config."],
      cause,
    });
  }
  let wallet;
  try {
    wallet = await Wallet.fromEncryptedJson(json, parameters.password);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : "";
    if (/incorrect password/i.test(message)) {
      throw new KeystoreError(`Wrong password for the keystore ${parameters.path}.`, {
        metaMessages: ["Set HEARTH_KEYSTORE_PASSWORD to the password the keystore was created with."],
      });
    }
    throw new KeystoreError(`The keystore ${parameters.path} is not a valid encrypted JSON keystore.`, { details: message });
  }
  return privateKeyToAccount(wallet.privateKey as Hex);
}
