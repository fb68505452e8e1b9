/**
 * Contract events in words, as they read on the page of the account they are about (the provider, the verifier,
 * the challenger or the requester): "Claimed the job" rather than JobMarket.JobClaimed.
 */
const labels: Record<string, string> = {
  // JobMarket
  JobCreated: "Created a job",
  JobClaimed: "Claimed the job",
  JobReleased: "Gave the job back before its deadline",
  AttestationSubmitted: "Submitted a signed result",
  JobFinalized: "Job finalized: provider paid",
  JobCancelled: "Job cancelled: requester refunded",
  JobExpired: "Job expired: requester refunded",
  JobDisputed: "Result challenged",
  JobRejected: "Result rejected by the committee",
  JobVerified: "Sampled result re-run and confirmed",
  Withdrawal: "Withdrew what the market held",
  TokenConfigured: "Payment token configured",
  DisputeCourtSet: "Dispute court set",
  // DisputeCourt
  JobSampled: "Drawn to re-run a sampled job",
  VerificationPassed: "Re-run matched the result",
  DisputeOpened: "Opened a dispute, posting a bond",
  CommitteeDrawn: "Committee drawn",
  CommitteeDrawRescheduled: "Committee draw rescheduled",
  VoteCommitted: "Committed a committee vote",
  VoteRevealed: "Revealed a committee vote",
  NonRevealPenalized: "Penalised for not revealing a vote",
  DisputeResolved: "Dispute resolved",
  // ProviderStaking
  ProviderRegistered: "Registered as a provider",
  ProviderMetadataUpdated: "Updated its metadata",
  Staked: "Staked HRTH",
  UnstakeRequested: "Started unbonding stake",
  Withdrawn: "Withdrew unbonded stake",
  CollateralLocked: "Collateral locked for a job",
  CollateralUnlocked: "Collateral unlocked",
  Slashed: "Stake slashed",
  VerifierStatusChanged: "Changed its verifier status",
  ProtocolContractsSet: "Protocol contracts set",
  // RewardsDistributor
  WorkRecorded: "Work points recorded for rewards",
  RewardsForfeited: "Forfeited an epoch's rewards (slashed)",
  RewardsClaimed: "Claimed epoch rewards",
  // Tokens and governance
  Transfer: "Token transfer",
  Approval: "Token approval",
  MinterSet: "Rewards minter set",
  ParametersUpdated: "Governance changed parameters",
  OwnershipTransferStarted: "Ownership transfer started",
  OwnershipTransferred: "Ownership transferred",
  EIP712DomainChanged: "Signing domain changed",
};

/** The event in words; the raw name for one this app does not know yet. */
export function eventLabel(name: string): string {
  return labels[name] ?? name;
}
