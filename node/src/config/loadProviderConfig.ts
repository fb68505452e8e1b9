import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { getAddress, type Address } from "viem";
import { ProviderConfigError } from "../errors/provider.ts";
import type { ProviderKeySource } from "../keys/loadProviderAccount.ts";
import { deploymentSchema, providerConfigSchema, type ParsedProviderConfig, type ProviderFaults } from "./providerConfigSchema.ts";

/** The validated config with paths resolved, the deployment loaded and faults checked against the environment. */
export type ProviderConfig = Omit<ParsedProviderConfig, "deployment" | "key" | "faults" | "dataDir"> & {
  deployment: HearthDeployment;
  key: ProviderKeySource;
  dataDir: string;
  faults: ProviderFaults | undefined;
  /** The file it was read from, if any. */
  path: string | undefined;
};

export type ParseProviderConfigOptions = {
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
  /** Where HEARTH_ALLOW_FAULTS is read (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
  path?: string | undefined;
};

/** Reads and validates a provider config file (JSON). Throws `ProviderConfigError` naming every bad field. */
export function loadProviderConfig(path: string, options: { env?: NodeJS.ProcessEnv | undefined } = {}): ProviderConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ProviderConfigError(`Cannot read the provider config ${file}.`, {
      metaMessages: ["Create it (see node/README or `hearth provider init`) or pass the right path."],
      cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ProviderConfigError(`The provider config ${file} is not valid JSON.`, { details: (cause as Error).message, cause });
  }
  return parseProviderConfig(value, { baseDir: dirname(file), env: options.env, path: file });
}

/** Validates a config value; see `loadProviderConfig`. */
export function parseProviderConfig(value: unknown, options: ParseProviderConfigOptions): ProviderConfig {
  const env = options.env ?? process.env;
  const parsed = providerConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new ProviderConfigError(`The provider config is invalid (${issues.length} problem${issues.length > 1 ? "s" : ""}).`, {
      issues,
    });
  }
  const config = parsed.data;
  if (config.faults !== undefined && env.HEARTH_ALLOW_FAULTS !== "1") {
    throw new ProviderConfigError("The provider config has a `faults` section, which only tests and the devnet may use.", {
      issues: ["faults: remove it; fault injection is refused unless HEARTH_ALLOW_FAULTS=1 is set in the environment"],
    });
  }
  const at = (path: string) => (isAbsolute(path) ? path : resolve(options.baseDir, path));
  const deployment = typeof config.deployment === "string" ? readDeployment(at(config.deployment)) : normalizeDeployment(config.deployment);
  const { deployment: _deployment, key, faults, dataDir, ...rest } = config;
  return {
    ...rest,
    deployment,
    key: "keystore" in key ? { source: "keystore", path: at(key.keystore) } : { source: "env" },
    dataDir: at(dataDir),
    faults,
    path: options.path,
  };
}

function readDeployment(file: string): HearthDeployment {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ProviderConfigError(`Cannot read the deployment file ${file}.`, {
      metaMessages: ["Deploy first (`npx hardhat run scripts/deploy.ts`), or give the deployment inline."],
      cause,
    });
  }
  // scripts/deploy.ts prints the file path alongside the deployment; only the deployment's own fields matter.
  const { deployment: _path, ...fields } = (value ?? {}) as Record<string, unknown>;
  const parsed = deploymentSchema.safeParse(fields);
  if (!parsed.success) {
    throw new ProviderConfigError(`The deployment file ${file} is invalid.`, {
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  }
  return normalizeDeployment(parsed.data);
}

function normalizeDeployment(deployment: { chainId: number; startBlock: number; contracts: Record<string, string | undefined> }): HearthDeployment {
  const c = deployment.contracts;
  const checksum = (value: string | undefined) => getAddress(value as string) as Address;
  return {
    chainId: deployment.chainId,
    startBlock: deployment.startBlock,
    contracts: {
      token: checksum(c.token),
      staking: checksum(c.staking),
      market: checksum(c.market),
      court: checksum(c.court),
      rewards: checksum(c.rewards),
      ...(c.stablecoin ? { stablecoin: checksum(c.stablecoin) } : {}),
    },
  };
}
