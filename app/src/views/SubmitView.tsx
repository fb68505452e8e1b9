"use client";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { erc20Abi, formatUnits, isAddress, parseUnits, type Address } from "viem";
import { createJob } from "@hearth/sdk/actions/createJob";
import { jobMarketAbi } from "@hearth/sdk/generated/abis";
import type { JobSpec } from "@hearth/sdk/spec/jobSpec";
import { parseJobSpec } from "@hearth/sdk/spec/jobSpec";
import { BaseError } from "@hearth/sdk/errors/BaseError";
import { AddressLabel } from "@/components/AddressLabel";
import { NodeHealthBadge } from "@/components/NodeHealthBadge";
import { useNetwork } from "@/components/NetworkContext";
import { ResultCheck } from "@/components/ResultCheck";
import { ActionError, Empty, LoadError, Loading, Pending } from "@/components/States";
import { explainError } from "@/lib/errors/explainError";
import { formatAmount, formatHrth, formatTime } from "@/lib/format/format";
import type { ProvidersResponse } from "@/lib/indexer/indexerTypes";
import { useIndexer } from "@/lib/indexer/useIndexer";
import { buildWgslSpec, bufferName } from "@/lib/jobs/buildWgslSpec";
import type { ShaderCheck } from "@/lib/jobs/checkShader";
import { jobTemplates } from "@/lib/jobs/jobTemplates";
import { useJobFollower } from "@/lib/jobs/useJobFollower";
import { shaderCheckQuery, useShaderCheck } from "@/lib/jobs/useShaderCheck";
import { eligibleProviders } from "@/lib/providers/eligibleProviders";
import { uploadToIpfs } from "@/lib/wallet/browserIpfs";
import { publicClientFor } from "@/lib/wallet/hearthContextFor";
import { useAction } from "@/lib/wallet/useAction";
import { useHearthWallet } from "@/lib/wallet/useHearthWallet";

type PaymentToken = "HRTH" | "USD";

class SubmitInputError extends BaseError {
  override name = "SubmitInputError";
}

/** Submit a job: a template or uploaded WGSL, the payment, eligible providers, then sign, create and follow it. */
export function SubmitView() {
  const network = useNetwork();
  const wallet = useHearthWallet();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"template" | "custom">("template");
  const [templateId, setTemplateId] = useState(jobTemplates[0]!.id);
  const [custom, setCustom] = useState<CustomWgsl>({ source: "", entryPoint: "main", workgroups: "1,1,1", inputs: [], outputBytes: "1024", method: "exact", relative: "0.0001", absolute: "0.00001" });
  const [token, setToken] = useState<PaymentToken>("HRTH");
  const [priceText, setPriceText] = useState("1");
  const [minutes, setMinutes] = useState("10");
  const [target, setTarget] = useState("");
  const [maxCarbonText, setMaxCarbonText] = useState("");
  const [payWith, setPayWith] = useState<"permit" | "approve">("permit");
  const [created, setCreated] = useState<{ jobId: bigint; specCid: string } | null>(null);

  const symbol = token === "HRTH" ? "HRTH" : "tUSD";
  const decimals = token === "HRTH" ? 18 : 6;
  const tokenAddress = (token === "HRTH" ? network.contracts.token : network.contracts.stablecoin) as Address | undefined;
  const price = useMemo(() => {
    try {
      return priceText.trim() ? parseUnits(priceText.trim(), decimals) : undefined;
    } catch {
      return undefined;
    }
  }, [priceText, decimals]);
  const maxCarbon = maxCarbonText.trim() ? Number(maxCarbonText) : 0;
  const maxCarbonValid = Number.isInteger(maxCarbon) && maxCarbon >= 0 && maxCarbon < 2 ** 32;

  const client = publicClientFor(network);
  const collateral = useQuery({
    queryKey: ["collateral", network.chainId, tokenAddress, price?.toString()],
    enabled: Boolean(tokenAddress && price !== undefined),
    queryFn: async () => {
      const [value, parameters] = await Promise.all([
        client.readContract({ address: network.contracts.market, abi: jobMarketAbi, functionName: "hrthValue", args: [tokenAddress!, price!] }),
        client.readContract({ address: network.contracts.market, abi: jobMarketAbi, functionName: "parameters" }),
      ]);
      return (value * BigInt(parameters.collateralBps) + 9_999n) / 10_000n;
    },
  });
  const balance = useQuery({
    queryKey: ["balance", network.chainId, tokenAddress, wallet.address],
    enabled: Boolean(tokenAddress && wallet.address),
    queryFn: () => client.readContract({ address: tokenAddress!, abi: erc20Abi, functionName: "balanceOf", args: [wallet.address!] }),
    refetchInterval: 5_000,
  });
  const providers = useIndexer<ProvidersResponse>("/v1/providers", { sort: "reputation", limit: 100 }, { refreshMs: 10_000 });
  const eligibility = useMemo(
    () =>
      providers.data && price !== undefined
        ? eligibleProviders({ providers: providers.data.items, symbol, decimals, price, collateral: collateral.data ?? 0n, maxCarbon: maxCarbonValid ? maxCarbon : 0, target: target || undefined })
        : [],
    [providers.data, price, symbol, decimals, collateral.data, maxCarbon, maxCarbonValid, target],
  );
  const eligibleCount = eligibility.filter((e) => e.eligible).length;
  const lowestAsk = eligibility
    .filter((e) => e.ask !== undefined && e.reasons.every((r) => r.startsWith("asks")))
    .map((e) => e.ask!)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];

  const submit = useAction(async (step) => {
    if (price === undefined || price <= 0n) throw new SubmitInputError("Enter a payment above zero.");
    if (!tokenAddress) throw new SubmitInputError("This network has no stablecoin: pay in HRTH.");
    const ttl = Math.round(Number(minutes) * 60);
    if (!Number.isFinite(ttl) || ttl < 60) throw new SubmitInputError("Give the job at least one minute before its deadline.");
    if (!maxCarbonValid) throw new SubmitInputError("The carbon cap is a whole number of gCO₂/kWh (empty for none).");
    if (target && !isAddress(target)) throw new SubmitInputError("The provider must be an address.");
    const context = await wallet.context();
    const account = context.walletClient!.account.address;
    const held = await client.readContract({ address: tokenAddress, abi: erc20Abi, functionName: "balanceOf", args: [account] });
    if (held < price) {
      throw new SubmitInputError(`Insufficient balance: the job pays ${formatAmount(price, decimals)} ${symbol}, but this account holds ${formatAmount(held, decimals)} ${symbol}.`, {
        metaMessages: [`Lower the payment, pay with ${token === "HRTH" ? "tUSD" : "HRTH"}, or fund the account.`],
      });
    }
    let spec: JobSpec;
    if (mode === "template") {
      spec = parseJobSpec(jobTemplates.find((t) => t.id === templateId)!.spec);
    } else {
      spec = await buildCustomSpec(custom, step, queryClient);
    }
    step("Storing the spec on IPFS…");
    const result = await createJob(context, {
      spec,
      token,
      price,
      ttlSeconds: ttl,
      provider: target ? (target as Address) : undefined,
      maxCarbon: maxCarbon || undefined,
      payWith,
      onProgress: (stage) => {
        if (stage === "uploaded") step(payWith === "permit" ? "Sign the permit in your wallet, then confirm the transaction…" : "Confirm the approval, then the job, in your wallet…");
      },
    });
    setCreated({ jobId: result.jobId, specCid: result.specCid });
    return result;
  });

  const template = jobTemplates.find((t) => t.id === templateId)!;
  return (
    <>
      <div className="page-head">
        <h1>Submit a job</h1>
        <p className="lede">Pay with your wallet for GPU compute; follow the job to a result you can check yourself.</p>
      </div>
      <div className="grid submit">
        <form
          className="card form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit.run();
          }}
          data-testid="submit-form"
        >
          <fieldset>
            <legend>1. What to run</legend>
            <div className="segmented" role="group" aria-label="Job source">
              <button type="button" className={mode === "template" ? "active" : ""} aria-pressed={mode === "template"} onClick={() => setMode("template")}>
                Example template
              </button>
              <button type="button" className={mode === "custom" ? "active" : ""} aria-pressed={mode === "custom"} onClick={() => setMode("custom")} data-testid="mode-custom">
                Upload WGSL
              </button>
            </div>
            {mode === "template" ? (
              <>
                <label>
                  Template
                  <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="template">
                    {jobTemplates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.title}
                      </option>
                    ))}
                  </select>
                </label>
                <p className="small muted">
                  {template.description} Checked by: {template.check}.
                </p>
              </>
            ) : (
              <CustomWgslFields value={custom} onChange={setCustom} />
            )}
          </fieldset>

          <fieldset>
            <legend>2. Payment and limits</legend>
            <div className="row">
              <label>
                Pay in
                <select value={token} onChange={(e) => setToken(e.target.value as PaymentToken)} data-testid="token">
                  <option value="HRTH">HRTH</option>
                  {network.contracts.stablecoin ? <option value="USD">tUSD (stablecoin)</option> : null}
                </select>
              </label>
              <label>
                Amount ({symbol})
                <input value={priceText} onChange={(e) => setPriceText(e.target.value)} inputMode="decimal" data-testid="price" required />
              </label>
            </div>
            {price === undefined && priceText ? <p className="field-error">Not an amount of {symbol}.</p> : null}
            <p className="small muted">
              {wallet.address ? <>Your balance: {balance.data === undefined ? "…" : `${formatAmount(balance.data, decimals)} ${symbol}`}. </> : null}
              {lowestAsk !== undefined ? <>Lowest ask among matching providers: {formatAmount(lowestAsk, decimals)} {symbol}. </> : null}
              {collateral.data !== undefined ? <>A provider locks {formatHrth(collateral.data, 4)} of its stake as collateral.</> : null}
            </p>
            <div className="row">
              <label>
                Deadline (minutes from now)
                <input value={minutes} onChange={(e) => setMinutes(e.target.value)} inputMode="numeric" data-testid="deadline" />
              </label>
              <label>
                Max carbon intensity (gCO₂/kWh)
                <input value={maxCarbonText} onChange={(e) => setMaxCarbonText(e.target.value)} inputMode="numeric" placeholder="no cap" data-testid="max-carbon" />
              </label>
            </div>
            <label>
              Provider
              <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="target-provider">
                <option value="">any eligible provider</option>
                {(providers.data?.items ?? []).map((p) => (
                  <option key={p.address} value={p.address}>
                    {p.metadata?.name ?? p.address} — {p.metadata?.price[symbol] ?? "?"} {symbol}, {p.carbonIntensity} g/kWh
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="inline">
              <legend className="small">Authorise the payment with</legend>
              <label className="radio">
                <input type="radio" name="payWith" checked={payWith === "permit"} onChange={() => setPayWith("permit")} /> a permit signature (one transaction)
              </label>
              <label className="radio">
                <input type="radio" name="payWith" checked={payWith === "approve"} onChange={() => setPayWith("approve")} data-testid="pay-approve" /> an approval transaction
              </label>
            </fieldset>
          </fieldset>

          <div className="actions">
            {!wallet.isConnected ? <p className="small muted">Connect a wallet to submit.</p> : null}
            <button type="submit" className="button button-primary" disabled={!wallet.isConnected || submit.pending} data-testid="submit-job">
              {submit.pending ? "Working…" : "Sign and create the job"}
            </button>
          </div>
          {submit.state.status === "pending" ? <Pending step={submit.state.step} /> : null}
          {submit.state.status === "error" ? <ActionError error={submit.state.error} /> : null}
        </form>

        <section className="card" data-testid="eligible-providers">
          <h2>Eligible providers</h2>
          {providers.error && !providers.data ? (
            <LoadError error={providers.error} what="providers (you can still submit; any eligible provider may claim the job)" />
          ) : !providers.data ? (
            <Loading what="providers" />
          ) : eligibility.length === 0 ? (
            <Empty>No providers are registered{target ? " with that address" : ""}.</Empty>
          ) : (
            <>
              <p className="small" data-testid="eligible-count">
                <strong>{eligibleCount}</strong> of {eligibility.length} provider(s) can take this job as offered.
              </p>
              <ul className="eligibility">
                {eligibility.map((e) => (
                  <li key={e.provider.address} className={e.eligible ? "ok" : "no"}>
                    <span aria-hidden>{e.eligible ? "✓" : "✗"}</span> <AddressLabel address={e.provider.address} name={e.provider.metadata?.name} provider />{" "}
                    <NodeHealthBadge endpoint={e.provider.metadata?.endpoint} />{" "}
                    <span className="small muted">
                      {e.ask !== undefined ? `asks ${formatUnits(e.ask, decimals)} ${symbol}` : "no declared price"} · {e.provider.carbonIntensity} g/kWh
                      {e.reasons.length ? ` — ${e.reasons.join("; ")}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      {created ? <LiveJob jobId={created.jobId} specCid={created.specCid} /> : null}
    </>
  );
}

type CustomWgsl = {
  source: string;
  entryPoint: string;
  workgroups: string;
  inputs: File[];
  outputBytes: string;
  method: "exact" | "tolerance";
  relative: string;
  absolute: string;
};

async function buildCustomSpec(custom: CustomWgsl, step: (label: string) => void, queryClient: QueryClient): Promise<JobSpec> {
  if (!custom.source.trim()) throw new SubmitInputError("Add the WGSL source (a file or pasted text).");
  if (!custom.entryPoint.trim()) throw new SubmitInputError("Name the shader's entry point (the @compute function to dispatch).");
  const workgroups = custom.workgroups.split(",").map((v) => Number(v.trim()));
  if (workgroups.length !== 3 || workgroups.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new SubmitInputError("Workgroups are three whole numbers, e.g. 16,16,1.");
  }
  // Every provider builds the shader before claiming and declines one that does not build: say so before any
  // input is stored or anything is signed. A server that cannot compile leaves the check to the providers.
  step("Compiling the shader…");
  // The verdict the page already shows, when it has one for this text (an unavailable check is asked again).
  const query = shaderCheckQuery(custom.source, custom.entryPoint);
  if (queryClient.getQueryData<ShaderCheck>(query.queryKey)?.available === false) queryClient.removeQueries({ queryKey: query.queryKey });
  const check = await queryClient.fetchQuery(query);
  if (check.available && !check.ok) {
    throw new SubmitInputError("The shader does not build, so no provider could run it. Nothing was stored, signed or paid.", {
      metaMessages: [...check.problems, "Fix the shader and submit again."],
    });
  }
  const outputBytes = Number(custom.outputBytes);
  const inputs = [];
  const taken: string[] = [];
  for (const [index, file] of custom.inputs.entries()) {
    step(`Storing input ${index + 1} of ${custom.inputs.length} (${file.name}) on IPFS…`);
    const cid = await uploadToIpfs(new Uint8Array(await file.arrayBuffer()), file.name);
    const name = bufferName(file.name, taken);
    taken.push(name);
    inputs.push({ name, cid, bytes: file.size });
  }
  try {
    return buildWgslSpec({
      name: "custom-wgsl",
      source: custom.source,
      entryPoint: custom.entryPoint.trim(),
      workgroups: workgroups as [number, number, number],
      inputs,
      output: { name: bufferName("output", taken), bytes: outputBytes },
      verification: custom.method === "exact" ? { method: "exact" } : { method: "tolerance", relative: Number(custom.relative), absolute: Number(custom.absolute) },
      maxWallMs: 120_000,
    });
  } catch (error) {
    throw new SubmitInputError(`The job spec is not valid: ${explainError(error).message}`, { cause: error });
  }
}

function CustomWgslFields({ value, onChange }: { value: CustomWgsl; onChange: (next: CustomWgsl) => void }) {
  const set = <K extends keyof CustomWgsl>(key: K, v: CustomWgsl[K]) => onChange({ ...value, [key]: v });
  const shader = useShaderCheck(value.source, value.entryPoint);
  return (
    <>
      <label>
        WGSL shader (file)
        <input
          type="file"
          accept=".wgsl,text/plain"
          data-testid="wgsl-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) set("source", await file.text());
          }}
        />
      </label>
      <label>
        or source
        <textarea rows={6} value={value.source} onChange={(e) => set("source", e.target.value)} spellCheck={false} className="mono" placeholder="@compute @workgroup_size(64) fn main(…) { … }" />
      </label>
      <ShaderCheckLine check={shader.check} checking={shader.checking} entryPoint={value.entryPoint.trim()} />
      <div className="row">
        <label>
          Entry point
          <input value={value.entryPoint} onChange={(e) => set("entryPoint", e.target.value)} />
        </label>
        <label>
          Workgroups (x,y,z)
          <input value={value.workgroups} onChange={(e) => set("workgroups", e.target.value)} />
        </label>
      </div>
      <label>
        Input files (bound in order at @group(0) @binding(0), 1, …)
        <input type="file" multiple onChange={(e) => set("inputs", [...(e.target.files ?? [])])} data-testid="input-files" />
      </label>
      {value.inputs.length ? <p className="small muted">{value.inputs.map((f) => `${f.name} (${f.size.toLocaleString("en-US")} bytes)`).join(", ")}</p> : null}
      <div className="row">
        <label>
          Output size (bytes, bound after the inputs)
          <input value={value.outputBytes} onChange={(e) => set("outputBytes", e.target.value)} inputMode="numeric" />
        </label>
        <label>
          Check
          <select value={value.method} onChange={(e) => set("method", e.target.value as "exact" | "tolerance")}>
            <option value="exact">exact (integer kernels)</option>
            <option value="tolerance">tolerance (floats)</option>
          </select>
        </label>
      </div>
      {value.method === "tolerance" ? (
        <div className="row">
          <label>
            Relative tolerance
            <input value={value.relative} onChange={(e) => set("relative", e.target.value)} />
          </label>
          <label>
            Absolute tolerance
            <input value={value.absolute} onChange={(e) => set("absolute", e.target.value)} />
          </label>
        </div>
      ) : null}
    </>
  );
}

/** The compiler's verdict under the source: builds, does not build (with line and column), or could not be checked. */
function ShaderCheckLine({ check, checking, entryPoint }: { check: ShaderCheck | undefined; checking: boolean; entryPoint: string }) {
  if (checking) {
    return (
      <p className="small muted" data-testid="shader-check" data-state="checking">
        Compiling the shader…
      </p>
    );
  }
  if (!check) return null;
  if (!check.available) {
    return (
      <p className="small muted" data-testid="shader-check" data-state="unavailable">
        The shader could not be compiled here ({check.reason}); providers compile it before claiming and decline it if it does not build.
      </p>
    );
  }
  if (check.ok) {
    return (
      <p className="small shader-ok" data-testid="shader-check" data-state="ok">
        ✓ Compiles, and entry point <code>{entryPoint}</code> builds as a compute pipeline{check.warnings.length ? ` (${check.warnings.length} warning${check.warnings.length === 1 ? "" : "s"}: ${check.warnings.join("; ")})` : ""}.
      </p>
    );
  }
  return (
    <div className="field-error" role="alert" data-testid="shader-check" data-state="error">
      <strong>The shader does not build; no provider could run it.</strong>
      <ul className="mono">
        {check.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

const stageLabels: Array<{ key: "claimed" | "attested" | "finalized"; label: string }> = [
  { key: "claimed", label: "Claimed by a provider" },
  { key: "attested", label: "Result attested (signed)" },
  { key: "finalized", label: "Finalized after the challenge window" },
];

/** The job just created, followed live on the chain to its result, then checked in the browser. */
function LiveJob({ jobId, specCid }: { jobId: bigint; specCid: string }) {
  const follow = useJobFollower(jobId);
  const status = follow.job?.status;
  return (
    <section className="card live" data-testid="live-job" data-status={status ?? "open"}>
      <h2>
        Job <Link href={`/jobs/${jobId}`}>#{jobId.toString()}</Link> {status ? <span className="badge badge-info" data-testid="live-status">{status}</span> : null}
      </h2>
      <ol className="timeline">
        <li className="done">
          <strong>Created</strong> <span className="small muted">spec {specCid}</span>
        </li>
        {follow.stages.released ? (
          <li className="done tone-warn" data-stage="released">
            <strong>Released</strong>{" "}
            <span className="small muted">
              {formatTime(Math.floor(follow.stages.released / 1000))}
              {follow.releasedBy ? (
                <>
                  {" "}
                  by <AddressLabel address={follow.releasedBy} provider />
                </>
              ) : null}
              : given back before the deadline, open for another claim
            </span>
          </li>
        ) : null}
        {stageLabels.map((s) => (
          <li key={s.key} className={follow.stages[s.key] ? "done" : "waiting"} data-stage={s.key}>
            <strong>{s.label}</strong>{" "}
            <span className="small muted">
              {follow.stages[s.key] ? formatTime(Math.floor(follow.stages[s.key]! / 1000)) : "waiting"}
              {s.key === "claimed" && follow.job?.provider ? (
                <>
                  {" "}
                  by <AddressLabel address={follow.job.provider} provider />
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      {follow.stages.attested && !follow.done ? <p className="small muted">Result signed and on chain: anyone may challenge it until the challenge window closes.</p> : null}
      {follow.error ? <ActionError error={follow.error} /> : null}
      {follow.done && status && status !== "finalized" ? <p className="state state-warn">The job ended {status}.</p> : null}
      {follow.done && status === "finalized" && follow.attestation ? (
        <ResultCheck specCid={specCid} resultCid={follow.attestation.resultCid} attestedRoot={follow.attestation.outputRoot} auto />
      ) : null}
    </section>
  );
}
