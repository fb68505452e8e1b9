import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ProviderConfigError } from "../errors/provider.ts";
import { loadProviderConfig, parseProviderConfig } from "./loadProviderConfig.ts";
import { resolveMinPrices } from "./resolveMinPrices.ts";

const deployment = {
  chainId: 31337,
  startBlock: 5,
  contracts: {
    token: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    staking: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    market: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    court: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    rewards: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    stablecoin: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
};

const minimal = {
  rpcUrl: "http://127.0.0.1:8545",
  deployment,
  key: { keystore: "keys/provider.json" },
  dataDir: "data",
  pricing: { minPrice: { USD: "1000", HRTH: "10000000000000000" } },
  region: "eu-west",
  energySource: "solar",
  carbonIntensity: 40,
  declaredPowerWatts: 250,
};

const parse = (value: unknown, env: NodeJS.ProcessEnv = {}) => parseProviderConfig(value, { baseDir: "/etc/hearth", env });

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderConfigError);
    return [...(error as ProviderConfigError).issues];
  }
  throw new Error("expected a ProviderConfigError");
}

describe("parseProviderConfig", () => {
  test("fills defaults and resolves paths against the config's folder", () => {
    const config = parse(minimal);
    expect(config.maxConcurrentJobs).toBe(1);
    expect(config.verify).toBe(false);
    expect(config.claimRewards).toBe(true);
    expect(config.retentionDays).toBe(30);
    expect(config.ipfs).toMatchObject({ host: "127.0.0.1", port: 4010, peers: [] });
    expect(config.api).toEqual({ host: "127.0.0.1", port: 8600 });
    expect(config.dataDir).toBe("/etc/hearth/data");
    expect(config.key).toEqual({ source: "keystore", path: "/etc/hearth/keys/provider.json" });
    expect(config.faults).toBeUndefined();
    // addresses come back checksummed
    expect(config.deployment.contracts.token).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });

  test("names every bad field", () => {
    const issues = issuesOf(() =>
      parse({ ...minimal, rpcUrl: "ftp://x", carbonIntensity: -1, maxConcurrentJobs: 0, energySource: "diesel", surprise: 1 }),
    );
    const fields = issues.map((issue) => issue.split(":")[0]);
    expect(fields).toEqual(expect.arrayContaining(["rpcUrl", "carbonIntensity", "maxConcurrentJobs", "energySource", "(root)"]));
  });

  test("refuses pricing keys that are neither symbols nor addresses, and non-integer amounts", () => {
    expect(issuesOf(() => parse({ ...minimal, pricing: { minPrice: { DOGE: "1" } } }))[0]).toMatch(/^pricing\.minPrice/);
    expect(issuesOf(() => parse({ ...minimal, pricing: { minPrice: { HRTH: "1.5" } } }))[0]).toMatch(/^pricing\.minPrice\.HRTH/);
    expect(issuesOf(() => parse({ ...minimal, pricing: { minPrice: {} } }))[0]).toMatch(/at least one token/);
  });

  test("never takes a private key from the file", () => {
    expect(issuesOf(() => parse({ ...minimal, key: { env: "HEARTH_PRIVATE_KEY", privateKey: "0x01" } }))[0]).toMatch(/^key/);
    expect(issuesOf(() => parse({ ...minimal, key: { env: "MY_KEY" } }))[0]).toMatch(/^key/);
    expect(parse({ ...minimal, key: { env: "HEARTH_PRIVATE_KEY" } }).key).toEqual({ source: "env" });
  });

  test("refuses a faults section unless HEARTH_ALLOW_FAULTS=1", () => {
    const withFaults = { ...minimal, faults: { modes: ["neverSubmit"] } };
    expect(issuesOf(() => parse(withFaults))[0]).toMatch(/HEARTH_ALLOW_FAULTS=1/);
    expect(issuesOf(() => parse(withFaults, { HEARTH_ALLOW_FAULTS: "true" }))[0]).toMatch(/HEARTH_ALLOW_FAULTS=1/);
    const config = parse(withFaults, { HEARTH_ALLOW_FAULTS: "1" });
    expect(config.faults).toEqual({ modes: ["neverSubmit"], crashAt: [] });
    expect(issuesOf(() => parse({ ...minimal, faults: { modes: ["slowDown"] } }, { HEARTH_ALLOW_FAULTS: "1" }))[0]).toMatch(
      /^faults\.modes/,
    );
  });

  test("perturbWithinTolerance is a fault like the others: production configs cannot set it", () => {
    const perturbing = { ...minimal, faults: { modes: ["perturbWithinTolerance"] } };
    expect(issuesOf(() => parse(perturbing))[0]).toMatch(/HEARTH_ALLOW_FAULTS=1/);
    expect(parse(perturbing, { HEARTH_ALLOW_FAULTS: "1" }).faults).toEqual({ modes: ["perturbWithinTolerance"], crashAt: [] });
  });
});

describe("loadProviderConfig", () => {
  test("reads a deployment file named by path, relative to the config", () => {
    const dir = mkdtempSync(join(tmpdir(), "hearth-config-"));
    // scripts/deploy.ts's output line carries the file path as `deployment`; it is ignored.
    writeFileSync(join(dir, "31337.json"), JSON.stringify({ deployment: "/x/31337.json", ...deployment }));
    writeFileSync(join(dir, "provider.json"), JSON.stringify({ ...minimal, deployment: "31337.json" }));
    const config = loadProviderConfig(join(dir, "provider.json"), { env: {} });
    expect(config.deployment.startBlock).toBe(5);
    expect(config.dataDir).toBe(join(dir, "data"));
  });

  test("says what is wrong with a missing or malformed file", () => {
    const dir = mkdtempSync(join(tmpdir(), "hearth-config-"));
    expect(() => loadProviderConfig(join(dir, "absent.json"))).toThrow(/Cannot read the provider config/);
    writeFileSync(join(dir, "bad.json"), "{ not json");
    expect(() => loadProviderConfig(join(dir, "bad.json"))).toThrow(/not valid JSON/);
    writeFileSync(join(dir, "provider.json"), JSON.stringify({ ...minimal, deployment: "missing.json" }));
    expect(() => loadProviderConfig(join(dir, "provider.json"))).toThrow(/Cannot read the deployment file/);
  });
});

describe("resolveMinPrices", () => {
  test("maps symbols to the deployment's tokens", () => {
    const prices = resolveMinPrices({ USD: "1000", HRTH: "7" }, parse(minimal).deployment);
    expect(prices.get("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")).toBe(1000n);
    expect(prices.get("0x5FbDB2315678afecb367f032d93F642f64180aa3")).toBe(7n);
  });

  test("refuses USD without a stablecoin and a token named twice", () => {
    const { stablecoin: _s, ...contracts } = parse(minimal).deployment.contracts;
    expect(() => resolveMinPrices({ USD: "1" }, { ...parse(minimal).deployment, contracts })).toThrow(/no stablecoin/);
    expect(() => resolveMinPrices({ HRTH: "1", "0x5FbDB2315678afecb367f032d93F642f64180aa3": "2" }, parse(minimal).deployment)).toThrow(
      /twice/,
    );
  });
});
