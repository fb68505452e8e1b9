// DisputeCourt: sampling and verification, challenges, committees, commit-reveal votes and verdicts.
import { ponder } from "ponder:registry";
import { job, vote } from "ponder:schema";
import type { Hex } from "viem";
import { type Db, recordEvent, updateProvider } from "./shared.ts";

const C = "DisputeCourt";

/** `IDisputeCourt.Outcome`, by index. */
const outcomes = ["none", "providerAtFault", "challengerWrong", "inconclusive"] as const;

async function getJob(db: Db, id: bigint) {
  const row = await db.find(job, { id });
  if (!row) throw new Error(`Job ${id} has a court event but was never created.`);
  return { provider: row.provider, sampledVerifier: row.sampledVerifier };
}

ponder.on("DisputeCourt:JobSampled", async ({ event, context }) => {
  const { jobId, verifier } = event.args;
  const tally = await recordEvent(context.db, event, C, "JobSampled", { jobId, account: verifier });
  await context.db
    .update(job, { id: jobId })
    .set({ sampledVerifier: verifier.toLowerCase() as Hex, sampledAt: event.block.timestamp });
  tally.network({ sampled: 1, jobsChecked: 1 });
  tally.series({ sampled: 1 });
  await tally.commit();
});

ponder.on("DisputeCourt:VerificationPassed", async ({ event, context }) => {
  const { jobId, verifier } = event.args;
  const tally = await recordEvent(context.db, event, C, "VerificationPassed", { jobId, account: verifier });
  tally.network({ verificationsPassed: 1 });
  await tally.commit();
});

ponder.on("DisputeCourt:DisputeOpened", async ({ event, context }) => {
  const { jobId, challenger, bond, drawBlock, bySampledVerifier } = event.args;
  const tally = await recordEvent(context.db, event, C, "DisputeOpened", { jobId, account: challenger });
  const row = await getJob(context.db, jobId);
  await context.db.update(job, { id: jobId }).set({ bond, drawBlock, bySampledVerifier });
  if (row.provider) await updateProvider(tally, row.provider, (p) => ({ openDisputes: p.openDisputes + 1 }));
  // A job both sampled and challenged counts once towards coverage.
  tally.network({ challenged: 1, jobsChecked: row.sampledVerifier === null ? 1 : 0 });
  tally.series({ challenged: 1 });
  await tally.commit();
});

ponder.on("DisputeCourt:CommitteeDrawRescheduled", async ({ event, context }) => {
  const { jobId, drawBlock } = event.args;
  const tally = await recordEvent(context.db, event, C, "CommitteeDrawRescheduled", { jobId });
  await context.db.update(job, { id: jobId }).set({ drawBlock });
  await tally.commit();
});

ponder.on("DisputeCourt:CommitteeDrawn", async ({ event, context }) => {
  const { jobId, members, commitDeadline, revealDeadline } = event.args;
  const tally = await recordEvent(context.db, event, C, "CommitteeDrawn", { jobId });
  await context.db.update(job, { id: jobId }).set({
    committee: members.map((member) => member.toLowerCase()),
    commitDeadline: BigInt(commitDeadline),
    revealDeadline: BigInt(revealDeadline),
  });
  await context.db
    .insert(vote)
    .values(members.map((member) => ({ jobId, member: member.toLowerCase() as Hex })))
    .onConflictDoNothing();
  await tally.commit();
});

ponder.on("DisputeCourt:VoteCommitted", async ({ event, context }) => {
  const { jobId, member } = event.args;
  const tally = await recordEvent(context.db, event, C, "VoteCommitted", { jobId, account: member });
  await context.db
    .update(vote, { jobId, member: member.toLowerCase() as Hex })
    .set({ committedAt: event.block.timestamp });
  await tally.commit();
});

ponder.on("DisputeCourt:VoteRevealed", async ({ event, context }) => {
  const { jobId, member, providerAtFault } = event.args;
  const tally = await recordEvent(context.db, event, C, "VoteRevealed", { jobId, account: member });
  await context.db
    .update(vote, { jobId, member: member.toLowerCase() as Hex })
    .set({ revealedAt: event.block.timestamp, providerAtFault });
  await tally.commit();
});

ponder.on("DisputeCourt:NonRevealPenalized", async ({ event, context }) => {
  const { jobId, member, penalty } = event.args;
  const tally = await recordEvent(context.db, event, C, "NonRevealPenalized", { jobId, account: member });
  await context.db.update(vote, { jobId, member: member.toLowerCase() as Hex }).set({ penalty });
  await tally.commit();
});

ponder.on("DisputeCourt:DisputeResolved", async ({ event, context }) => {
  const a = event.args;
  const t = event.block.timestamp;
  const tally = await recordEvent(context.db, event, C, "DisputeResolved", { jobId: a.jobId });
  const row = await getJob(context.db, a.jobId);
  const outcome = outcomes[a.outcome] ?? "none";
  await context.db.update(job, { id: a.jobId }).set({
    disputeOutcome: outcome,
    faultVotes: a.faultVotes,
    correctVotes: a.correctVotes,
    slashed: a.slashed,
    bounty: a.bounty,
    committeeReward: a.committeeReward,
    toProvider: a.toProvider,
    resolvedBlock: event.block.number,
    resolvedAt: t,
  });
  if (row.provider) {
    // The market counts a dispute as won whenever the provider is not at fault (inconclusive included).
    const won = outcome === "providerAtFault" ? 0 : 1;
    await updateProvider(tally, row.provider, (p) => ({
      openDisputes: p.openDisputes - 1,
      disputesWon: p.disputesWon + won,
    }));
  }
  if (outcome === "providerAtFault") {
    tally.network({ fraudFound: 1 });
    tally.series({ fraudFound: 1 });
  }
  await tally.commit();
});

for (const name of ["ParametersUpdated", "OwnershipTransferStarted", "OwnershipTransferred"] as const) {
  ponder.on(`DisputeCourt:${name}`, async ({ event, context }) => {
    await (await recordEvent(context.db, event, C, name)).commit();
  });
}
