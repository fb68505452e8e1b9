// The indexer's tables. Ponder versions every row by block, so a reorg rolls each table back exactly and a
// restart resumes from the last checkpoint. Amounts are uint256 (`numeric(78)`), timestamps are unix seconds.
import { index, onchainTable, primaryKey } from "ponder";

/** Every event of every Hearth contract, decoded, in chain order: the source of job timelines and histories. */
export const event = onchainTable(
  "event",
  (t) => ({
    /** Ponder's event checkpoint: sorts in chain order. */
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    /** The job the event is about, if any. */
    jobId: t.bigint(),
    /** The provider (or, for requester-side events, the account) the event is about, if any. */
    account: t.hex(),
    /** Decoded arguments; integers as decimal strings. */
    args: t.json().notNull(),
  }),
  (table) => ({
    jobIdx: index().on(table.jobId, table.id),
    accountIdx: index().on(table.account, table.id),
  }),
);

export const provider = onchainTable(
  "provider",
  (t) => ({
    address: t.hex().primaryKey(),
    registered: t.boolean().notNull(),
    registeredAt: t.bigint(),
    metadataCid: t.text(),
    /** Declared carbon intensity, gCO2e/kWh. */
    carbonIntensity: t.integer().notNull(),
    /** `bonded` includes `locked`; free = bonded - locked. */
    bonded: t.bigint().notNull(),
    locked: t.bigint().notNull(),
    unbonding: t.bigint().notNull(),
    unbondingEnd: t.bigint().notNull(),
    jailedUntil: t.bigint().notNull(),
    verifier: t.boolean().notNull(),
    openDisputes: t.integer().notNull(),
    jobsClaimed: t.integer().notNull(),
    jobsCompleted: t.integer().notNull(),
    jobsExpired: t.integer().notNull(),
    /** Jobs it gave back before the deadline (`JobReleased`); not part of reputation. */
    jobsReleased: t.integer().notNull(),
    disputesLost: t.integer().notNull(),
    disputesWon: t.integer().notNull(),
    /** Times its results were challenged. */
    challenged: t.integer().notNull(),
    /** GPU seconds of finalized jobs, as the market counts them (whole seconds per job). */
    gpuSeconds: t.bigint().notNull(),
    /** Attested GPU time of finalized jobs, ms. */
    gpuTimeMs: t.bigint().notNull(),
    /** Attested energy of finalized jobs, mJ. */
    energyMj: t.bigint().notNull(),
    /** Sum over finalized jobs of energy (mJ) x carbon intensity (gCO2e/kWh); gCO2e = this / 3.6e9. */
    carbonMjG: t.bigint().notNull(),
    /** HRTH value of the prices of its finalized jobs (the market's `earnedPoints`). */
    earnedPoints: t.bigint().notNull(),
    rewardsClaimed: t.bigint().notNull(),
    slashed: t.bigint().notNull(),
    slashes: t.integer().notNull(),
    /** Claim-to-attestation latency: sum (s) and count, and the sum of the share of the job's time it used. */
    latencySum: t.bigint().notNull(),
    latencyCount: t.integer().notNull(),
    latencyShareSum: t.doublePrecision().notNull(),
    /** Recency-weighted outcomes, decayed to `decayAnchor` (see derive/reputation.ts). */
    successWeight: t.doublePrecision().notNull(),
    expiryWeight: t.doublePrecision().notNull(),
    disputeLossWeight: t.doublePrecision().notNull(),
    decayAnchor: t.bigint().notNull(),
    firstActivity: t.bigint().notNull(),
    lastActivity: t.bigint().notNull(),
  }),
  (table) => ({
    bondedIdx: index().on(table.bonded),
  }),
);

/** A provider's payouts in one payment token. */
export const providerEarning = onchainTable(
  "provider_earning",
  (t) => ({
    provider: t.hex().notNull(),
    token: t.hex().notNull(),
    payout: t.bigint().notNull(),
    jobs: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.provider, table.token] }) }),
);

/** A provider's activity per UTC day. */
export const providerDay = onchainTable(
  "provider_day",
  (t) => ({
    provider: t.hex().notNull(),
    day: t.bigint().notNull(),
    jobsCompleted: t.integer().notNull(),
    jobsExpired: t.integer().notNull(),
    jobsReleased: t.integer().notNull(),
    disputesLost: t.integer().notNull(),
    gpuSeconds: t.bigint().notNull(),
    energyMj: t.bigint().notNull(),
    carbonMjG: t.bigint().notNull(),
    earnedPoints: t.bigint().notNull(),
    slashed: t.bigint().notNull(),
    /** Bonded stake at the end of the day (last value seen). */
    bonded: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.provider, table.day] }) }),
);

export const job = onchainTable(
  "job",
  (t) => ({
    id: t.bigint().primaryKey(),
    status: t.text().notNull(),
    requester: t.hex().notNull(),
    /** The provider that claimed it, or the target provider while open. */
    provider: t.hex(),
    targetProvider: t.hex(),
    /** Times a provider gave it back (`JobReleased`): it was open again, and the claim fields were cleared. */
    releases: t.integer().notNull(),
    token: t.hex().notNull(),
    price: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    requiredStake: t.bigint().notNull(),
    maxCarbon: t.integer().notNull(),
    specCid: t.text().notNull(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
    claimedBlock: t.bigint(),
    claimedAt: t.bigint(),
    collateral: t.bigint(),
    submittedBlock: t.bigint(),
    submittedAt: t.bigint(),
    resultCid: t.text(),
    outputRoot: t.hex(),
    gpuTimeMs: t.bigint(),
    energyMj: t.bigint(),
    energyEstimated: t.boolean(),
    device: t.text(),
    randomnessBlock: t.bigint(),
    /** The provider's declared carbon intensity when it attested. */
    carbonIntensity: t.integer(),
    finalizedBlock: t.bigint(),
    finalizedAt: t.bigint(),
    providerPayout: t.bigint(),
    protocolFee: t.bigint(),
    verifierFee: t.bigint(),
    cancelledBlock: t.bigint(),
    cancelledAt: t.bigint(),
    expiredBlock: t.bigint(),
    expiredAt: t.bigint(),
    refund: t.bigint(),
    collateralSlashed: t.bigint(),
    rejectedBlock: t.bigint(),
    rejectedAt: t.bigint(),
    slashed: t.bigint(),
    sampledVerifier: t.hex(),
    sampledAt: t.bigint(),
    verified: t.boolean().notNull(),
    verifiedAt: t.bigint(),
    challenger: t.hex(),
    disputedBlock: t.bigint(),
    disputedAt: t.bigint(),
    bond: t.bigint(),
    bySampledVerifier: t.boolean(),
    drawBlock: t.bigint(),
    committee: t.json(),
    commitDeadline: t.bigint(),
    revealDeadline: t.bigint(),
    disputeOutcome: t.text(),
    faultVotes: t.integer(),
    correctVotes: t.integer(),
    bounty: t.bigint(),
    committeeReward: t.bigint(),
    toProvider: t.bigint(),
    resolvedBlock: t.bigint(),
    resolvedAt: t.bigint(),
  }),
  (table) => ({
    statusIdx: index().on(table.status, table.id),
    providerIdx: index().on(table.provider, table.id),
    requesterIdx: index().on(table.requester, table.id),
  }),
);

/** A committee member's vote on a dispute. */
export const vote = onchainTable(
  "vote",
  (t) => ({
    jobId: t.bigint().notNull(),
    member: t.hex().notNull(),
    committedAt: t.bigint(),
    revealedAt: t.bigint(),
    providerAtFault: t.boolean(),
    penalty: t.bigint(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.jobId, table.member] }) }),
);

/** The rewards contract's immutable schedule, read once from the chain. */
export const rewardsSchedule = onchainTable("rewards_schedule", (t) => ({
  id: t.integer().primaryKey(),
  genesisTime: t.bigint().notNull(),
  epochLength: t.bigint().notNull(),
  initialEmission: t.bigint().notNull(),
  decayBps: t.bigint().notNull(),
}));

export const epoch = onchainTable("epoch", (t) => ({
  epoch: t.bigint().primaryKey(),
  points: t.bigint().notNull(),
  /** `emissionForEpoch`: what the epoch mints if any work was recorded in it. */
  emission: t.bigint().notNull(),
  providers: t.integer().notNull(),
  claimed: t.bigint().notNull(),
  claims: t.integer().notNull(),
  forfeits: t.integer().notNull(),
}));

/** A provider's share of one epoch. */
export const reward = onchainTable(
  "reward",
  (t) => ({
    epoch: t.bigint().notNull(),
    provider: t.hex().notNull(),
    points: t.bigint().notNull(),
    forfeited: t.boolean().notNull(),
    claimed: t.bigint(),
    claimedAt: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.epoch, table.provider] }),
    providerIdx: index().on(table.provider, table.epoch),
  }),
);

/** Payment tokens allow-listed by the market, with their volume and fees. */
export const paymentToken = onchainTable("payment_token", (t) => ({
  address: t.hex().primaryKey(),
  allowed: t.boolean().notNull(),
  hrthPerUnitWad: t.bigint().notNull(),
  /** Price of jobs created. */
  volume: t.bigint().notNull(),
  /** Protocol plus verifier fees of finalized jobs. */
  fees: t.bigint().notNull(),
  payouts: t.bigint().notNull(),
}));

/** Network totals now (one row, id 1). */
export const network = onchainTable("network", (t) => ({
  id: t.integer().primaryKey(),
  providers: t.integer().notNull(),
  jobsCreated: t.integer().notNull(),
  jobsOpen: t.integer().notNull(),
  jobsAssigned: t.integer().notNull(),
  jobsSubmitted: t.integer().notNull(),
  jobsDisputed: t.integer().notNull(),
  jobsFinalized: t.integer().notNull(),
  jobsCancelled: t.integer().notNull(),
  jobsExpired: t.integer().notNull(),
  jobsRejected: t.integer().notNull(),
  gpuSeconds: t.bigint().notNull(),
  gpuTimeMs: t.bigint().notNull(),
  /** HRTH value of fees (protocol + verifier) of finalized jobs. */
  feesHrth: t.bigint().notNull(),
  bonded: t.bigint().notNull(),
  locked: t.bigint().notNull(),
  unbonding: t.bigint().notNull(),
  /** HRTH minted by reward claims. */
  emissions: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
  slashes: t.integer().notNull(),
  attested: t.integer().notNull(),
  sampled: t.integer().notNull(),
  verificationsPassed: t.integer().notNull(),
  challenged: t.integer().notNull(),
  fraudFound: t.integer().notNull(),
  /** Jobs sampled or challenged (each counted once). */
  jobsChecked: t.integer().notNull(),
  energyMj: t.bigint().notNull(),
  carbonMjG: t.bigint().notNull(),
  hrthSupply: t.bigint().notNull(),
  minStake: t.bigint().notNull(),
  events: t.integer().notNull(),
}));

/** Network time series: one row per hour and per day (`interval` is "hour" or "day"). */
export const series = onchainTable(
  "series",
  (t) => ({
    interval: t.text().notNull(),
    start: t.bigint().notNull(),
    jobsCreated: t.integer().notNull(),
    jobsFinalized: t.integer().notNull(),
    jobsExpired: t.integer().notNull(),
    jobsCancelled: t.integer().notNull(),
    jobsRejected: t.integer().notNull(),
    attested: t.integer().notNull(),
    /** GPU seconds of finalized jobs as the market counts them (whole seconds per job). */
    gpuSeconds: t.bigint().notNull(),
    /** Attested GPU time of finalized jobs, ms (the source of GPU-hours). */
    gpuTimeMs: t.bigint().notNull(),
    feesHrth: t.bigint().notNull(),
    emissions: t.bigint().notNull(),
    slashed: t.bigint().notNull(),
    sampled: t.integer().notNull(),
    challenged: t.integer().notNull(),
    fraudFound: t.integer().notNull(),
    energyMj: t.bigint().notNull(),
    carbonMjG: t.bigint().notNull(),
    /** Gauges: the value at the end of the bucket. */
    totalStake: t.bigint().notNull(),
    providers: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.interval, table.start] }) }),
);
