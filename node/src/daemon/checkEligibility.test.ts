import { describe, expect, test } from "vitest";
import { checkEligibility, type EligibilityFacts } from "./checkEligibility.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const usd = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const;
const hrth = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

const terms = (overrides: Partial<EligibilityFacts["job"]> = {}): EligibilityFacts => ({
  provider: me,
  job: { target: undefined, token: usd, price: 1_000n, deadline: 1_000n, ...overrides },
  minPrices: new Map([[usd, 1_000n], [hrth, 10n ** 18n]]),
  now: 900n,
  deadlineMarginSeconds: 30,
});

const full = (overrides: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  ...terms(),
  status: "open",
  stakingEligible: true,
  spec: { ok: true, maxWallMs: 10_000 },
  canRun: { ok: true },
  ...overrides,
});

describe("checkEligibility", () => {
  test("terms alone pass as incomplete; all facts make it complete", () => {
    expect(checkEligibility(terms())).toEqual({ eligible: true, complete: false });
    expect(checkEligibility(full())).toEqual({ eligible: true, complete: true });
    // the target provider may name us, in any letter case
    expect(checkEligibility(full({ job: { ...terms().job, target: me.toLowerCase() as `0x${string}` } })).eligible).toBe(true);
  });

  test.each([
    ["not-target", terms({ target: other })],
    ["token-not-accepted", terms({ token: other })],
    ["price-too-low", terms({ price: 999n })],
    ["deadline-too-close", terms({ deadline: 930n })],
    ["deadline-too-close", full({ spec: { ok: true, maxWallMs: 75_000 } })],
    ["not-open", full({ status: "assigned" })],
    ["cannot-run", full({ canRun: { ok: false, reason: "memory-budget", message: "too big" } })],
    ["spec-invalid", full({ spec: { ok: false, reason: "spec-invalid", message: "bad" } })],
  ] as const)("declines for good: %s", (reason, facts) => {
    expect(checkEligibility(facts)).toMatchObject({ eligible: false, reason, retry: false });
  });

  test.each([
    ["not-eligible", full({ stakingEligible: false })],
    ["spec-unavailable", full({ spec: { ok: false, reason: "spec-unavailable", message: "timeout" } })],
  ] as const)("declines for now, to look again: %s", (reason, facts) => {
    expect(checkEligibility(facts)).toMatchObject({ eligible: false, reason, retry: true });
  });

  test("the price floor is inclusive and per token", () => {
    expect(checkEligibility(terms({ price: 1_000n })).eligible).toBe(true);
    expect(checkEligibility(terms({ token: hrth, price: 10n ** 18n - 1n }))).toMatchObject({ reason: "price-too-low" });
  });

  test("a deadline just beyond run time plus margin is taken; one second less is not", () => {
    // now 900, margin 30, maxWallMs 10 s: needs deadline > 940
    expect(checkEligibility(full({ job: { ...terms().job, deadline: 941n } })).eligible).toBe(true);
    expect(checkEligibility(full({ job: { ...terms().job, deadline: 940n } }))).toMatchObject({ reason: "deadline-too-close" });
  });
});
