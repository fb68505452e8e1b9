"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { erc20Abi, parseUnits, type Address } from "viem";
import { getClaimableRewards, claimRewards } from "@hearth/sdk/actions/claimRewards";
import { readProvider } from "@hearth/sdk/actions/readProvider";
import { registerProvider } from "@hearth/sdk/actions/registerProvider";
import { requestUnstake } from "@hearth/sdk/actions/requestUnstake";
import { stake } from "@hearth/sdk/actions/stake";
import { withdrawOwed } from "@hearth/sdk/actions/withdrawOwed";
import { withdrawStake } from "@hearth/sdk/actions/withdrawStake";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { jobMarketAbi, providerStakingAbi } from "@hearth/sdk/generated/abis";
import { useNetwork } from "@/components/NetworkContext";
import { StatCard } from "@/components/StatCard";
import { ActionOutcome, Empty, LoadError, Loading } from "@/components/States";
import { CidLink } from "@/components/CidLink";
import { formatAmount, formatDuration, formatHrth, formatTime, formatToken, tokensOf } from "@/lib/format/format";
import type { JobsResponse } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { gatewayReader, uploadToIpfs } from "@/lib/wallet/browserIpfs";
import { publicClientFor, readContextFor } from "@/lib/wallet/hearthContextFor";
import { useAction } from "@/lib/wallet/useAction";
import { useHearthWallet } from "@/lib/wallet/useHearthWallet";

const energySources = ["solar", "wind", "hydro", "nuclear", "geothermal", "grid", "gas", "coal", "mixed"] as const;

class StakeInputError extends BaseError {
  override name = "StakeInputError";
}

/** For GPU owners: register or update metadata, stake, unstake, withdraw, claim rewards and earnings. */
export function StakeView() {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const queryClient = useQueryClient();
  const client = publicClientFor(network);
  const account = wallet.address;

  const chain = useQuery({
    queryKey: ["stake-page", network.chainId, account],
    enabled: Boolean(account),
    refetchInterval: 4_000,
    queryFn: async () => {
      const context = readContextFor(network);
      const [provider, balance, minStake, unbondingPeriod, block, claimable, owed] = await Promise.all([
        readProvider(context, account!),
        client.readContract({ address: network.contracts.token, abi: erc20Abi, functionName: "balanceOf", args: [account!] }),
        client.readContract({ address: network.contracts.staking, abi: providerStakingAbi, functionName: "minStake" }),
        client.readContract({ address: network.contracts.staking, abi: providerStakingAbi, functionName: "unbondingPeriod" }),
        client.getBlock(),
        getClaimableRewards(context, account!),
        Promise.all(
          tokensOf(network).map(async (t) => ({
            token: t,
            amount: await client.readContract({ address: network.contracts.market, abi: jobMarketAbi, functionName: "owed", args: [t.address as Address, account!] }),
          })),
        ),
      ]);
      return { provider, balance, minStake, unbondingPeriod: Number(unbondingPeriod), now: Number(block.timestamp), claimable, owed };
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["stake-page"] });

  const lockedJobs = useIndexer<JobsResponse>(account ? "/v1/jobs" : null, { provider: account?.toLowerCase(), limit: 100 }, { refreshMs: 10_000 });

  const [stakeText, setStakeText] = useState("");
  const [unstakeText, setUnstakeText] = useState("");
  const stakeAction = useAction(async (step) => {
    const amount = hrthAmount(stakeText);
    step("Sign the permit in your wallet, then confirm the transaction…");
    await stake(await wallet.context(), amount);
    setStakeText("");
    await refresh();
    return `Staked ${formatHrth(amount, 4)}.`;
  });
  const unstakeAction = useAction(async (step) => {
    const amount = hrthAmount(unstakeText);
    step("Confirm the unstake transaction in your wallet…");
    await requestUnstake(await wallet.context(), amount);
    setUnstakeText("");
    await refresh();
    return `Unbonding ${formatHrth(amount, 4)}.`;
  });
  const withdrawAction = useAction(async (step) => {
    step("Confirm the withdrawal in your wallet…");
    await withdrawStake(await wallet.context());
    await refresh();
    return "Withdrawn to your wallet.";
  });
  const claimAction = useAction(async (step) => {
    step("Confirm the claim in your wallet…");
    const claimed = await claimRewards(await wallet.context());
    await refresh();
    return claimed.total > 0n ? `Claimed ${formatHrth(claimed.total, 4)} for ${claimed.epochs.length} epoch(s).` : "Nothing to claim yet.";
  });
  const owedAction = useAction(async (step, token: Address) => {
    step("Confirm the withdrawal in your wallet…");
    const amount = await withdrawOwed(await wallet.context(), token);
    await refresh();
    return `Withdrew ${formatToken(network, token, amount)}.`;
  });

  if (!wallet.isConnected || !account) {
    return (
      <>
        <Head />
        <Empty>Connect a wallet (top right) to register as a provider, stake, unstake and claim.</Empty>
      </>
    );
  }
  if (chain.error && !chain.data) {
    return (
      <>
        <Head />
        <LoadError error={chain.error} what="your stake from the chain" />
      </>
    );
  }
  if (!chain.data) {
    return (
      <>
        <Head />
        <Loading what="your stake" />
      </>
    );
  }
  const { provider: p, balance, minStake, unbondingPeriod, now, claimable, owed } = chain.data;
  const unbondingOver = p.unbonding > 0n && Number(p.unbondingEnd) <= now;
  const claimableTotal = claimable.reduce((sum, c) => sum + c.amount, 0n);
  const holding = (lockedJobs.data?.items ?? []).filter((job) => ["assigned", "submitted", "disputed"].includes(job.status));

  return (
    <>
      <Head />
      <div className="grid stats" data-testid="stake-summary">
        <StatCard label="Status" value={p.registered ? (p.jailedUntil > BigInt(now) ? "jailed" : p.bonded >= minStake ? "active provider" : "below minimum stake") : "not registered"} detail={p.registered ? `carbon intensity ${p.carbonIntensity} gCO₂/kWh` : `minimum stake ${formatHrth(minStake, 0)}`} testId="stake-status" />
        <StatCard label="Bonded" value={formatHrth(p.bonded, 4)} detail={`${formatHrth(p.free, 4)} free`} testId="stake-bonded" />
        <StatCard label="Locked by jobs" value={formatHrth(p.locked, 4)} detail={`${holding.length} job(s) holding collateral`} testId="stake-locked" />
        <StatCard
          label="Unbonding"
          value={formatHrth(p.unbonding, 4)}
          detail={p.unbonding > 0n ? `withdrawable ${unbondingOver ? "now" : `from ${formatTime(Number(p.unbondingEnd))}`}` : `unbonding takes ${formatDuration(unbondingPeriod)}`}
          testId="stake-unbonding"
        />
        <StatCard label="Wallet" value={formatHrth(balance, 4)} detail="HRTH available to stake" />
      </div>

      <div className="grid two">
        <RegisterForm registered={p.registered} currentCid={p.metadataCid} currentCarbon={p.carbonIntensity} onDone={refresh} />

        <section className="card form" data-testid="stake-forms">
          <h2>Stake</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void stakeAction.run();
            }}
          >
            <label>
              Amount to stake (HRTH)
              <input value={stakeText} onChange={(e) => setStakeText(e.target.value)} inputMode="decimal" placeholder={formatAmount(minStake)} data-testid="stake-amount" />
            </label>
            <button type="submit" className="button button-primary" disabled={stakeAction.pending || !p.registered} data-testid="stake-submit">
              Stake with a permit
            </button>
            {!p.registered ? <p className="small muted">Register first: stake belongs to a provider.</p> : null}
            <ActionOutcome state={stakeAction.state} testId="stake-result" />
          </form>

          <h2>Unstake</h2>
          <p className="small muted">
            Unstaked HRTH stays at risk for {formatDuration(unbondingPeriod)} (longer than the challenge window plus a dispute) and can still be slashed; then you withdraw it.
            Requesting more restarts the period.
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void unstakeAction.run();
            }}
          >
            <label>
              Amount to unstake (HRTH, at most {formatAmount(p.free)} free)
              <input value={unstakeText} onChange={(e) => setUnstakeText(e.target.value)} inputMode="decimal" data-testid="unstake-amount" />
            </label>
            <button type="submit" className="button" disabled={unstakeAction.pending || p.free === 0n} data-testid="unstake-submit">
              Start unbonding
            </button>
            <ActionOutcome state={unstakeAction.state} testId="unstake-result" />
          </form>
          {p.unbonding > 0n ? (
            <p className="unbonding" data-testid="unbonding-date">
              {formatHrth(p.unbonding, 4)} unbonding until <strong>{formatTime(Number(p.unbondingEnd))}</strong>
              {unbondingOver ? "" : ` (in ${formatDuration(Number(p.unbondingEnd) - now)})`}.
            </p>
          ) : null}
          <button type="button" className="button" disabled={!unbondingOver || withdrawAction.pending} onClick={() => void withdrawAction.run()} data-testid="withdraw-stake">
            Withdraw unbonded stake
          </button>
          <ActionOutcome state={withdrawAction.state} testId="withdraw-result" />
        </section>
      </div>

      <div className="grid two">
        <section className="card" data-testid="claim-rewards">
          <h2>Rewards</h2>
          {claimable.length === 0 ? (
            <p className="muted">No rewards to claim. Each finished epoch&apos;s emission is shared by finalized work; see <Link href="/rewards">Rewards</Link>.</p>
          ) : (
            <ul>
              {claimable.map((c) => (
                <li key={c.epoch.toString()}>
                  Epoch {c.epoch.toString()}: {formatHrth(c.amount, 4)}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button button-primary" disabled={claimableTotal === 0n || claimAction.pending} onClick={() => void claimAction.run()} data-testid="claim-submit">
            Claim {claimableTotal > 0n ? formatHrth(claimableTotal, 4) : "rewards"}
          </button>
          <ActionOutcome state={claimAction.state} testId="claim-result" />
          <h3>Earnings from jobs</h3>
          <p className="small muted">Payouts for finalized jobs wait in the job market until you withdraw them.</p>
          <ul className="plain">
            {owed.map((o) => (
              <li key={o.token.address}>
                {formatAmount(o.amount, o.token.decimals)} {o.token.symbol}{" "}
                <button type="button" className="button button-small" disabled={o.amount === 0n || owedAction.pending} onClick={() => void owedAction.run(o.token.address as Address)}>
                  Withdraw
                </button>
              </li>
            ))}
          </ul>
          <ActionOutcome state={owedAction.state} />
        </section>

        <section className="card" data-testid="collateral-jobs">
          <h2>Collateral locked by jobs</h2>
          {lockedJobs.error && !lockedJobs.data ? (
            <LoadError error={lockedJobs.error} what="the jobs holding your collateral (the total above comes from the chain)" />
          ) : !lockedJobs.data ? (
            <Loading what="jobs" />
          ) : holding.length === 0 ? (
            <p className="muted">No job holds collateral now.</p>
          ) : (
            <ul className="plain">
              {holding.map((job) => (
                <li key={job.id}>
                  <Link href={`/jobs/${job.id}`}>Job #{job.id}</Link> ({job.status}): {formatHrth(job.claimed?.collateral, 4)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function Head() {
  return (
    <div className="page-head">
      <h1>Stake</h1>
      <p className="lede">For GPU owners: register your machine, stake HRTH, and collect what it earns.</p>
    </div>
  );
}

function hrthAmount(text: string): bigint {
  let amount: bigint;
  try {
    amount = parseUnits(text.trim(), 18);
  } catch {
    throw new StakeInputError(`"${text}" is not an amount of HRTH.`);
  }
  if (amount <= 0n) throw new StakeInputError("Enter an amount above zero.");
  return amount;
}

/** Provider metadata (GPU, region, price, energy), stored on IPFS, its CID registered on chain. */
function RegisterForm({ registered, currentCid, currentCarbon, onDone }: { registered: boolean; currentCid: string; currentCarbon: number; onDone: () => Promise<void> }) {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const [form, setForm] = useState({
    name: "",
    gpu: "",
    vendor: "",
    architecture: "",
    region: "",
    priceHrth: "0.5",
    priceUsd: "0.05",
    energySource: "solar" as (typeof energySources)[number],
    carbonIntensity: registered ? String(currentCarbon) : "50",
    powerWatts: "300",
    endpoint: "",
  });
  const [detectNote, setDetectNote] = useState<string | null>(null);
  // A registered provider edits what it declared: its metadata, read (and verified) from IPFS.
  const current = useQuery({
    queryKey: ["provider-metadata", currentCid],
    enabled: registered && Boolean(currentCid),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => JSON.parse(new TextDecoder().decode(await gatewayReader(network.ipfsGatewayUrl).cat(currentCid, { maxBytes: 64 * 1024 }))) as Record<string, unknown>,
  });
  const prefilled = useRef<string | null>(null);
  useEffect(() => {
    const m = current.data;
    if (!m || prefilled.current === currentCid) return;
    prefilled.current = currentCid;
    const text = (value: unknown, fallback: string) => (typeof value === "string" || typeof value === "number" ? String(value) : fallback);
    const gpu = (typeof m.gpu === "object" && m.gpu !== null ? m.gpu : {}) as Record<string, unknown>;
    const price = (typeof m.price === "object" && m.price !== null ? m.price : {}) as Record<string, unknown>;
    setForm((previous) => ({
      ...previous,
      name: text(m.name, previous.name),
      region: text(m.region, previous.region),
      gpu: text(gpu.description ?? gpu.device, previous.gpu),
      vendor: text(gpu.vendor, previous.vendor),
      architecture: text(gpu.architecture, previous.architecture),
      priceHrth: text(price.HRTH, previous.priceHrth),
      priceUsd: text(price.tUSD, previous.priceUsd),
      energySource: (energySources as readonly string[]).includes(text(m.energySource, "")) ? (m.energySource as (typeof energySources)[number]) : previous.energySource,
      carbonIntensity: text(m.carbonIntensity, previous.carbonIntensity),
      powerWatts: text(m.declaredPowerWatts, previous.powerWatts),
      endpoint: text(m.endpoint, previous.endpoint),
    }));
  }, [current.data, currentCid]);
  const set = (key: keyof typeof form, value: string) => setForm({ ...form, [key]: value });
  const detect = async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string; device: string; description: string } } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    if (!adapter?.info) {
      setDetectNote("This browser exposes no WebGPU adapter: type the GPU model (the node reports the exact one when it starts).");
      return;
    }
    setDetectNote(null);
    setForm({ ...form, gpu: adapter.info.description || adapter.info.device, vendor: adapter.info.vendor, architecture: adapter.info.architecture });
  };
  const action = useAction(async (step) => {
    const carbon = Number(form.carbonIntensity);
    if (!Number.isInteger(carbon) || carbon < 0 || carbon > 2 ** 32 - 1) throw new StakeInputError("Carbon intensity is a whole number of gCO₂/kWh.");
    if (!form.name.trim()) throw new StakeInputError("Give the provider a name.");
    const metadata = {
      version: 1,
      name: form.name.trim(),
      gpu: { vendor: form.vendor, architecture: form.architecture, device: form.gpu, description: form.gpu, isSoftware: false, maxBufferSize: null, maxStorageBufferBindingSize: null, features: [] },
      backend: "webgpu",
      region: form.region.trim(),
      price: { HRTH: form.priceHrth.trim(), ...(network.contracts.stablecoin ? { tUSD: form.priceUsd.trim() } : {}) },
      energySource: form.energySource,
      carbonIntensity: carbon,
      declaredPowerWatts: Number(form.powerWatts) || 0,
      endpoint: form.endpoint.trim() || null,
    };
    step("Storing the metadata on IPFS…");
    const metadataCid = await uploadToIpfs(JSON.stringify(metadata), "provider-metadata.json");
    step(registered ? "Confirm the metadata update in your wallet…" : "Confirm the registration in your wallet…");
    await registerProvider(await wallet.context(), { metadataCid, carbonIntensity: carbon });
    await onDone();
    return registered ? `Metadata updated (${metadataCid}).` : `Registered (${metadataCid}).`;
  });
  return (
    <section className="card form" data-testid="register-form">
      <h2>{registered ? "Update your machine" : "Register your machine"}</h2>
      {registered ? (
        <p className="small muted">
          Current metadata: <CidLink cid={currentCid} />
        </p>
      ) : (
        <p className="small muted">Declare what you run and where its power comes from; requesters and the leaderboard read it. Then stake.</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run();
        }}
      >
        <div className="row">
          <label>
            Name
            <input value={form.name} onChange={(e) => set("name", e.target.value)} data-testid="provider-name" />
          </label>
          <label>
            Region
            <input value={form.region} onChange={(e) => set("region", e.target.value)} placeholder="eu-west" data-testid="provider-region" />
          </label>
        </div>
        <label>
          GPU
          <span className="with-button">
            <input value={form.gpu} onChange={(e) => set("gpu", e.target.value)} placeholder="NVIDIA GeForce RTX 4070" data-testid="provider-gpu" />
            <button type="button" className="button button-ghost button-small" onClick={detect}>
              Detect (WebGPU)
            </button>
          </span>
        </label>
        {detectNote ? <p className="small muted">{detectNote}</p> : null}
        <div className="row">
          <label>
            Price per job (HRTH)
            <input value={form.priceHrth} onChange={(e) => set("priceHrth", e.target.value)} inputMode="decimal" />
          </label>
          {network.contracts.stablecoin ? (
            <label>
              Price per job (tUSD)
              <input value={form.priceUsd} onChange={(e) => set("priceUsd", e.target.value)} inputMode="decimal" />
            </label>
          ) : null}
        </div>
        <div className="row">
          <label>
            Energy source
            <select value={form.energySource} onChange={(e) => set("energySource", e.target.value)} data-testid="provider-energy">
              {energySources.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Carbon intensity (gCO₂/kWh)
            <input value={form.carbonIntensity} onChange={(e) => set("carbonIntensity", e.target.value)} inputMode="numeric" data-testid="provider-carbon" />
          </label>
        </div>
        <div className="row">
          <label>
            Power draw (W)
            <input value={form.powerWatts} onChange={(e) => set("powerWatts", e.target.value)} inputMode="numeric" />
          </label>
          <label>
            Node endpoint (optional)
            <input value={form.endpoint} onChange={(e) => set("endpoint", e.target.value)} placeholder="https://…" />
          </label>
        </div>
        <button type="submit" className="button button-primary" disabled={action.pending} data-testid="register-submit">
          {registered ? "Update metadata" : "Register"}
        </button>
        <ActionOutcome state={action.state} testId="register-result" />
      </form>
    </section>
  );
}
