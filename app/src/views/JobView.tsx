"use client";
import Link from "next/link";
import { AddressLabel } from "@/components/AddressLabel";
import { CidLink } from "@/components/CidLink";
import { JobActions } from "@/components/JobActions";
import { useNetwork } from "@/components/NetworkContext";
import { ResultCheck } from "@/components/ResultCheck";
import { LoadError, Loading } from "@/components/States";
import { StatusBadge } from "@/components/StatusBadge";
import { formatDuration, formatGrams, formatHrth, formatNumber, formatTime, formatToken } from "@/lib/format/format";
import type { JobDetail } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { jobReleases } from "@/lib/jobs/jobReleases";

type Stage = { key: string; label: string; at: number | null | undefined; detail?: React.ReactNode; tone?: "ok" | "warn" | "danger" | undefined };

const FINAL = ["finalized", "cancelled", "expired", "rejected"];

/** One job: its timeline, spec and result on IPFS, the attestation's metrics, disputes, and the in-browser check. */
export function JobView({ id }: { id: string }) {
  const network = useNetwork();
  const query = useIndexer<JobDetail>(`/v1/jobs/${id}`, {}, { refreshMs: 3_000 });
  const head = (
    <div className="page-head">
      <p className="crumbs">
        <Link href="/jobs">Jobs</Link> /
      </p>
      <h1>
        Job #{id} {query.data ? <StatusBadge status={query.data.status} /> : null}
      </h1>
    </div>
  );
  if (query.error && !query.data) {
    return (
      <>
        {head}
        <LoadError error={query.error} what={`job ${id}`} />
      </>
    );
  }
  if (!query.data) {
    return (
      <>
        {head}
        <Loading what={`job ${id}`} />
      </>
    );
  }
  const job = query.data;
  const stages: Stage[] = [
    { key: "created", label: "Created", at: job.created.timestamp, detail: <>by <AddressLabel address={job.requester} />, paying {formatToken(network, job.token, job.price)}</> },
    // Claims given back before the deadline: the job was open again, and the provider paid for the time it held it.
    ...jobReleases(job.timeline).flatMap((release, i): Stage[] => [
      ...(release.claimedAt === null
        ? []
        : [{ key: `claimed-${i}`, label: "Claimed", at: release.claimedAt, detail: <>by <AddressLabel address={release.provider} provider />, locking {formatHrth(release.collateral, 4)} collateral</> }]),
      {
        key: `released-${i}`,
        label: "Released",
        at: release.releasedAt,
        detail: <>by <AddressLabel address={release.provider} provider /> ({formatHrth(release.collateralSlashed, 4)} of collateral to the requester)</>,
        tone: "warn",
      },
    ]),
    {
      key: "claimed",
      label: "Claimed",
      at: job.claimed?.timestamp,
      detail: job.provider ? <>by <AddressLabel address={job.provider} provider />, locking {formatHrth(job.claimed?.collateral, 4)} collateral</> : null,
    },
    { key: "attested", label: "Attested", at: job.submitted?.timestamp, detail: job.submitted ? <>result <CidLink cid={job.submitted.resultCid} />, {formatDuration(job.submitted.latencySeconds)} after the claim</> : null },
  ];
  if (job.verification.sampledAt) {
    stages.push({
      key: "sampled",
      label: job.verification.verified ? "Re-checked by a verifier" : "Sampled for re-execution",
      at: job.verification.verifiedAt ?? job.verification.sampledAt,
      detail: job.verification.sampledVerifier ? <>verifier <AddressLabel address={job.verification.sampledVerifier} provider /></> : null,
      tone: job.verification.verified ? "ok" : undefined,
    });
  }
  if (job.dispute) {
    stages.push({ key: "challenged", label: "Challenged", at: job.dispute.openedAt, detail: <>by <AddressLabel address={job.dispute.challenger} />, bond {formatHrth(job.dispute.bond, 2)}</>, tone: "warn" });
    if (job.dispute.resolvedAt) {
      stages.push({
        key: "resolved",
        label: "Dispute resolved",
        at: job.dispute.resolvedAt,
        detail: `${outcomeWords(job.dispute.outcome)} (${job.dispute.faultVotes ?? 0} vote(s) for fault, ${job.dispute.correctVotes ?? 0} for correct)`,
        tone: job.dispute.outcome === "providerAtFault" ? "danger" : "ok",
      });
    }
  }
  if (job.finalized) stages.push({ key: "finalized", label: "Finalized", at: job.finalized.timestamp, detail: <>provider paid {formatToken(network, job.token, job.finalized.providerPayout)}</>, tone: "ok" });
  else if (job.cancelled) stages.push({ key: "cancelled", label: "Cancelled", at: job.cancelled.timestamp });
  else if (job.expired) stages.push({ key: "expired", label: "Expired", at: job.expired.timestamp, detail: <>requester refunded {formatToken(network, job.token, job.expired.refund)}</>, tone: "danger" });
  else if (job.rejected) stages.push({ key: "rejected", label: "Rejected", at: job.rejected.timestamp, detail: <>requester refunded, provider slashed {formatHrth(job.rejected.slashed, 2)}</>, tone: "danger" });
  else stages.push({ key: "finalized", label: "Finalized", at: null, detail: job.submitted ? "after the challenge window, if nobody challenges" : `deadline ${formatTime(job.deadline)}` });

  const a = job.attestation;
  return (
    <>
      {head}
      <div className="grid two">
        <section className="card" data-testid="job-timeline">
          <h2>Timeline</h2>
          <ol className="timeline">
            {stages.map((stage) => (
              <li key={stage.key} className={`${stage.at ? "done" : "waiting"} ${stage.tone ? `tone-${stage.tone}` : ""}`} data-stage={stage.key}>
                <div className="timeline-label">
                  <strong>{stage.label}</strong> <span className="muted small">{stage.at ? formatTime(stage.at) : FINAL.includes(job.status) ? "—" : "waiting"}</span>
                </div>
                {stage.detail ? <div className="small">{stage.detail}</div> : null}
              </li>
            ))}
          </ol>
        </section>
        <section className="card">
          <h2>Job</h2>
          <dl className="facts">
            <dt>Spec</dt>
            <dd>
              <CidLink cid={job.specCid} />
            </dd>
            <dt>Result</dt>
            <dd>{job.submitted?.resultCid ? <CidLink cid={job.submitted.resultCid} /> : <span className="muted">not yet</span>}</dd>
            <dt>Output root</dt>
            <dd className="mono small break">{job.submitted?.outputRoot ?? "—"}</dd>
            <dt>Deadline</dt>
            <dd>{formatTime(job.deadline)}</dd>
            <dt>Provider</dt>
            <dd>{job.provider ? <AddressLabel address={job.provider} provider /> : job.targetProvider ? <>only <AddressLabel address={job.targetProvider} provider /></> : "any eligible"}</dd>
            <dt>Max carbon</dt>
            <dd>{job.maxCarbon > 0 ? `${job.maxCarbon} gCO₂/kWh` : "no cap"}</dd>
            {job.finalized ? (
              <>
                <dt>Paid out</dt>
                <dd>
                  {formatToken(network, job.token, job.finalized.providerPayout)} to the provider, fees {formatToken(network, job.token, job.finalized.protocolFee)} +{" "}
                  {formatToken(network, job.token, job.finalized.verifierFee)} (verifier)
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>

      <JobActions jobId={BigInt(job.id)} />

      <section className="card" data-testid="attestation">
        <h2>Attestation</h2>
        {a ? (
          <dl className="facts facts-wide">
            <dt>GPU time</dt>
            <dd>{a.gpuTimeMs === null ? "—" : `${formatNumber(Number(a.gpuTimeMs), 0)} ms`}</dd>
            <dt>Energy</dt>
            <dd>
              {a.energyMillijoules === null ? "—" : `${formatNumber(Number(a.energyMillijoules) / 1000, 3)} J`} {a.energyEstimated ? <span className="badge badge-muted">estimated from declared power</span> : <span className="badge badge-ok">measured</span>}
            </dd>
            <dt>Carbon</dt>
            <dd>
              {formatGrams(a.gCO2e)} {a.carbonIntensity !== null ? <span className="muted">at {a.carbonIntensity} gCO₂/kWh</span> : null}
            </dd>
            <dt>Device</dt>
            <dd>{a.device ?? "—"}</dd>
          </dl>
        ) : (
          <p className="muted">The provider has not delivered a result yet.</p>
        )}
      </section>

      {job.dispute ? (
        <section className="card">
          <h2>Dispute</h2>
          <dl className="facts">
            <dt>Challenger</dt>
            <dd>
              <AddressLabel address={job.dispute.challenger} /> {job.dispute.bySampledVerifier ? "(the sampled verifier)" : ""}
            </dd>
            <dt>Committee</dt>
            <dd>{job.dispute.committee.length ? job.dispute.committee.map((member) => <AddressLabel key={member} address={member} provider />) : "being drawn"}</dd>
            <dt>Votes</dt>
            <dd>
              {job.votes.length
                ? job.votes.map((v) => (
                    <div key={v.member}>
                      <AddressLabel address={v.member} /> {v.revealedAt ? (v.providerAtFault ? "provider at fault" : "result correct") : v.committedAt ? "committed" : "not voted"}
                    </div>
                  ))
                : "none yet"}
            </dd>
            <dt>Outcome</dt>
            <dd>{job.dispute.outcome ? outcomeWords(job.dispute.outcome) : "pending"}</dd>
          </dl>
        </section>
      ) : null}

      <section className="card" data-testid="job-check">
        <h2>Check the result yourself</h2>
        {job.submitted?.resultCid && job.submitted.outputRoot ? (
          <>
            <p className="small muted">
              Fetches the spec, the result and every output from the IPFS gateway and verifies each block against its CID in this browser, then checks that the
              outputs hash to the root the provider signed — no server is trusted.
            </p>
            <ResultCheck specCid={job.specCid} resultCid={job.submitted.resultCid} attestedRoot={job.submitted.outputRoot} />
          </>
        ) : (
          <p className="muted">There is no result to check yet.</p>
        )}
      </section>
    </>
  );
}

function outcomeWords(outcome: string | null): string {
  switch (outcome) {
    case "providerAtFault":
      return "the provider was at fault: requester refunded, provider slashed";
    case "challengerWrong":
      return "the result was correct: the challenger lost its bond";
    case "inconclusive":
      return "inconclusive: no majority";
    default:
      return "pending";
  }
}
