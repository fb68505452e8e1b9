// Gas benchmark of the Hearth job lifecycle on Hardhat's simulated chain (EDR), with the production-like
// defaults of ignition/modules/Hearth.ts (committee of 5, 24 h window, 7-day epochs). Prints a table and writes
// gas-snapshot.json at the repository root, committed so that every change to the contracts shows its cost.
//
//   npm run bench:gas            (builds, then `hardhat run scripts/benchGas.ts`)
//
// The numbers are gasUsed from receipts: the 21,000 intrinsic gas and calldata included. Every input that
// reaches calldata is fixed (CIDs, deadlines with no zero byte, permit deadline), and the committee draws all
// five verifiers there are, so two runs give the same snapshot whatever the wall clock says.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { keccak256, maxUint256, toHex, type Hash } from "viem";
import { mineUntilAfter } from "../test/support/chainTime.ts";
import { jobRequest } from "../test/support/createJob.ts";
import { deployHearth, HRTH, type Hearth, type Wallet } from "../test/support/deployHearth.ts";
import { makeAttestation, signAll, signAttestation, type Attestation } from "../test/support/signAttestation.ts";
import { signPermit } from "../test/support/signPermit.ts";

const PRICE = 10n * HRTH;
const DAY = 86_400;
const BATCH_SIZES = [1, 16, 256] as const;
const TARGET_LIFECYCLE = 250_000n;
const TARGET_BATCH_PER_JOB = 20_000n;

/** A 59-character CIDv1-like string (the length of a real `bafkrei…` CID), the same on every run. */
const cidFor = (tag: string) => `bafkrei${keccak256(toHex(tag)).slice(2, 54)}`;
const DEVICE = "NVIDIA GeForce RTX 4090 (vulkan)";

/** The first timestamp at or after `t` whose four low bytes are all non-zero: calldata costs the same on every run. */
function steadyDeadline(t: number): number {
  let x = t;
  while ([0, 8, 16, 24].some((s) => ((x >>> s) & 0xff) === 0)) x++;
  return x;
}

const avg = (total: bigint, n: number) => (total + BigInt(n) / 2n) / BigInt(n);

interface TraceStep {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
  refund?: number;
}

/** Where a transaction's gas went, by kind, from an opcode trace (debug_traceTransaction). */
interface GasBreakdown {
  /** 21,000 plus calldata (4 per zero byte, 16 per other byte). */
  intrinsic: number;
  sload: number;
  sstore: number;
  /** Calls into other contracts: account access (cold 2,600), EXTCODESIZE checks, value, argument memory. */
  calls: number;
  /** Precompiles (ecrecover). */
  precompiles: number;
  logs: number;
  keccak: number;
  /** Everything else: arithmetic, stack, memory, jumps, transient storage. */
  other: number;
  /** Storage refunds (negative). */
  refund: number;
}

const CALL_OPS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);
// Solidity checks EXTCODESIZE before a call that returns nothing: that is where such a call pays for a cold account.
const ACCOUNT_OPS = new Set(["EXTCODESIZE", "EXTCODEHASH", "EXTCODECOPY", "BALANCE"]);

async function breakdown(h: Hearth, hash: Hash): Promise<GasBreakdown> {
  const [tx, receipt] = await Promise.all([
    h.publicClient.getTransaction({ hash }),
    h.publicClient.getTransactionReceipt({ hash }),
  ]);
  const trace = (await h.connection.provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableMemory: true, disableStorage: true }],
  })) as { structLogs: TraceStep[] };
  const steps = trace.structLogs;
  const data = tx.input.slice(2);
  let calldata = 0;
  for (let i = 0; i < data.length; i += 2) calldata += data.slice(i, i + 2) === "00" ? 4 : 16;
  const out: GasBreakdown = {
    intrinsic: 21_000 + calldata,
    sload: 0,
    sstore: 0,
    calls: 0,
    precompiles: 0,
    logs: 0,
    keccak: 0,
    other: 0,
    refund: 0,
  };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (CALL_OPS.has(step.op)) {
      // The cost of the call itself: gas before it, minus gas after it returns, minus what the callee used.
      let j = i + 1;
      while (j < steps.length && steps[j]!.depth > step.depth) j++;
      const after = steps[j]?.gas ?? step.gas - step.gasCost;
      const inner = j > i + 1 ? steps[i + 1]!.gas - (steps[j - 1]!.gas - steps[j - 1]!.gasCost) : 0;
      const cost = step.gas - after - inner;
      const target = BigInt(step.stack?.[step.stack.length - 2] ?? "0x0");
      if (j === i + 1 && target > 0n && target < 0x100n) out.precompiles += cost;
      else out.calls += cost;
    } else if (ACCOUNT_OPS.has(step.op)) out.calls += step.gasCost;
    else if (step.op === "SLOAD") out.sload += step.gasCost;
    else if (step.op === "SSTORE") out.sstore += step.gasCost;
    else if (step.op.startsWith("LOG")) out.logs += step.gasCost;
    else if (step.op === "KECCAK256" || step.op === "SHA3") out.keccak += step.gasCost;
    else out.other += step.gasCost;
  }
  const measured =
    out.intrinsic + out.sload + out.sstore + out.calls + out.precompiles + out.logs + out.keccak + out.other;
  out.refund = Number(receipt.gasUsed) - measured;
  return out;
}

async function bench(h: Hearth, sampled: Hearth) {
  const at = (i: number): Wallet => {
    const wallet = h.wallets[i];
    if (wallet === undefined) throw new Error(`no account #${i}`);
    return wallet;
  };
  const [deployer, requester, providerA, providerB, relayer, challenger] = [0, 1, 2, 3, 4, 5].map(at) as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  const verifiers = [6, 7, 8, 9, 10].map(at);
  const providerC = at(12);
  const outsider = at(13);

  let lastHash: Hash | undefined;
  const gasOf = async (hash: Hash | Promise<Hash>): Promise<bigint> => {
    const receipt = await h.publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    lastHash = receipt.transactionHash;
    return receipt.gasUsed;
  };
  const g: Record<string, bigint> = {};
  /** Transactions whose gas is broken down by kind after the run. */
  const traced: Array<{ label: string; hash: Hash; jobs: number }> = [];
  const trace = (label: string, jobs = 1) => traced.push({ label, hash: lastHash!, jobs });

  // --- setup: funding, verifiers, providers
  const fund = async (to: Wallet, amount: bigint) =>
    h.token.write.transfer([to.account.address, amount], { account: deployer.account });
  await fund(requester, 1_000_000n * HRTH);
  for (const p of [providerA, providerB, providerC]) await fund(p, 20_000n * HRTH);
  await fund(challenger, 10_000n * HRTH);
  for (const v of verifiers) {
    await fund(v, 5_000n * HRTH);
    await h.staking.write.register([cidFor(`verifier ${v.account.address}`), 50], { account: v.account });
    await h.token.write.approve([h.staking.address, 2_000n * HRTH], { account: v.account });
    await h.staking.write.stake([2_000n * HRTH], { account: v.account });
    await h.staking.write.setVerifier([true], { account: v.account });
  }
  g.register = await gasOf(h.staking.write.register([cidFor("provider A"), 50], { account: providerA.account }));
  g.approveStake = await gasOf(
    h.token.write.approve([h.staking.address, 10_000n * HRTH], { account: providerA.account }),
  );
  g.stake = await gasOf(h.staking.write.stake([10_000n * HRTH], { account: providerA.account }));
  const topUp = await signPermit(h, providerA, h.token.address, h.staking.address, 1_000n * HRTH, {
    deadline: maxUint256,
  });
  g.stakeWithPermit = await gasOf(
    h.staking.write.stakeWithPermit([1_000n * HRTH, topUp.deadline, topUp.v, topUp.r, topUp.s], {
      account: providerA.account,
    }),
  );
  for (const p of [providerB, providerC]) {
    await h.staking.write.register([cidFor(`provider ${p.account.address}`), 50], { account: p.account });
    await h.token.write.approve([h.staking.address, 10_000n * HRTH], { account: p.account });
    await h.staking.write.stake([10_000n * HRTH], { account: p.account });
  }

  // --- start one hour into epoch 1, so that every job below settles in the same epoch
  const genesis = Number(await h.rewards.read.genesisTime());
  const epochLength = Number(await h.rewards.read.epochLength());
  await h.networkHelpers.time.increaseTo(genesis + epochLength + 3_600);
  const workEpoch = await h.rewards.read.currentEpoch();
  const deadline = steadyDeadline((await h.networkHelpers.time.latest()) + 20 * DAY);
  const window = Number(await h.market.read.challengeWindow());

  /** Approves exactly the price, then creates a job; returns its id and the gas of createJob alone. */
  const create = async (jobDeadline = deadline) => {
    await h.token.write.approve([h.market.address, PRICE], { account: requester.account });
    const request = await jobRequest(h, { specCid: cidFor("spec"), price: PRICE, deadline: jobDeadline });
    const gas = await gasOf(h.market.write.createJob([request], { account: requester.account }));
    return { jobId: await h.market.read.jobCount(), gas };
  };
  const attestationFor = (jobId: bigint): Attestation =>
    makeAttestation(jobId, { resultCid: cidFor(`result ${jobId}`), device: DEVICE });
  const submit = async (jobId: bigint, provider: Wallet) => {
    const a = attestationFor(jobId);
    const signature = await signAttestation(h, provider, a);
    return gasOf(h.market.write.submitAttestation([a, signature], { account: relayer.account }));
  };
  const claim = (jobId: bigint, provider: Wallet) =>
    gasOf(h.market.write.claimJob([jobId], { account: provider.account }));
  const finalize = (jobId: bigint) => gasOf(h.market.write.finalizeJob([jobId], { account: relayer.account }));

  // --- phase 1: the first job the market ever sees (every counter and balance starts at zero); B warms up
  g.approveJob = await gasOf(h.token.write.approve([h.market.address, PRICE], { account: requester.account }));
  const first = await create();
  g.createJobFirst = first.gas;
  g.claimJobFirst = await claim(first.jobId, providerA);
  g.submitAttestationFirst = await submit(first.jobId, providerA);
  const warmB = await create();
  await claim(warmB.jobId, providerB);
  await submit(warmB.jobId, providerB);
  await h.networkHelpers.time.increase(window);
  g.finalizeJobFirst = await finalize(first.jobId);
  await finalize(warmB.jobId);

  // --- phase 2: steady state (the provider has earned in this epoch and not withdrawn yet), and the batches
  const steady = await create();
  g.createJob = steady.gas;
  trace("createJob");
  g.claimJob = await claim(steady.jobId, providerA);
  trace("claimJob");
  g.submitAttestation = await submit(steady.jobId, providerA);
  trace("submitAttestation");

  const permit = await signPermit(h, requester, h.token.address, h.market.address, PRICE, { deadline: maxUint256 });
  g.createJobWithPermit = await gasOf(
    h.market.write.createJobWithPermit(
      [
        await jobRequest(h, { specCid: cidFor("spec"), price: PRICE, deadline }),
        permit.deadline,
        permit.v,
        permit.r,
        permit.s,
      ],
      { account: requester.account },
    ),
  );
  g.cancelJob = await gasOf(h.market.write.cancelJob([await h.market.read.jobCount()], { account: requester.account }));

  type Batch = { n: number; ids: bigint[]; create: bigint; claim: bigint; submit: bigint; finalize: bigint };
  const batches: Batch[] = [];
  for (const n of BATCH_SIZES) {
    const ids: bigint[] = [];
    let createGas = 0n;
    let claimGas = 0n;
    for (let i = 0; i < n; i++) {
      const job = await create();
      ids.push(job.jobId);
      createGas += job.gas;
      claimGas += await claim(job.jobId, providerB);
    }
    const { attestations, signatures } = await signAll(
      h,
      ids.map((id) => ({ signer: providerB, attestation: attestationFor(id) })),
    );
    const submitGas = await gasOf(
      h.market.write.submitAttestations([attestations, signatures], { account: relayer.account }),
    );
    if (n === 16) trace("submitAttestations (16), per job", n);
    batches.push({ n, ids, create: createGas, claim: claimGas, submit: submitGas, finalize: 0n });
  }

  const soon = steadyDeadline((await h.networkHelpers.time.latest()) + 3_600);
  const openToExpire = await create(soon);
  const assignedToExpire = await create(soon);
  await claim(assignedToExpire.jobId, providerC);
  const toRelease = await create(soon);
  await claim(toRelease.jobId, providerC);
  await h.networkHelpers.time.increase(60); // held a minute: a small slash is taken
  g.releaseJob = await gasOf(h.market.write.releaseJob([toRelease.jobId], { account: providerC.account }));

  await h.networkHelpers.time.increase(window);
  g.finalizeJob = await finalize(steady.jobId);
  trace("finalizeJob");
  for (const b of batches) {
    b.finalize = await gasOf(h.market.write.finalizeJobs([b.ids], { account: relayer.account }));
    if (b.n === 16) trace("finalizeJobs (16), per job", b.n);
  }
  g.expireJobOpen = await gasOf(h.market.write.expireJob([openToExpire.jobId], { account: outsider.account }));
  g.expireJobAssigned = await gasOf(h.market.write.expireJob([assignedToExpire.jobId], { account: outsider.account }));

  // --- disputes: one the challenger loses, one the provider loses; every member commits and reveals
  const dispute = async (providerAtFault: boolean) => {
    const job = await create();
    await claim(job.jobId, providerA);
    await submit(job.jobId, providerA);
    const bond = await h.court.read.bondFor([job.jobId]);
    await h.token.write.approve([h.court.address, bond], { account: challenger.account });
    const challengeGas = await gasOf(h.court.write.challenge([job.jobId], { account: challenger.account }));
    await mineUntilAfter(h, (await h.court.read.getDispute([job.jobId])).drawBlock);
    const drawGas = await gasOf(h.court.write.drawCommittee([job.jobId], { account: outsider.account }));
    const members = await h.court.read.committee([job.jobId]);
    if (members.length !== verifiers.length) throw new Error("the committee should hold every verifier");
    const walletOf = (m: string) => verifiers.find((v) => v.account.address.toLowerCase() === m.toLowerCase())!;
    const salt = (m: string) => keccak256(toHex(`salt ${m}`));
    let commitGas = 0n;
    let revealGas = 0n;
    for (const m of members) {
      const c = await h.court.read.commitmentFor([job.jobId, m, providerAtFault, salt(m)]);
      commitGas += await gasOf(h.court.write.commitVote([job.jobId, c], { account: walletOf(m).account }));
    }
    for (const m of members) {
      revealGas += await gasOf(
        h.court.write.revealVote([job.jobId, providerAtFault, salt(m)], { account: walletOf(m).account }),
      );
    }
    const resolveGas = await gasOf(h.court.write.resolve([job.jobId], { account: outsider.account }));
    return {
      challengeGas,
      drawGas,
      commitGas: avg(commitGas, members.length),
      revealGas: avg(revealGas, members.length),
      resolveGas,
    };
  };
  const cleared = await dispute(false);
  const convicted = await dispute(true);
  g.challenge = cleared.challengeGas;
  g.drawCommittee = cleared.drawGas;
  g.commitVote = cleared.commitGas;
  g.revealVote = cleared.revealGas;
  g.resolveChallengerWrong = cleared.resolveGas;
  g.resolveProviderAtFault = convicted.resolveGas;

  // --- leaving: market payouts, unstaking, rewards
  g.withdrawPayout = await gasOf(h.market.write.withdraw([h.token.address], { account: providerA.account }));
  g.requestUnstake = await gasOf(h.staking.write.requestUnstake([1_000n * HRTH], { account: providerC.account }));
  await h.networkHelpers.time.increase(Number(await h.staking.read.unbondingPeriod()));
  g.withdrawStake = await gasOf(h.staking.write.withdraw({ account: providerC.account }));
  g.claimRewards = await gasOf(h.rewards.write.claim([[workEpoch]], { account: providerB.account }));

  // --- sampled verification, on its own deployment: one verifier, every job sampled
  const s = await sampledVerification(sampled);
  Object.assign(g, s);

  const breakdowns: Array<{ label: string; jobs: number; b: GasBreakdown }> = [];
  for (const t of traced) breakdowns.push({ label: t.label, jobs: t.jobs, b: await breakdown(h, t.hash) });
  return { g, batches, breakdowns };
}

/** drawVerifier, passVerification and the verified finalize, on a steady-state job (the provider's second). */
async function sampledVerification(h: Hearth) {
  const [deployer, requester, provider, verifier, relayer] = [0, 1, 2, 6, 4].map((i) => h.wallets[i]!) as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  const gasOf = async (hash: Hash | Promise<Hash>) =>
    (await h.publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;
  for (const w of [requester, provider, verifier]) {
    await h.token.write.transfer([w.account.address, 20_000n * HRTH], { account: deployer.account });
  }
  for (const w of [provider, verifier]) {
    await h.staking.write.register([cidFor(`provider ${w.account.address}`), 50], { account: w.account });
    await h.token.write.approve([h.staking.address, 10_000n * HRTH], { account: w.account });
    await h.staking.write.stake([10_000n * HRTH], { account: w.account });
  }
  await h.staking.write.setVerifier([true], { account: verifier.account });
  const genesis = Number(await h.rewards.read.genesisTime());
  await h.networkHelpers.time.increaseTo(genesis + Number(await h.rewards.read.epochLength()) + 3_600);
  const deadline = steadyDeadline((await h.networkHelpers.time.latest()) + 20 * DAY);
  const out: Record<string, bigint> = {};
  for (const round of [0, 1]) {
    await h.token.write.approve([h.market.address, PRICE], { account: requester.account });
    await h.market.write.createJob([await jobRequest(h, { specCid: cidFor("spec"), price: PRICE, deadline })], {
      account: requester.account,
    });
    const jobId = await h.market.read.jobCount();
    await h.market.write.claimJob([jobId], { account: provider.account });
    const a = makeAttestation(jobId, { resultCid: cidFor(`result ${jobId}`), device: DEVICE });
    await h.market.write.submitAttestation([a, await signAttestation(h, provider, a)], { account: relayer.account });
    await mineUntilAfter(h, (await h.market.read.getJob([jobId])).randomnessBlock);
    const draw = await gasOf(h.court.write.drawVerifier([jobId], { account: relayer.account }));
    const pass = await gasOf(h.court.write.passVerification([jobId], { account: verifier.account }));
    await h.networkHelpers.time.increase(Number(await h.market.read.challengeWindow()));
    const fin = await gasOf(h.market.write.finalizeJob([jobId], { account: relayer.account }));
    if (round === 1) Object.assign(out, { drawVerifier: draw, passVerification: pass, finalizeJobVerified: fin });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------
const main = await deployHearth((a) => ({ treasury: a[11] }), { base: "defaults" });
const sampledDeployment = await deployHearth((a) => ({ treasury: a[11], samplingRateBps: 10_000n }), {
  base: "defaults",
});
const { g, batches, breakdowns } = await bench(main, sampledDeployment);
const need = (k: string): bigint => {
  const v = g[k];
  if (v === undefined) throw new Error(`no measurement for ${k}`);
  return v;
};

const lifecycleSteady = need("createJob") + need("claimJob") + need("submitAttestation") + need("finalizeJob");
const lifecycleFirst =
  need("createJobFirst") + need("claimJobFirst") + need("submitAttestationFirst") + need("finalizeJobFirst");

const fmt = (n: bigint) => n.toLocaleString("en-US");
const rows: Array<[string, bigint, string]> = [
  ["register (provider)", need("register"), "metadata CID of 59 chars"],
  ["stake (first)", need("stake"), "after approve"],
  ["stakeWithPermit (top-up)", need("stakeWithPermit"), "no separate approve"],
  ["approve (HRTH, exact)", need("approveJob"), "before createJob; not in the totals"],
  ["createJob", need("createJob"), `first job ever: ${fmt(need("createJobFirst"))}`],
  ["createJobWithPermit", need("createJobWithPermit"), "replaces approve + createJob"],
  ["claimJob", need("claimJob"), `first job ever: ${fmt(need("claimJobFirst"))}`],
  ["submitAttestation", need("submitAttestation"), `relayed; first job ever: ${fmt(need("submitAttestationFirst"))}`],
  ["finalizeJob", need("finalizeJob"), `first job ever: ${fmt(need("finalizeJobFirst"))}`],
  ["finalizeJob (verified)", need("finalizeJobVerified"), "sampled job: verifier fee credited"],
  ["cancelJob", need("cancelJob"), "refund transferred at once"],
  ["expireJob (open)", need("expireJobOpen"), "refund credited"],
  ["expireJob (assigned)", need("expireJobAssigned"), "refund + collateral slash + jail + forfeit"],
  ["releaseJob", need("releaseJob"), "held 60 s of 1 h: reopened, collateral unlocked, pro-rata slash, no jail"],
  ["challenge", need("challenge"), "bond transferFrom, after approve"],
  ["drawCommittee", need("drawCommittee"), "5 of 5 verifiers"],
  ["commitVote", need("commitVote"), "average of 5 members"],
  ["revealVote", need("revealVote"), "average of 5 members"],
  ["resolve (challenger wrong)", need("resolveChallengerWrong"), "job paid, bond split to provider + 5 members"],
  ["resolve (provider at fault)", need("resolveProviderAtFault"), "refund, slash, bounty, 5 members paid"],
  ["drawVerifier", need("drawVerifier"), "1 verifier, samplingRateBps 10000"],
  ["passVerification", need("passVerification"), ""],
  ["requestUnstake", need("requestUnstake"), ""],
  ["withdraw (staking)", need("withdrawStake"), "after unbonding"],
  ["withdraw (market payout)", need("withdrawPayout"), "pull of accumulated payouts"],
  ["claim rewards (1 epoch)", need("claimRewards"), "mints HRTH"],
];

const { networkConfig } = main.connection;
const hardfork = networkConfig.type === "edr-simulated" ? networkConfig.hardfork : "unknown";
const lines: string[] = [];
lines.push(`Hearth gas benchmark on EDR (${hardfork}): gasUsed per transaction, 21,000 intrinsic + calldata included`);
lines.push(
  "production defaults of ignition/modules/Hearth.ts; steady state: the provider, the treasury and the epoch",
  "already hold balances (the first job ever writes every counter from zero)",
);
lines.push("");
const w1 = Math.max(...rows.map((r) => r[0].length), "lifecycle create+claim+submit+finalize".length);
const w2 = 10;
lines.push(`${"step".padEnd(w1)}  ${"gas".padStart(w2)}  note`);
lines.push(`${"-".repeat(w1)}  ${"-".repeat(w2)}  ${"-".repeat(44)}`);
for (const [label, gas, note] of rows) lines.push(`${label.padEnd(w1)}  ${fmt(gas).padStart(w2)}  ${note}`);
lines.push(`${"-".repeat(w1)}  ${"-".repeat(w2)}`);
const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
const total = (label: string, gas: bigint, note: string) =>
  lines.push(`${label.padEnd(w1)}  ${fmt(gas).padStart(w2)}  ${note}`);
total(
  "lifecycle create+claim+submit+finalize",
  lifecycleSteady,
  `${verdict(lifecycleSteady <= TARGET_LIFECYCLE)} target ${fmt(TARGET_LIFECYCLE)}`,
);
total("lifecycle, first job ever", lifecycleFirst, "cold storage everywhere");
total("lifecycle + approve", lifecycleSteady + need("approveJob"), "two transactions for the requester");
lines.push("");
lines.push(
  "Batches: one provider; one relayer transaction each for submitAttestations and finalizeJobs (per job, rounded)",
);
const cols = [
  "batch",
  "createJob",
  "claimJob",
  "submitAttestations",
  "finalizeJobs",
  "submit+finalize",
  "whole lifecycle",
];
const widths = cols.map((c) => Math.max(c.length, 10));
const row = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
lines.push(row(cols));
lines.push(widths.map((w) => "-".repeat(w)).join("  "));
const batchSnapshot: Record<string, Record<string, number>> = {};
for (const b of batches) {
  const perJob = {
    createJob: avg(b.create, b.n),
    claimJob: avg(b.claim, b.n),
    submitAttestations: avg(b.submit, b.n),
    finalizeJobs: avg(b.finalize, b.n),
    submitAndFinalize: avg(b.submit + b.finalize, b.n),
    lifecycle: avg(b.create + b.claim + b.submit + b.finalize, b.n),
  };
  lines.push(
    row([
      String(b.n),
      fmt(perJob.createJob),
      fmt(perJob.claimJob),
      fmt(perJob.submitAttestations),
      fmt(perJob.finalizeJobs),
      fmt(perJob.submitAndFinalize),
      fmt(perJob.lifecycle),
    ]),
  );
  batchSnapshot[String(b.n)] = {
    submitAttestationsTx: Number(b.submit),
    finalizeJobsTx: Number(b.finalize),
    ...Object.fromEntries(Object.entries(perJob).map(([k, v]) => [`${k}PerJob`, Number(v)])),
  };
}
const at256 = batches.find((b) => b.n === 256)!;
const perJob256 = avg(at256.submit + at256.finalize, 256);
const batchVerdict = `${verdict(perJob256 <= TARGET_BATCH_PER_JOB)} target ${fmt(TARGET_BATCH_PER_JOB)}`;
lines.push(`batched submit+finalize at 256: ${fmt(perJob256)} per job, ${batchVerdict}`);
lines.push("");
lines.push("Where the gas goes (opcode trace; SLOAD includes cold-slot access, calls exclude the callee's own work)");
const kinds = ["intrinsic", "sload", "sstore", "calls", "precompiles", "logs", "keccak", "other", "refund"] as const;
const bw = [Math.max(...breakdowns.map((b) => b.label.length)), ...kinds.map((k) => Math.max(k.length, 7))];
const brow = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(bw[i]!) : c.padStart(bw[i]!))).join("  ");
lines.push(brow(["transaction", ...kinds]));
lines.push(bw.map((w) => "-".repeat(w)).join("  "));
for (const { label, jobs, b } of breakdowns) {
  lines.push(brow([label, ...kinds.map((k) => Math.round(b[k] / jobs).toLocaleString("en-US"))]));
}
console.log(lines.join("\n"));

const snapshot = {
  $comment:
    "Written by `npm run bench:gas` (scripts/benchGas.ts): gasUsed per transaction on Hardhat's EDR chain, " +
    "production defaults of ignition/modules/Hearth.ts. Commit it with every contract change.",
  hardfork,
  steps: Object.fromEntries(Object.entries(g).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, Number(v)])),
  lifecycle: { steady: Number(lifecycleSteady), firstJobEver: Number(lifecycleFirst) },
  batches: batchSnapshot,
  targets: { lifecycle: Number(TARGET_LIFECYCLE), batchedSubmitAndFinalizePerJobAt256: Number(TARGET_BATCH_PER_JOB) },
};
const out = path.resolve(import.meta.dirname, "..", "gas-snapshot.json");
writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
