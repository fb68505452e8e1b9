"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { cancelJob } from "@hearth/sdk/actions/cancelJob";
import { challengeJob } from "@hearth/sdk/actions/challengeJob";
import { expireJob } from "@hearth/sdk/actions/expireJob";
import { finalizeJob } from "@hearth/sdk/actions/finalizeJob";
import { getJob } from "@hearth/sdk/actions/getJob";
import { withdrawOwed } from "@hearth/sdk/actions/withdrawOwed";
import { disputeCourtAbi, jobMarketAbi } from "@hearth/sdk/generated/abis";
import { useNetwork } from "@/components/NetworkContext";
import { ActionOutcome } from "@/components/States";
import { formatDuration, formatHrth, formatTime, formatToken, tokensOf } from "@/lib/format/format";
import { jobActions, type JobActionKind } from "@/lib/jobs/jobActions";
import { readContextFor } from "@/lib/wallet/hearthContextFor";
import { useAction } from "@/lib/wallet/useAction";
import { useHearthWallet } from "@/lib/wallet/useHearthWallet";

/**
 * What the connected wallet can do to a job now, read from the chain (not the indexer, which may lag): cancel it,
 * expire it, challenge or finalize its result, and withdraw what the market holds for the wallet (refunds, bonds
 * returned, bounties, payouts).
 */
export function JobActions({ jobId }: { jobId: bigint }) {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const queryClient = useQueryClient();
  const account = wallet.address;
  const chain = useQuery({
    queryKey: ["job-actions", network.chainId, jobId.toString(), account],
    refetchInterval: 3_000,
    queryFn: async () => {
      const context = readContextFor(network);
      const client = context.publicClient;
      const [job, block, windowEnd, bond, owed] = await Promise.all([
        getJob(context, jobId),
        client.getBlock(),
        client.readContract({ address: network.contracts.market, abi: jobMarketAbi, functionName: "challengeWindowEnd", args: [jobId] }),
        client.readContract({ address: network.contracts.court, abi: disputeCourtAbi, functionName: "bondFor", args: [jobId] }).catch(() => undefined),
        account
          ? Promise.all(
              tokensOf(network).map(async (t) => ({
                token: t.address as Address,
                amount: await client.readContract({ address: network.contracts.market, abi: jobMarketAbi, functionName: "owed", args: [t.address as Address, account] }),
              })),
            )
          : Promise.resolve([]),
      ]);
      return { job, now: block.timestamp, windowEnd, bond, owed: owed.filter((o) => o.amount > 0n) };
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["job-actions"] });

  const act = useAction(async (step, kind: JobActionKind) => {
    const context = await wallet.context();
    step(kind === "challenge" ? "Confirm the bond's approval (if asked), then the challenge, in your wallet…" : "Confirm the transaction in your wallet…");
    let done: string;
    switch (kind) {
      case "cancel":
        await cancelJob(context, jobId);
        done = "Cancelled: the payment is back in your wallet.";
        break;
      case "expire":
        await expireJob(context, jobId);
        done = "Expired: the requester's refund waits in the market (withdraw it below).";
        break;
      case "finalize":
        await finalizeJob(context, jobId);
        done = "Finalized: the provider is paid.";
        break;
      case "challenge": {
        const { bond } = await challengeJob(context, jobId);
        done = `Challenged with a ${formatHrth(bond, 4)} bond: a committee re-runs the job and votes.`;
        break;
      }
    }
    await refresh();
    return done;
  });
  const withdraw = useAction(async (step, token: Address) => {
    const context = await wallet.context();
    step("Confirm the withdrawal in your wallet…");
    const amount = await withdrawOwed(context, token);
    await refresh();
    return `Withdrew ${formatToken(network, token, amount)} to your wallet.`;
  });

  const data = chain.data;
  if (!data) return null;
  const actions = jobActions({ job: data.job, now: data.now, windowEnd: data.windowEnd, account });
  if (actions.length === 0 && data.owed.length === 0 && act.state.status !== "done" && withdraw.state.status !== "done") return null;
  const busy = act.pending || withdraw.pending;
  const describe: Record<JobActionKind, { label: string; text: React.ReactNode }> = {
    cancel: { label: "Cancel the job", text: <>Nobody has claimed it: cancel it and {formatToken(network, data.job.token, data.job.price)} returns to your wallet.</> },
    expire: {
      label: "Expire the job",
      text: (
        <>
          Its deadline ({formatTime(Number(data.job.deadline))}) has passed {data.job.status === "assigned" ? "without a result" : "unclaimed"}: expiring it refunds the requester
          {data.job.status === "assigned" ? ", with part of the provider's collateral," : ""} through the market. Anyone may send it.
        </>
      ),
    },
    finalize: { label: "Finalize", text: <>The challenge window closed at {formatTime(Number(data.windowEnd))} with no challenge: finalizing pays the provider.</> },
    challenge: {
      label: `Challenge (bond ${data.bond === undefined ? "…" : formatHrth(data.bond, 4)})`,
      text: (
        <>
          If the result is wrong (check it below), challenge it before {formatTime(Number(data.windowEnd))} ({formatDuration(Number(data.windowEnd - data.now))} left). A committee
          re-runs the job: if it finds the result wrong you get the bond back plus a bounty and the requester is refunded; if the result was right, you lose the bond.
        </>
      ),
    },
  };
  return (
    <section className="card" data-testid="job-actions">
      <h2>Actions</h2>
      {!wallet.isConnected && actions.length > 0 ? <p className="small muted">Connect a wallet to act on this job.</p> : null}
      {actions.map((kind) => (
        <div key={kind} className="job-action">
          <p className="small">{describe[kind].text}</p>
          <button type="button" className={`button ${kind === "challenge" ? "button-danger" : "button-primary"}`} disabled={!wallet.isConnected || busy} onClick={() => void act.run(kind)} data-testid={`job-${kind}`}>
            {describe[kind].label}
          </button>
        </div>
      ))}
      {data.owed.map(({ token, amount }) => (
        <div key={token} className="job-action">
          <p className="small">The market holds {formatToken(network, token, amount)} for you (refunds, returned bonds, bounties and payouts, from any job).</p>
          <button type="button" className="button" disabled={busy} onClick={() => void withdraw.run(token)} data-testid="job-withdraw">
            Withdraw {formatToken(network, token, amount)}
          </button>
        </div>
      ))}
      <ActionOutcome state={act.state} testId="job-action-result" />
      <ActionOutcome state={withdraw.state} testId="job-withdraw-result" />
    </section>
  );
}
