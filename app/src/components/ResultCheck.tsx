"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { checkJobResult, type CheckStep } from "@/lib/jobs/checkJobResult";
import { gatewayReader } from "@/lib/wallet/browserIpfs";
import { useNetwork } from "./NetworkContext";

type Outcome = { verified: boolean; methodChecked: boolean } | null;

/**
 * The in-browser check of a result against its CIDs and the signed output root (and Freivalds for matrix
 * products), step by step. Runs on click, or at once with `auto`.
 */
export function ResultCheck({ specCid, resultCid, attestedRoot, auto = false }: { specCid: string; resultCid: string; attestedRoot: string; auto?: boolean }) {
  const { ipfsGatewayUrl } = useNetwork();
  const [steps, setSteps] = useState<CheckStep[]>([]);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const started = useRef(false);
  const run = useCallback(async () => {
    setRunning(true);
    setSteps([]);
    setOutcome(null);
    const result = await checkJobResult({
      ipfs: gatewayReader(ipfsGatewayUrl),
      specCid,
      resultCid,
      attestedRoot,
      onStep: (step) => setSteps((previous) => [...previous, step]),
    });
    setOutcome({ verified: result.verified, methodChecked: result.methodChecked });
    setRunning(false);
  }, [ipfsGatewayUrl, specCid, resultCid, attestedRoot]);
  useEffect(() => {
    if (auto && !started.current) {
      started.current = true;
      void run();
    }
  }, [auto, run]);
  return (
    <div className="result-check" data-testid="result-check">
      {!auto || outcome ? (
        <button type="button" className="button" onClick={run} disabled={running} data-testid="check-result">
          {running ? "Checking…" : outcome ? "Check again" : "Check the result in this browser"}
        </button>
      ) : null}
      {steps.length > 0 || running ? (
        <ol className="checklist">
          {steps.map((step) => (
            <li key={step.id} className={`check-${step.status}`}>
              <span className="check-icon" aria-hidden>
                {step.status === "ok" ? "✓" : step.status === "failed" ? "✗" : "–"}
              </span>
              <span>
                <strong>{step.label}</strong>
                {step.detail ? <span className="check-detail"> {step.detail}</span> : null}
              </span>
            </li>
          ))}
          {running ? (
            <li className="check-running">
              <span className="spinner" aria-hidden /> fetching and verifying…
            </li>
          ) : null}
        </ol>
      ) : null}
      {outcome ? (
        outcome.verified ? (
          <p className="verdict verdict-ok" data-testid="verdict" data-verified="true">
            ✓ Verified in this browser{outcome.methodChecked ? ": the result is correct." : ": every byte is what the provider signed (the spec's own check needs a GPU re-execution)."}
          </p>
        ) : (
          <p className="verdict verdict-bad" data-testid="verdict" data-verified="false">
            ✗ The result did not pass. While its challenge window is open, challenge it from the Actions card on the Job page: a
            committee re-runs it, and a wrong result returns the payment to the requester.
          </p>
        )
      ) : null}
    </div>
  );
}
