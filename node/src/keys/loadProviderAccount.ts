import { readFile } from "node:fs/promises";
import { isHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { KeystoreError } from "../errors/provider.ts";
import { loadKeystore } from "./loadKeystore.ts";

export type ProviderKeySource = { source: "keystore"; path: string } | { source: "env" };

/**
 * The provider's signing account: from an encrypted keystore with its password in
 * HEARTH_KEYSTORE_PASSWORD, or (devnet and tests) a raw key in HEARTH_PRIVATE_KEY.
 */
export async function loadProviderAccount(key: ProviderKeySource, env: NodeJS.ProcessEnv = process.env): Promise<PrivateKeyAccount> {
  if (key.source === "keystore") {
    const password = env.HEARTH_KEYSTORE_PASSWORD;
    if (!password) {
      throw new KeystoreError("HEARTH_KEYSTORE_PASSWORD is not set.", {
        metaMessages: [`Set it to the password of the keystore ${key.path}; it is never read from the config file.`],
      });
    }
    let json: string;
    try {
      json = await readFile(key.path, "utf8");
    } catch (cause) {
      throw new KeystoreError(`Cannot read the keystore ${key.path}.`, {
        metaMessages: ["Create one with `hearth provider init`, or fix key.keystore in the config."],
        cause,
      });
    }
    try {
      return await loadKeystore(json, password);
    } catch (error) {
      if (error instanceof KeystoreError) throw new KeystoreError(`${error.shortMessage} (${key.path})`, { metaMessages: error.metaMessages, details: error.details });
      throw error;
    }
  }
  const privateKey = env.HEARTH_PRIVATE_KEY?.trim();
  if (!privateKey) {
    throw new KeystoreError("The config takes the key from HEARTH_PRIVATE_KEY, which is not set.", {
      metaMessages: ["Set it (devnet and tests), or use an encrypted keystore: key: { source: \"keystore\", path }."],
    });
  }
  const hex = (privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`) as Hex;
  if (!isHex(hex) || hex.length !== 66) throw new KeystoreError("HEARTH_PRIVATE_KEY is not 32 bytes of hex.");
  return privateKeyToAccount(hex);
}
