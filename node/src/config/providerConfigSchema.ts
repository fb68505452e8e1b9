import { isAddress } from "viem";
import { z } from "zod";

/**
 * Places in the job pipeline where the `crashAt` fault kills the node with SIGKILL, once each:
 * `*-sent` right after a transaction is broadcast (before its receipt is seen or journaled), the
 * others right after that step is journaled.
 */
export const crashPoints = [
  "claim-sent",
  "claimed",
  "running",
  "executed",
  "uploaded",
  "submit-sent",
  "submitted",
  "finalize-sent",
  "release-sent",
] as const;
export type CrashPoint = (typeof crashPoints)[number];

/**
 * Misbehaviours a test or devnet node can be told to show, to exercise challenges and slashing:
 * - `wrongOutput`: attests a plainly wrong result (every f32 of the first output far off);
 * - `neverSubmit`: claims jobs, runs them and never submits (they expire, part of the collateral is slashed);
 * - `neverReveal`: on a dispute committee, commits a vote and never reveals it (penalised);
 * - `perturbWithinTolerance`: for jobs checked with `tolerance`, moves every compared float by 1 % of what the
 *   spec allows before storing and attesting it, as another GPU's rounding would: an honest result that must
 *   never lose a dispute. Jobs checked `exact` or by Freivalds are left as computed.
 */
export const faultModes = ["wrongOutput", "neverSubmit", "neverReveal", "perturbWithinTolerance"] as const;
export type FaultMode = (typeof faultModes)[number];

export const energySources = ["solar", "wind", "hydro", "nuclear", "geothermal", "grid", "gas", "coal", "mixed", "other"] as const;

const address = z.string().refine((value) => isAddress(value), { error: "must be a 0x-prefixed 20-byte address" });
const decimalAmount = z.string().regex(/^[0-9]{1,78}$/, { error: "must be a whole number of the token's smallest unit, as a string" });
const port = z.int().min(0).max(65_535);
const host = z.string().min(1).max(255);

export const deploymentSchema = z.strictObject({
  chainId: z.int().positive(),
  startBlock: z.int().min(0),
  contracts: z.strictObject({
    token: address,
    staking: address,
    market: address,
    court: address,
    rewards: address,
    stablecoin: address.optional(),
  }),
});

const keySchema = z.union([
  /** An encrypted JSON keystore; the password comes from HEARTH_KEYSTORE_PASSWORD, never the file. */
  z.strictObject({ keystore: z.string().min(1) }),
  /** A raw key in the environment variable HEARTH_PRIVATE_KEY: for the devnet and tests. */
  z.strictObject({ env: z.literal("HEARTH_PRIVATE_KEY", { error: 'must be "HEARTH_PRIVATE_KEY"' }) }),
]);

export const faultsSchema = z.strictObject({
  /** Misbehaviours applied to every job (or only `jobIds`). */
  modes: z.array(z.enum(faultModes)).max(faultModes.length).default([]),
  /** Points at which the process kills itself once each (crash-recovery tests). */
  crashAt: z.array(z.enum(crashPoints)).max(crashPoints.length).default([]),
  /** Restrict the faults to these job ids (decimal strings); default: all jobs. */
  jobIds: z.array(z.string().regex(/^[0-9]+$/)).optional(),
});

/** The provider config file (JSON). Paths in it are relative to the file's folder. */
export const providerConfigSchema = z.strictObject({
  rpcUrl: z.url({ protocol: /^(https?|wss?)$/, error: "must be an http(s) or ws(s) URL" }),
  /** The deployment itself, or the path of a deployment JSON file (as `scripts/deploy.ts` writes). */
  deployment: z.union([z.string().min(1), deploymentSchema]),
  key: keySchema,
  /** Journal, IPFS repository and result files live here. */
  dataDir: z.string().min(1),
  ipfs: z
    .strictObject({
      host: host.default("127.0.0.1"),
      port: port.default(4010),
      /** Addresses announced to peers instead of the listening ones (behind NAT). */
      announce: z.array(z.string().min(1)).max(16).optional(),
      /** Peers to dial at start, multiaddrs ending in /p2p/<peer id>. */
      peers: z.array(z.string().min(1)).max(64).default([]),
      /** Store and fetch through this Kubo daemon instead of the embedded node. */
      kuboRpcUrl: z.url().optional(),
      /**
       * An IPFS Pinning Service API endpoint (the devnet's shared node, a pinning service) asked to keep
       * each result too, so it stays available while this node is offline. Its token, if it needs one,
       * comes from HEARTH_PINNING_TOKEN.
       */
      pinningUrl: z.url().optional(),
      /** Timeout for fetching a spec or an input, ms. */
      fetchTimeoutMs: z.int().min(100).max(3_600_000).default(30_000),
    })
    .prefault({}),
  api: z.strictObject({ host: host.default("127.0.0.1"), port: port.default(8600) }).prefault({}),
  pricing: z.strictObject({
    /**
     * The lowest price the node accepts, per payment token, in the token's smallest unit. Keys are
     * token addresses or the symbols HRTH and USD (the deployment's stablecoin). Jobs paid in any other
     * token are declined.
     */
    minPrice: z
      .record(z.string(), decimalAmount)
      .refine((prices) => Object.keys(prices).length > 0, { error: "must name at least one token" })
      .refine((prices) => Object.keys(prices).every((key) => key === "HRTH" || key === "USD" || isAddress(key)), {
        error: 'keys must be "HRTH", "USD" or token addresses',
      }),
  }),
  region: z.string().min(1).max(64),
  energySource: z.enum(energySources),
  /** gCO2/kWh, as declared on chain at registration. */
  carbonIntensity: z.int().min(0).max(2_000),
  /** Power the node draws while busy, for the energy estimate when nothing can be measured. */
  declaredPowerWatts: z.number().positive().max(100_000),
  maxConcurrentJobs: z.int().min(1).max(64).default(1),
  /**
   * Serve as a verifier: re-execute sampled jobs and vote on dispute committees. The on-chain opt-in is
   * `hearth provider verify` (setVerifier); this flag makes the node do the work.
   */
  verify: z.boolean().default(false),
  /**
   * Claim each finished epoch's rewards automatically (one transaction per epoch with work in it). Off, the
   * rewards wait on chain for the owner to claim them from the app or with `hearth provider claim`.
   */
  claimRewards: z.boolean().default(true),
  /** Days results stay pinned after a job. */
  retentionDays: z.int().min(1).max(3650).default(30),
  chain: z
    .strictObject({
      pollIntervalMs: z.int().min(50).max(60_000).default(1_000),
      /** Blocks behind the head that events are read at (0 on a local chain; more where reorgs happen). */
      confirmations: z.int().min(0).max(128).default(0),
      /** Largest block range per getLogs call while backfilling. */
      maxBlockRange: z.int().min(1).max(100_000).default(2_000),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      /** Time kept free before a deadline for storing, signing and submitting, seconds. */
      deadlineMarginSeconds: z.int().min(1).max(86_400).default(30),
      /** Run attempts per job before it is recorded failed (a crash mid-run counts as one). */
      maxAttempts: z.int().min(1).max(10).default(3),
      /** How long shutdown waits for a running job before parking it, ms. */
      shutdownGraceMs: z.int().min(0).max(600_000).default(10_000),
    })
    .prefault({}),
  gpu: z
    .strictObject({
      adapter: z.enum(["auto", "hardware", "swiftshader"]).default("auto"),
      memoryBudgetBytes: z.int().positive().optional(),
    })
    .prefault({}),
  log: z.strictObject({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info") }).prefault({}),
  /** Test and devnet only: accepted only when HEARTH_ALLOW_FAULTS=1. */
  faults: faultsSchema.optional(),
});

export type ProviderConfigInput = z.input<typeof providerConfigSchema>;
export type ParsedProviderConfig = z.output<typeof providerConfigSchema>;
export type ProviderFaults = z.output<typeof faultsSchema>;
