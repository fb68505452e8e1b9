// Response shapes of the indexer's HTTP API (indexer/src/api): amounts are decimal strings (token units or
// HRTH wei), times unix seconds, addresses lower-case. Only the fields the app reads are typed.

export type Energy = { joules: string; kwh: string; gCO2e: string };

export type StatsResponse = {
  block: { number: number; timestamp: number };
  providers: number;
  activeProviders: number;
  totalStake: string;
  stake: { bonded: string; locked: string; unbonding: string; minStake: string };
  jobs: Record<"total" | JobState, number>;
  gpuSeconds: string;
  gpuHours: string;
  fees: {
    hrthValue: string;
    byToken: Array<{ token: string; symbol: string; decimals: number; allowed: boolean; fees: string; volume: string; payouts: string }>;
  };
  emissions: string;
  hrthSupply: string;
  slashed: string;
  slashes: number;
  verification: {
    attested: number;
    sampled: number;
    passed: number;
    challenged: number;
    fraudFound: number;
    jobsChecked: number;
    coverage: string;
  };
  energy: Energy;
};

export type TimeseriesMetric =
  | "jobsCreated"
  | "jobsFinalized"
  | "jobsExpired"
  | "jobsCancelled"
  | "jobsRejected"
  | "attested"
  | "sampled"
  | "challenged"
  | "fraudFound"
  | "verificationCoverage"
  | "gpuSeconds"
  | "gpuHours"
  | "fees"
  | "emissions"
  | "slashed"
  | "energyJoules"
  | "energyKwh"
  | "carbon"
  | "totalStake"
  | "providers";

export type TimeseriesResponse = {
  metric: TimeseriesMetric;
  interval: "hour" | "day";
  kind: "counter" | "gauge";
  unit: string;
  description: string;
  from: number;
  to: number;
  points: Array<{ start: number; value: string | number }>;
};

export type ProviderSort = "reputation" | "stake" | "jobs" | "earnings" | "carbon";

export type ProviderMetadata = {
  name: string | null;
  region: string | null;
  energySource: string | null;
  carbonIntensity: number | null;
  declaredPowerWatts: number | null;
  backend: string | null;
  endpoint: string | null;
  price: Record<string, string>;
  gpu: { vendor: string | null; architecture: string | null; device: string | null; description: string | null; isSoftware: boolean | null } | null;
};

export type Reputation = {
  score: number;
  reliability: number;
  timeliness: number;
  stake: number;
  successRate: number | null;
  weighted: { completed: number; expired: number; disputesLost: number; effectiveJobs: number };
  recency: number | null;
  meanLatencySeconds: number | null;
  meanLatencyShare: number | null;
};

export type Provider = {
  address: string;
  registered: boolean;
  registeredAt: number | null;
  metadataCid: string | null;
  metadata: ProviderMetadata | null;
  metadataStatus: string;
  carbonIntensity: number;
  stake: { bonded: string; locked: string; free: string; unbonding: string; unbondingEnd: number | null };
  jailed: boolean;
  jailedUntil: number | null;
  active: boolean;
  verifier: boolean;
  openDisputes: number;
  jobs: { claimed: number; completed: number; expired: number; released: number; disputesLost: number; disputesWon: number; challenged: number };
  gpuSeconds: string;
  gpuHours: string;
  energy: Energy;
  earnedPoints: string;
  rewardsClaimed: string;
  slashed: string;
  slashes: number;
  firstActivity: number;
  lastActivity: number;
  reputation: Reputation;
};

export type ProvidersResponse = { sort: ProviderSort; items: Provider[]; nextCursor: string | null };

export type IndexedEvent = {
  contract: string;
  name: string;
  block: number;
  timestamp: number;
  transactionHash: string;
  logIndex: number;
  jobId: string | null;
  account: string | null;
  args: Record<string, unknown>;
};

export type ProviderDetail = Provider & {
  earnings: Array<{ token: string; payout: string; jobs: number }>;
  history: {
    daily: Array<{
      day: number;
      jobsCompleted: number;
      jobsExpired: number;
      jobsReleased: number;
      disputesLost: number;
      gpuSeconds: string;
      energy: Energy;
      earnedPoints: string;
      slashed: string;
      bonded: string;
    }>;
    events: IndexedEvent[];
  };
};

export const jobStates = ["open", "assigned", "submitted", "disputed", "finalized", "cancelled", "expired", "rejected"] as const;
export type JobState = (typeof jobStates)[number];

export type Job = {
  id: string;
  status: JobState;
  requester: string;
  provider: string | null;
  targetProvider: string | null;
  /** Times a provider gave the job back before the deadline (it was open again). */
  releases: number;
  token: string;
  price: string;
  deadline: number;
  requiredStake: string;
  maxCarbon: number;
  specCid: string;
  created: { block: number; timestamp: number; transactionHash: string };
  claimed: { block: number | null; timestamp: number | null; collateral: string | null } | null;
  submitted: {
    block: number | null;
    timestamp: number | null;
    resultCid: string | null;
    outputRoot: string | null;
    randomnessBlock: number | null;
    latencySeconds: number | null;
  } | null;
  attestation: {
    gpuTimeMs: string | null;
    energyMillijoules: string | null;
    energyEstimated: boolean | null;
    device: string | null;
    carbonIntensity: number | null;
    gCO2e: string;
  } | null;
  finalized: { block: number | null; timestamp: number | null; providerPayout: string | null; protocolFee: string | null; verifierFee: string | null } | null;
  cancelled: { block: number | null; timestamp: number | null } | null;
  expired: { block: number | null; timestamp: number | null; refund: string | null; collateralSlashed: string | null } | null;
  rejected: { block: number | null; timestamp: number | null; refund: string | null; slashed: string | null } | null;
  verification: { sampledVerifier: string | null; sampledAt: number | null; verified: boolean; verifiedAt: number | null };
  dispute: {
    challenger: string;
    openedAt: number | null;
    bond: string | null;
    bySampledVerifier: boolean | null;
    committee: string[];
    commitDeadline: number | null;
    revealDeadline: number | null;
    outcome: string | null;
    faultVotes: number | null;
    correctVotes: number | null;
    slashed: string | null;
    resolvedAt: number | null;
  } | null;
};

export type JobsResponse = { items: Job[]; nextCursor: string | null };

export type JobDetail = Job & {
  votes: Array<{ member: string; committedAt: number | null; revealedAt: number | null; providerAtFault: boolean | null; penalty: string | null }>;
  timeline: IndexedEvent[];
};

export type EpochsResponse = {
  schedule: {
    genesisTime: number;
    epochLength: number;
    initialEmission: string;
    decayBps: number;
    currentEpoch: string | null;
    currentEmission: string | null;
  } | null;
  items: Array<{
    epoch: string;
    start: number | null;
    end: number | null;
    over: boolean;
    emission: string;
    points: string;
    providers: number;
    claimed: string;
    claims: number;
    forfeits: number;
    unclaimed: string;
  }>;
  nextCursor: string | null;
};

export type ProviderRewardsResponse = {
  provider: string;
  currentEpoch: string | null;
  claimable: string;
  claimed: string;
  epochs: Array<{
    epoch: string;
    points: string;
    epochPoints: string;
    share: string;
    status: "claimed" | "forfeited" | "accruing" | "claimable" | "none";
    forfeited: boolean;
    claimed: string | null;
    claimedAt: number | null;
  }>;
};
