/** `IJobMarket.JobStatus`, as viem decodes it (a number). */
export const JobStatus = {
  None: 0,
  Open: 1,
  Assigned: 2,
  Submitted: 3,
  Disputed: 4,
  Finalized: 5,
  Cancelled: 6,
  Expired: 7,
  Rejected: 8,
} as const;

/** `IDisputeCourt.DisputeStatus`. */
export const DisputeStatus = { None: 0, AwaitingDraw: 1, Voting: 2, Resolved: 3 } as const;

/** `IDisputeCourt.Outcome`. */
export const Outcome = { None: 0, ProviderAtFault: 1, ChallengerWrong: 2, Inconclusive: 3 } as const;
