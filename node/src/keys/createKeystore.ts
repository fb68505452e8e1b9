import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import { isHex, type Address, type Hex } from "viem";
import { KeystoreError } from "../errors/provider.ts";

export type CreateKeystoreParameters = {
  /** Where to write the keystore; the folder is created, the file is written 0600 and never overwritten. */
  path: string;
  password: string;
  /** Import this key; default: a new random key. */
  privateKey?: Hex | undefined;
  /**
   * scrypt cost (default 131072, ethers' and geth's standard). Lower values are for tests only: they make
   * the password cheap to guess.
   */
  scryptN?: number | undefined;
};

/**
 * Writes an encrypted JSON keystore (Web3 Secret Storage v3, as geth and ethers write) and returns the
 * account's address. The key never leaves this function unencrypted.
 */
export async function createKeystore(parameters: CreateKeystoreParameters): Promise<{ address: Address; path: string }> {
  if (parameters.password.length < 8) {
    throw new KeystoreError("The keystore password is too short.", { metaMessages: ["Use at least 8 characters."] });
  }
  if (parameters.privateKey !== undefined && !(isHex(parameters.privateKey) && parameters.privateKey.length === 66)) {
    throw new KeystoreError("The private key to import is not 32 bytes of 0x-prefixed hex.");
  }
  const wallet = parameters.privateKey ? new Wallet(parameters.privateKey) : Wallet.createRandom();
  const json = await encryptKeystoreJson(
    { address: wallet.address, privateKey: wallet.privateKey },
    parameters.password,
    parameters.scryptN === undefined ? {} : { scrypt: { N: parameters.scryptN } },
  );
  await mkdir(dirname(parameters.path), { recursive: true, mode: 0o700 });
  try {
    await writeFile(parameters.path, json, { mode: 0o600, flag: "wx" });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "EEXIST") {
      throw new KeystoreError(`A keystore already exists at ${parameters.path}.`, {
        metaMessages: ["Keep it, or move it away first: overwriting a key loses the stake bound to it."],
      });
    }
    throw new KeystoreError(`Cannot write the keystore to ${parameters.path}.`, { cause });
  }
  return { address: wallet.address as Address, path: parameters.path };
}
