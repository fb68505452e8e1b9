import { Wallet } from "ethers";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Hex } from "viem";
import { KeystoreError } from "../errors/provider.ts";

/**
 * Decrypts an encrypted JSON keystore (its text) into a viem account. The error never includes the
 * password or the key; a wrong password and a damaged keystore are told apart.
 */
export async function loadKeystore(json: string, password: string): Promise<PrivateKeyAccount> {
  let wallet;
  try {
    wallet = await Wallet.fromEncryptedJson(json, password);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : "";
    if (/incorrect password/i.test(message)) {
      throw new KeystoreError("Wrong password for the keystore.", {
        metaMessages: ["Set HEARTH_KEYSTORE_PASSWORD to the password the keystore was created with."],
      });
    }
    throw new KeystoreError("This is not a valid encrypted JSON keystore.", { details: message.split("\n")[0] });
  }
  return privateKeyToAccount(wallet.privateKey as Hex);
}
