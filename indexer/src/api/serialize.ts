// Rows to API JSON: amounts (uint256) as decimal strings, times as unix seconds, addresses lower-case.
import type * as schema from "../../ponder/ponder.schema.ts";
import { computeReputation, type Reputation } from "../derive/reputation.ts";
import { formatRatio, gramsCo2e, joules, kilowattHours } from "../derive/units.ts";
import type { MetadataState } from "../metadata/createMetadataStore.ts";

export type ProviderRow = typeof schema.provider.$inferSelect;
export type JobRow = typeof schema.job.$inferSelect;

const str = (value: bigint | null | undefined) => (value === null || value === undefined ? null : value.toString());
const num = (value: bigint | null | undefined) => (value === null || value === undefined ? null : Number(value));

export function energyJson(energyMj: bigint, carbonMjG: bigint) {
  return { joules: joules(energyMj), kwh: kilowattHours(energyMj), gCO2e: gramsCo2e(carbonMjG) };
}

/** GPU-hours from attested GPU time (ms), to 9 decimals (3.6 ms): the market's whole-second count reads 0 for short jobs. */
export function gpuHours(gpuTimeMs: bigint): string {
  return formatRatio(gpuTimeMs, 3_600_000n, 9);
}

export function providerReputation(row: ProviderRow, now: bigint, minStake: bigint): Reputation {
  return computeReputation(row, now, minStake);
}

export function providerJson(row: ProviderRow, now: bigint, minStake: bigint, metadata: MetadataState, reputation?: Reputation) {
  return {
    address: row.address,
    registered: row.registered,
    registeredAt: num(row.registeredAt),
    metadataCid: row.metadataCid,
    metadata: metadata.status === "ok" ? metadata.metadata : null,
    metadataStatus: metadata.status,
    ...("reason" in metadata ? { metadataError: metadata.reason } : {}),
    carbonIntensity: row.carbonIntensity,
    stake: {
      bonded: row.bonded.toString(),
      locked: row.locked.toString(),
      free: (row.bonded - row.locked).toString(),
      unbonding: row.unbonding.toString(),
      unbondingEnd: num(row.unbondingEnd) || null,
    },
    jailed: row.jailedUntil > now,
    jailedUntil: num(row.jailedUntil) || null,
    active: row.registered && row.bonded >= minStake && row.jailedUntil <= now,
    verifier: row.verifier,
    openDisputes: row.openDisputes,
    jobs: {
      claimed: row.jobsClaimed,
      completed: row.jobsCompleted,
      expired: row.jobsExpired,
      released: row.jobsReleased,
      disputesLost: row.disputesLost,
      disputesWon: row.disputesWon,
      challenged: row.challenged,
    },
    gpuSeconds: row.gpuSeconds.toString(),
    gpuHours: gpuHours(row.gpuTimeMs),
    gpuTimeMs: row.gpuTimeMs.toString(),
    energy: energyJson(row.energyMj, row.carbonMjG),
    earnedPoints: row.earnedPoints.toString(),
    rewardsClaimed: row.rewardsClaimed.toString(),
    slashed: row.slashed.toString(),
    slashes: row.slashes,
    firstActivity: Number(row.firstActivity),
    lastActivity: Number(row.lastActivity),
    reputation: reputation ?? providerReputation(row, now, minStake),
  };
}

export function jobJson(row: JobRow) {
  return {
    id: row.id.toString(),
    status: row.status,
    requester: row.requester,
    provider: row.status === "open" ? null : row.provider,
    targetProvider: row.targetProvider,
    releases: row.releases,
    token: row.token,
    price: row.price.toString(),
    deadline: Number(row.deadline),
    requiredStake: row.requiredStake.toString(),
    maxCarbon: row.maxCarbon,
    specCid: row.specCid,
    created: { block: Number(row.createdBlock), timestamp: Number(row.createdAt), transactionHash: row.createdTx },
    claimed: row.claimedAt === null ? null : { block: num(row.claimedBlock), timestamp: num(row.claimedAt), collateral: str(row.collateral) },
    submitted:
      row.submittedAt === null
        ? null
        : {
            block: num(row.submittedBlock),
            timestamp: num(row.submittedAt),
            resultCid: row.resultCid,
            outputRoot: row.outputRoot,
            randomnessBlock: num(row.randomnessBlock),
            latencySeconds: row.claimedAt === null ? null : Number(row.submittedAt - row.claimedAt),
          },
    attestation:
      row.submittedAt === null
        ? null
        : {
            gpuTimeMs: str(row.gpuTimeMs),
            energyMillijoules: str(row.energyMj),
            energyEstimated: row.energyEstimated,
            device: row.device,
            carbonIntensity: row.carbonIntensity,
            gCO2e: gramsCo2e((row.energyMj ?? 0n) * BigInt(row.carbonIntensity ?? 0)),
          },
    finalized:
      row.finalizedAt === null
        ? null
        : {
            block: num(row.finalizedBlock),
            timestamp: num(row.finalizedAt),
            providerPayout: str(row.providerPayout),
            protocolFee: str(row.protocolFee),
            verifierFee: str(row.verifierFee),
          },
    cancelled: row.cancelledAt === null ? null : { block: num(row.cancelledBlock), timestamp: num(row.cancelledAt) },
    expired:
      row.expiredAt === null
        ? null
        : { block: num(row.expiredBlock), timestamp: num(row.expiredAt), refund: str(row.refund), collateralSlashed: str(row.collateralSlashed) },
    rejected:
      row.rejectedAt === null
        ? null
        : { block: num(row.rejectedBlock), timestamp: num(row.rejectedAt), refund: str(row.refund), slashed: str(row.slashed) },
    verification: {
      sampledVerifier: row.sampledVerifier,
      sampledAt: num(row.sampledAt),
      verified: row.verified,
      verifiedAt: num(row.verifiedAt),
    },
    dispute:
      row.challenger === null
        ? null
        : {
            challenger: row.challenger,
            openedBlock: num(row.disputedBlock),
            openedAt: num(row.disputedAt),
            bond: str(row.bond),
            bySampledVerifier: row.bySampledVerifier,
            drawBlock: num(row.drawBlock),
            committee: (row.committee as string[] | null) ?? [],
            commitDeadline: num(row.commitDeadline),
            revealDeadline: num(row.revealDeadline),
            outcome: row.disputeOutcome,
            faultVotes: row.faultVotes,
            correctVotes: row.correctVotes,
            slashed: row.disputeOutcome === null ? null : str(row.slashed),
            bounty: str(row.bounty),
            committeeReward: str(row.committeeReward),
            toProvider: str(row.toProvider),
            resolvedBlock: num(row.resolvedBlock),
            resolvedAt: num(row.resolvedAt),
          },
  };
}
