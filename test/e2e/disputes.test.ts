import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, getAddress, parseEventLogs, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getJob } from "@hearth/sdk/actions/getJob";
import { createHearthContext, type HearthContext } from "@hearth/sdk/chain/createHearthContext";
import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { writeHearthContract } from "@hearth/sdk/chain/writeHearthContract";
import { disputeCourtAbi, jobMarketAbi, providerStakingAbi } from "@hearth/sdk/generated/abis";
import { repoRoot } from "./support/localChain.ts";
import { runHearth, startDevnetProcess, type DevnetProcess, type HearthRun } from "./support/devnetProcess.ts";

// Catching cheaters without slashing the honest, end to end: `hearth devnet` with three provider nodes that are
// also the network's verifiers, each told to misbehave in one way (`--fault`, tests only), and requesters and
// challengers using the `hearth` CLI. All scenarios share one devnet and run side by side:
//
//   solar-home  perturbWithinTolerance  moves its floats by 1 % of what a tolerance-checked spec allows: honest
//   lab-night   neverSubmit,neverReveal claims jobs and never delivers; on a committee, commits and never reveals
//   grid-dc     wrongOutput             attests plainly wrong results
//
// Faults act on what a node does as a provider (or, for neverReveal, as a committee member); when grid-dc or
// solar-home judges someone else's result, it judges honestly.
//
// With three verifiers, each committee is "everyone but the provider" (the size asked for is 3). A dispute that
// rules against a provider jails it, and a member that does not reveal is jailed too: jailed nodes are drawn for
// nothing, so both disputes are opened (and their committees drawn) before either resolves, and the expired job's
// provider is slashed only after that.
//
// Sampling: the devnet samples 20 % of jobs for re-execution, and a sampled verifier challenges a wrong result
// itself. To make the requester the one who challenges in scenario 1, the governor (the devnet's deployer) turns
// sampling off for the first jobs, then on at 100 % for the one job of scenario 2 that must be re-executed by a
// sampled verifier, then back to the devnet's rate.

const HRTH = 10n ** 18n;
const PRICE = HRTH; // every job pays 1 HRTH, so bonds, slashes and refunds are all in one token
const BPS = 10_000n;
const FAULTS = ["--fault", "solar-home=perturbWithinTolerance", "--fault", "lab-night=neverSubmit,neverReveal", "--fault", "grid-dc=wrongOutput"];

type Name = "solar-home" | "lab-night" | "grid-dc" | "requester" | "requester2" | "challenger" | "holder" | "deployer";
type Stake = { bonded: bigint; locked: bigint; unbonding: bigint; jailedUntil: bigint; verifier: boolean };

let devnet: DevnetProcess;
let deployment: HearthDeployment;
let reader: HearthContext;
let hrth: Address;
let market: Address;
let court: Address;
let staking: Address;
let flows: ReturnType<typeof runScenarios>;
let courtParams: Awaited<ReturnType<typeof readCourtParameters>>;
let marketParams: Awaited<ReturnType<typeof readMarketParameters>>;
let jailPeriod: bigint;
const before = { balances: {} as Record<Name, bigint>, stakes: {} as Record<Name, Stake> };

const address = (name: Name): Address => getAddress(devnet.info.accounts.find((account) => account.name === name)!.address);
const contextOf = (name: Name): HearthContext =>
  createHearthContext({ rpcUrl: devnet.info.rpcUrl, deployment, account: privateKeyToAccount(devnet.info.accounts.find((a) => a.name === name)!.privateKey) });
const example = (name: string) => path.join(repoRoot, "examples", name);
const hearth = (args: string[], account: Name) => runHearth([...args, "--account", account, "--network", devnet.networkFile]);
const balance = (name: Name) => reader.publicClient.readContract({ address: hrth, abi: erc20Abi, functionName: "balanceOf", args: [address(name)] });
const stakeOf = async (name: Name): Promise<Stake> => {
  const p = await reader.publicClient.readContract({ address: staking, abi: providerStakingAbi, functionName: "getProvider", args: [address(name)] });
  return { bonded: p.bonded, locked: p.locked, unbonding: p.unbonding, jailedUntil: p.jailedUntil, verifier: p.verifier };
};
const readCourtParameters = () => reader.publicClient.readContract({ address: court, abi: disputeCourtAbi, functionName: "parameters" });
const readMarketParameters = () => reader.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "parameters" });
const fromStart = { fromBlock: 0n, strict: true } as const;

/** The provider's JSON log lines (pino), parsed. */
function providerLog(name: Name): Array<Record<string, unknown>> {
  return readFileSync(path.join(devnet.directory, "logs", `${name}.log`), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The single JSON object a `--json` command printed; fails with its stderr when there is none. */
function jsonOf(run: HearthRun, what: string): Record<string, string | boolean | unknown> {
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`${what} printed no JSON (exit ${run.code}):\n${run.stderr}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Every HRTH transfer in a transaction, as "from -> to: amount" (sorted), to compare to the wei. */
async function hrthTransfers(hash: Hex): Promise<string[]> {
  const receipt = await reader.publicClient.getTransactionReceipt({ hash });
  return parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs.filter((log) => getAddress(log.address) === hrth) })
    .map((log) => `${getAddress(log.args.from)} -> ${getAddress(log.args.to)}: ${log.args.value}`)
    .sort();
}
const transfer = (from: Address, to: Address, value: bigint) => `${getAddress(from)} -> ${getAddress(to)}: ${value}`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => {}); // whoever needs it sees the error
  return { promise, resolve, reject };
}

const disputeResolved = async (jobId: bigint) =>
  (await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "DisputeResolved", args: { jobId }, ...fromStart }))[0];
const committeeDrawn = async (jobId: bigint) =>
  (await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "CommitteeDrawn", args: { jobId }, ...fromStart }))[0];

async function setSamplingRate(bps: number) {
  const params = await readCourtParameters();
  await writeHearthContract(contextOf("deployer"), { address: court, abi: disputeCourtAbi, functionName: "setParameters", args: [{ ...params, samplingRateBps: bps }] });
}

/**
 * Starts every scenario at once and returns a promise per scenario. Cross-scenario order (see the top):
 * sampling is off until both disputes are open; lab-night's expired job is expired only once both committees
 * (which include lab-night) are drawn.
 */
function runScenarios() {
  const cheatDisputed = deferred<bigint>();
  const wrongDisputed = deferred<bigint>();
  const fail = (...waiting: Array<{ reject: (error: unknown) => void }>) => (error: unknown) => {
    for (const entry of waiting) entry.reject(error);
    throw error;
  };

  // (1) grid-dc attests a wrong product; its requester's check fails and the requester challenges.
  const cheat = (async () => {
    const submit = await hearth(["job", "submit", example("matmul-256.json"), "--wait", "--json", "--pay", "1", "--provider", address("grid-dc")], "requester");
    const jobId = BigInt(jsonOf(submit, "job submit (cheat)").jobId as string);
    const challenge = await hearth(["job", "challenge", jobId.toString(), "--json"], "requester");
    if (challenge.code !== 0) throw new Error(`challenge of job ${jobId} failed (${challenge.code}):\n${challenge.stderr}`);
    cheatDisputed.resolve(jobId);
    const resolved = await waitFor(`job ${jobId}'s dispute resolved`, 150_000, () => disputeResolved(jobId));
    // The refund waits in the market until the requester withdraws it.
    const owedRefund = await reader.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "owed", args: [hrth, address("requester")] });
    // `hearth job withdraw` collects it (and says there is nothing owed in tUSD).
    const withdrawRun = await hearth(["job", "withdraw", "--json"], "requester");
    const withdrawn = jsonOf(withdrawRun, "job withdraw").withdrawn as Array<{ token: string; symbol: string; amount: string }>;
    const again = await hearth(["job", "withdraw", "--token", "HRTH"], "requester");
    return { jobId, submit, challenge, resolved, owedRefund, withdrawn, again };
  })().catch(fail(cheatDisputed));

  // (3), and (2) challenged anyway: solar-home's MLP result (inside tolerance) is challenged by someone who is wrong.
  const wrongChallenge = (async () => {
    const submit = await hearth(["job", "submit", example("mlp-inference.json"), "--json", "--pay", "1", "--provider", address("solar-home")], "requester2");
    const jobId = BigInt(jsonOf(submit, "job submit (wrong challenge)").jobId as string);
    await waitFor(`job ${jobId} submitted`, 120_000, async () => (await getJob(reader, jobId)).status === "submitted");
    const challenge = await hearth(["job", "challenge", jobId.toString(), "--json"], "challenger");
    if (challenge.code !== 0) throw new Error(`challenge of job ${jobId} failed (${challenge.code}):\n${challenge.stderr}`);
    wrongDisputed.resolve(jobId);
    const resolved = await waitFor(`job ${jobId}'s dispute resolved`, 150_000, () => disputeResolved(jobId));
    return { jobId, submit, challenge, resolved };
  })().catch(fail(wrongDisputed));

  // (2) solar-home's MLP result: the requester's own check passes, and so does a sampled verifier's re-execution.
  const tolerated = (async () => {
    const [cheatId, wrongId] = await Promise.all([cheatDisputed.promise, wrongDisputed.promise]);
    await setSamplingRate(10_000);
    const submitting = hearth(["job", "submit", example("mlp-inference.json"), "--wait", "--json", "--pay", "1", "--provider", address("solar-home")], "requester2");
    const jobId = await waitFor("the requester's second job", 60_000, async () => {
      const created = await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobCreated", args: { requester: address("requester2") }, ...fromStart });
      return created.map((log) => log.args.jobId).find((id) => id !== wrongId && id !== cheatId);
    });
    const sampled = await waitFor(`job ${jobId} sampled`, 60_000, async () => {
      const logs = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "JobSampled", args: { jobId }, ...fromStart });
      return logs[0];
    });
    await setSamplingRate(Number(courtParams.samplingRateBps));
    const submit = await submitting;
    return { jobId, submit, sampled };
  })();

  // (5) lab-night claims a job and never delivers it; the job expires and is posted again.
  const expiry = (async () => {
    const spec = path.join(devnet.directory, "expiring-matmul.json");
    writeFileSync(
      spec,
      JSON.stringify({
        version: 1,
        name: "expiring matmul",
        runtime: "matmul",
        n: 64,
        inputs: { a: { seed: { generator: "uniform-f32", seed: 5, min: -1, max: 1 } }, b: { seed: { generator: "uniform-f32", seed: 6, min: -1, max: 1 } } },
        // A short wall-time limit lets a short deadline (65 s) pass the provider's own check (wall time + 30 s margin), with 20 s to claim it.
        limits: { maxBytes: 65_536, maxWallMs: 15_000 },
        verification: { method: "freivalds", rounds: 20 },
      }),
    );
    const submit = await hearth(["job", "submit", spec, "--json", "--pay", "1", "--deadline", "65", "--provider", address("lab-night")], "holder");
    const jobId = BigInt(jsonOf(submit, "job submit (expiring)").jobId as string);
    const claimed = await waitFor(`job ${jobId} claimed`, 30_000, async () => {
      const job = await getJob(reader, jobId);
      return job.status === "assigned" ? job : undefined;
    });
    // Expiring it jails lab-night: first let both committees, which lab-night sits on, be drawn.
    const [cheatId, wrongId] = await Promise.all([cheatDisputed.promise, wrongDisputed.promise]);
    await waitFor("both committees drawn", 60_000, async () => (await committeeDrawn(cheatId)) && (await committeeDrawn(wrongId)));
    await waitFor(`job ${jobId}'s deadline`, 60_000, async () => (await reader.publicClient.getBlock()).timestamp > claimed.deadline);
    const expire = await hearth(["job", "expire", jobId.toString(), "--json"], "holder");
    const repost = await hearth(["job", "submit", spec, "--wait", "--json", "--pay", "1", "--provider", address("solar-home")], "holder");
    return { jobId, submit, claimed, expire, repost, repostId: BigInt(jsonOf(repost, "job submit (repost)").jobId as string) };
  })();

  return { cheat, wrongChallenge, tolerated, expiry };
}

beforeAll(async () => {
  // No indexer or web app: nothing here reads them, and two fewer processes keep the timings honest on 2 cores.
  devnet = await startDevnetProcess([...FAULTS, "--no-indexer", "--no-app"], { HEARTH_ALLOW_FAULTS: "1" });
  const file = JSON.parse(readFileSync(devnet.networkFile, "utf8")) as { chainId: number; startBlock: number; contracts: HearthDeployment["contracts"] };
  deployment = { chainId: file.chainId, startBlock: file.startBlock, contracts: file.contracts };
  reader = createHearthContext({ rpcUrl: devnet.info.rpcUrl, deployment });
  hrth = getAddress(deployment.contracts.token);
  market = getAddress(deployment.contracts.market);
  court = getAddress(deployment.contracts.court);
  staking = getAddress(deployment.contracts.staking);
  [courtParams, marketParams, jailPeriod] = await Promise.all([
    readCourtParameters(),
    readMarketParameters(),
    reader.publicClient.readContract({ address: staking, abi: providerStakingAbi, functionName: "jailPeriod" }),
  ]);
  for (const name of ["requester", "requester2", "challenger", "holder"] as const) before.balances[name] = await balance(name);
  for (const name of ["solar-home", "lab-night", "grid-dc"] as const) before.stakes[name] = await stakeOf(name);
  await setSamplingRate(0);
  flows = runScenarios();
  for (const flow of Object.values(flows)) flow.catch(() => {}); // each test awaits the flows it checks
}, 300_000);

afterAll(async () => {
  const code = await devnet?.stop();
  expect(code).toBe(0);
}, 60_000);

describe("disputes on the devnet, with cheating provider nodes", () => {
  it("announces fault injection loudly: in the devnet's output, the faulty providers' configs and their logs", () => {
    const output = devnet.output();
    expect(output).toContain("FAULT INJECTION IS ON (tests and demos only)");
    for (const [name, modes] of [["solar-home", "perturbWithinTolerance"], ["lab-night", "neverSubmit, neverReveal"], ["grid-dc", "wrongOutput"]] as const) {
      expect(output).toContain(`FAULT INJECTION: ${name} will cheat on purpose (${modes})`);
      const config = JSON.parse(readFileSync(path.join(devnet.directory, "providers", name, "config.json"), "utf8")) as { faults?: { modes: string[] } };
      expect(config.faults?.modes.join(", ")).toBe(modes);
      expect(providerLog(name).some((line) => String(line.msg).startsWith("FAULT INJECTION IS ON"))).toBe(true);
    }
    const listed = (JSON.parse(readFileSync(devnet.networkFile, "utf8")) as { providers: Array<{ name: string; faults?: string[] }> }).providers;
    expect(listed.find((p) => p.name === "grid-dc")?.faults).toEqual(["wrongOutput"]);
  });

  it(
    "(1) a cheating provider's matmul fails the requester's check, is challenged, voted down by the committee; the provider is slashed and jailed, the requester refunded in full, the challenger paid its bond back plus the bounty",
    async () => {
      const { jobId, submit, challenge, resolved, owedRefund, withdrawn, again } = await flows.cheat;
      // The requester's `--wait` checked the result (Freivalds), found it wrong and said to challenge, at once.
      expect(submit.code, submit.stderr).toBe(4);
      expect(jsonOf(submit, "submit")).toMatchObject({ jobId: jobId.toString(), status: "submitted", verified: false });
      expect(submit.stderr).toContain("failed verification (freivalds)");
      expect(submit.stderr).toContain(`hearth job challenge ${jobId}`);
      const bond = await reader.publicClient.readContract({ address: court, abi: disputeCourtAbi, functionName: "bondFor", args: [jobId] });
      expect(jsonOf(challenge, "challenge")).toEqual({ jobId: jobId.toString(), status: "disputed", bond: bond.toString() });
      expect(bond).toBe(courtParams.minBond > (PRICE * BigInt(courtParams.bondBps)) / BPS ? courtParams.minBond : (PRICE * BigInt(courtParams.bondBps)) / BPS);

      // The committee is every other verifier: solar-home revealed "at fault"; lab-night never revealed (scenario 4).
      const drawn = (await committeeDrawn(jobId))!;
      expect(drawn.args.members.map((member) => getAddress(member)).sort()).toEqual([address("solar-home"), address("lab-night")].sort());
      const revealed = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "VoteRevealed", args: { jobId }, ...fromStart });
      expect(revealed.map((log) => [getAddress(log.args.member), log.args.providerAtFault])).toEqual([[address("solar-home"), true]]);

      // What the contracts say happened, and that it is exactly what their parameters make it.
      const [claimedLog] = await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobClaimed", args: { jobId }, ...fromStart });
      const collateral = claimedLog!.args.collateral;
      expect(collateral).toBe((PRICE * BigInt(marketParams.collateralBps) + BPS - 1n) / BPS);
      const cheater = before.stakes["grid-dc"];
      const slashed = collateral + ((cheater.bonded - collateral + cheater.unbonding) * BigInt(marketParams.disputeSlashBps)) / BPS;
      const bounty = (slashed * BigInt(courtParams.bountyBps)) / BPS;
      const committeeReward = (slashed * BigInt(courtParams.committeeRewardBps)) / BPS;
      expect(resolved.args).toEqual({ jobId, outcome: 1, faultVotes: 1, correctVotes: 0, slashed, bounty, committeeReward, toProvider: 0n });
      const receipt = await reader.publicClient.getTransactionReceipt({ hash: resolved.transactionHash });
      const [rejected] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobRejected", logs: receipt.logs });
      expect(rejected!.args).toEqual({ jobId, provider: address("grid-dc"), refund: PRICE, slashed });
      const slashes = parseEventLogs({ abi: providerStakingAbi, eventName: "Slashed", logs: receipt.logs });
      const block = await reader.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      expect(slashes.find((log) => getAddress(log.args.provider) === address("grid-dc"))!.args).toEqual({
        provider: address("grid-dc"),
        amount: slashed,
        fromLocked: collateral,
        recipient: court,
        jailedUntil: block.timestamp + jailPeriod,
      });
      // Every HRTH movement of the resolution, to the wei: the slash to the court, the challenger's bond and
      // bounty, the whole committee reward to the one member who revealed the winning vote, the rest to the
      // treasury, and the non-revealer's penalty.
      const treasury = courtParams.treasury;
      expect(await hrthTransfers(resolved.transactionHash)).toEqual(
        [
          transfer(staking, court, slashed),
          transfer(court, address("requester"), bond + bounty),
          transfer(court, address("solar-home"), committeeReward),
          transfer(court, treasury, slashed - bounty - committeeReward),
          transfer(staking, treasury, courtParams.nonRevealPenalty),
        ].sort(),
      );

      // The requester (also the challenger) paid the price and the bond, and has both back plus the bounty.
      expect(owedRefund).toBe(PRICE);
      expect(withdrawn).toEqual([
        { token: hrth, symbol: "HRTH", amount: PRICE.toString() },
        { token: getAddress(deployment.contracts.stablecoin!), symbol: "tUSD", amount: "0" },
      ]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/Nothing owed in HRTH\./);
      expect(await balance("requester")).toBe(before.balances.requester + bounty);
      expect((await getJob(reader, jobId)).status).toBe("rejected");

      // The cheater lost exactly that, is jailed, and is no longer drawn as a verifier.
      const after = await stakeOf("grid-dc");
      expect(after.jailedUntil).toBe(block.timestamp + jailPeriod);
      expect(after.verifier).toBe(false);
      expect(await reader.publicClient.readContract({ address: staking, abi: providerStakingAbi, functionName: "isEligible", args: [address("grid-dc"), 0n, 0] })).toBe(false);
      const stats = await reader.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "providerStats", args: [address("grid-dc")] });
      expect(stats.disputesLost).toBe(1);
      expect(providerLog("grid-dc").some((line) => line.msg === "FAULT INJECTED: wrongOutput" && line.job_id === jobId.toString())).toBe(true);
    },
    300_000,
  );

  it(
    "(2) an honest provider whose floats differ within tolerance passes the requester's check and a sampled re-execution, is paid, and keeps its pay when challenged anyway",
    async () => {
      const { jobId, submit, sampled } = await flows.tolerated;
      expect(submit.code, submit.stderr).toBe(0);
      expect(jsonOf(submit, "submit")).toMatchObject({ jobId: jobId.toString(), status: "finalized", verified: true, provider: address("solar-home") });

      // solar-home really moved its outputs: every logit, by up to 1 % of the bound.
      const perturbations = providerLog("solar-home").filter((line) => String(line.msg).startsWith("FAULT: outputs moved within the spec's tolerance"));
      const mine = perturbations.find((line) => line.job_id === jobId.toString())!;
      expect(mine).toMatchObject({ relative: 1e-4, absolute: 1e-5 });
      expect(mine.elements_perturbed as number).toBeGreaterThan(4000); // of 256×16 logits
      expect(mine.largest_share_of_tolerance as number).toBeLessThanOrEqual(0.011);

      // The sampled verifier re-ran the job on its own GPU and compared with tolerance: the outputs differ, and pass.
      const verifier = getAddress(sampled.args.verifier);
      expect([address("lab-night"), address("grid-dc")]).toContain(verifier);
      const verifierName = verifier === address("lab-night") ? "lab-night" : "grid-dc";
      const judged = providerLog(verifierName).find((line) => line.msg === "attested result judged" && line.job_id === jobId.toString() && line.duty === "sample")!;
      expect(judged).toMatchObject({ verifier, job_provider: address("solar-home"), method: "tolerance", verdict: "correct", failures: 0, relative: 1e-4, absolute: 1e-5 });
      expect(judged.worst_error as number).toBeGreaterThan(0);
      expect(judged.worst_error as number).toBeLessThan(judged.worst_allowed as number);
      expect(judged.reference_run_ms as number).toBeGreaterThan(0);
      const passed = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "VerificationPassed", args: { jobId }, ...fromStart });
      expect(passed.map((log) => getAddress(log.args.verifier))).toEqual([verifier]);

      // Nobody disputed it; it was paid, and the verifier earned its fee out of the protocol fee.
      expect(await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "DisputeOpened", args: { jobId }, ...fromStart })).toEqual([]);
      const [finalized] = await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobFinalized", args: { jobId }, ...fromStart });
      const fee = (PRICE * BigInt(marketParams.protocolFeeBps)) / BPS;
      const verifierFee = (PRICE * BigInt(marketParams.verifierFeeBps)) / BPS;
      expect(finalized!.args).toEqual({ jobId, provider: address("solar-home"), providerPayout: PRICE - fee, protocolFee: fee - verifierFee, verifierFee });

      // Challenged anyway (the other job, scenario 3): the committee kept it honest.
      const wrong = await flows.wrongChallenge;
      expect(wrong.resolved.args.outcome).toBe(2); // ChallengerWrong
      expect((await getJob(reader, wrong.jobId)).status).toBe("finalized");
      const stats = await reader.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "providerStats", args: [address("solar-home")] });
      expect(stats.disputesLost).toBe(0);
      expect(stats.disputesWon).toBe(1);
      expect(await balance("requester2")).toBe(before.balances.requester2 - 2n * PRICE);
      const honest = await stakeOf("solar-home");
      expect(honest.bonded).toBe(before.stakes["solar-home"].bonded);
      expect(honest.jailedUntil).toBe(0n);
      expect(honest.verifier).toBe(true);
    },
    300_000,
  );

  it(
    "(3) a challenger who disputes a correct result loses its bond: the provider's share to the provider, the rest to the committee majority",
    async () => {
      const { jobId, submit, challenge, resolved } = await flows.wrongChallenge;
      expect(submit.code, submit.stderr).toBe(0);
      const bond = BigInt(jsonOf(challenge, "challenge").bond as string);
      const [opened] = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "DisputeOpened", args: { jobId }, ...fromStart });
      expect(opened!.args).toMatchObject({ challenger: address("challenger"), bond, bySampledVerifier: false });

      const drawn = (await committeeDrawn(jobId))!;
      expect(drawn.args.members.map((member) => getAddress(member)).sort()).toEqual([address("lab-night"), address("grid-dc")].sort());
      const revealed = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "VoteRevealed", args: { jobId }, ...fromStart });
      expect(revealed.map((log) => [getAddress(log.args.member), log.args.providerAtFault])).toEqual([[address("grid-dc"), false]]);

      const toProvider = (bond * BigInt(courtParams.providerBondShareBps)) / BPS;
      const committeeReward = bond - toProvider;
      expect(resolved.args).toEqual({ jobId, outcome: 2, faultVotes: 0, correctVotes: 1, slashed: 0n, bounty: 0n, committeeReward, toProvider });
      // One member revealed the winning vote, so it takes the whole committee reward; nothing is left over.
      expect(await hrthTransfers(resolved.transactionHash)).toEqual(
        [
          transfer(court, address("solar-home"), toProvider),
          transfer(court, address("grid-dc"), committeeReward),
          transfer(staking, courtParams.treasury, courtParams.nonRevealPenalty),
        ].sort(),
      );
      expect(await balance("challenger")).toBe(before.balances.challenger - bond);
      // The job was finalized and paid as if nothing had happened.
      const receipt = await reader.publicClient.getTransactionReceipt({ hash: resolved.transactionHash });
      const [finalized] = parseEventLogs({ abi: jobMarketAbi, eventName: "JobFinalized", logs: receipt.logs });
      expect(finalized!.args.jobId).toBe(jobId);
      expect(finalized!.args.providerPayout + finalized!.args.protocolFee + finalized!.args.verifierFee).toBe(PRICE);

      const judged = providerLog("grid-dc").find((line) => line.msg === "attested result judged" && line.job_id === jobId.toString() && line.duty === "committee")!;
      expect(judged).toMatchObject({ verifier: address("grid-dc"), job_provider: address("solar-home"), method: "tolerance", verdict: "correct" });
      expect(judged.worst_error as number).toBeGreaterThan(0);
    },
    300_000,
  );

  it(
    "(4) a committee member that commits and never reveals is penalised, and each dispute still resolves",
    async () => {
      const [cheat, wrong] = await Promise.all([flows.cheat, flows.wrongChallenge]);
      for (const { jobId, resolved } of [cheat, wrong]) {
        expect(resolved.args.outcome).not.toBe(3); // decided, not inconclusive
        const committed = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "VoteCommitted", args: { jobId, member: address("lab-night") }, ...fromStart });
        expect(committed).toHaveLength(1);
        const revealed = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "VoteRevealed", args: { jobId, member: address("lab-night") }, ...fromStart });
        expect(revealed).toEqual([]);
        const penalised = await reader.publicClient.getContractEvents({ address: court, abi: disputeCourtAbi, eventName: "NonRevealPenalized", args: { jobId }, ...fromStart });
        expect(penalised.map((log) => log.args)).toEqual([{ jobId, member: address("lab-night"), penalty: courtParams.nonRevealPenalty }]);
        const receipt = await reader.publicClient.getTransactionReceipt({ hash: resolved.transactionHash });
        const slash = parseEventLogs({ abi: providerStakingAbi, eventName: "Slashed", logs: receipt.logs }).find((log) => getAddress(log.args.provider) === address("lab-night"));
        expect(slash!.args).toMatchObject({ amount: courtParams.nonRevealPenalty, fromLocked: 0n, recipient: courtParams.treasury });
        expect(providerLog("lab-night").some((line) => line.msg === "FAULT INJECTED: neverReveal" && line.job_id === jobId.toString())).toBe(true);
      }
    },
    300_000,
  );

  it(
    "(5) a provider that claims and never submits is expired: the requester is refunded with part of the collateral, and the job is posted again and completed by an honest provider",
    async () => {
      const { jobId, submit, claimed, expire, repost, repostId } = await flows.expiry;
      expect(submit.code, submit.stderr).toBe(0);
      expect(claimed.provider).toBe(address("lab-night"));
      expect(await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "AttestationSubmitted", args: { jobId }, ...fromStart })).toEqual([]);
      const toSlash = (claimed.collateral * BigInt(marketParams.expirySlashBps)) / BPS;
      expect(expire.code, expire.stderr).toBe(0);
      // Refund and slashed collateral are both HRTH here, so one withdrawal returns both.
      expect(jsonOf(expire, "expire")).toEqual({ jobId: jobId.toString(), status: "expired", refunded: (PRICE + toSlash).toString() });
      const [expired] = await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobExpired", args: { jobId }, ...fromStart });
      expect(expired!.args).toEqual({ jobId, provider: address("lab-night"), refund: PRICE, collateralSlashed: toSlash });
      const receipt = await reader.publicClient.getTransactionReceipt({ hash: expired!.transactionHash });
      const [slash] = parseEventLogs({ abi: providerStakingAbi, eventName: "Slashed", logs: receipt.logs });
      expect(slash!.args).toMatchObject({ provider: address("lab-night"), amount: toSlash, fromLocked: toSlash, recipient: market });
      expect(providerLog("lab-night").some((line) => line.msg === "FAULT INJECTED: neverSubmit" && line.job_id === jobId.toString())).toBe(true);

      // The same spec, posted again, is done by solar-home (matmul is checked by Freivalds: it computes it as is).
      expect(repost.code, repost.stderr).toBe(0);
      expect(jsonOf(repost, "repost")).toMatchObject({ status: "finalized", verified: true, provider: address("solar-home") });
      const specOf = async (id: bigint) =>
        (await reader.publicClient.getContractEvents({ address: market, abi: jobMarketAbi, eventName: "JobCreated", args: { jobId: id }, ...fromStart }))[0]!.args.specCid;
      expect(await specOf(repostId)).toBe(await specOf(jobId));
      expect(await balance("holder")).toBe(before.balances.holder + toSlash - PRICE);
    },
    300_000,
  );

  it(
    "only the cheaters lost stake, exactly what the events say; the honest provider lost nothing",
    async () => {
      const [cheat, wrong, expiry] = await Promise.all([flows.cheat, flows.wrongChallenge, flows.expiry, flows.tolerated]);
      const slashedFrom = async (name: Name) =>
        (await reader.publicClient.getContractEvents({ address: staking, abi: providerStakingAbi, eventName: "Slashed", args: { provider: address(name) }, ...fromStart })).map(
          (log) => log.args.amount,
        );
      expect(await slashedFrom("solar-home")).toEqual([]);
      expect((await stakeOf("solar-home")).bonded).toBe(before.stakes["solar-home"].bonded);
      expect(await slashedFrom("grid-dc")).toEqual([cheat.resolved.args.slashed]);
      expect((await stakeOf("grid-dc")).bonded).toBe(before.stakes["grid-dc"].bonded - cheat.resolved.args.slashed);
      const labNight = await slashedFrom("lab-night");
      const toSlash = (expiry.claimed.collateral * BigInt(marketParams.expirySlashBps)) / BPS;
      expect([...labNight].sort()).toEqual([courtParams.nonRevealPenalty, courtParams.nonRevealPenalty, toSlash].sort());
      expect((await stakeOf("lab-night")).bonded).toBe(before.stakes["lab-night"].bonded - 2n * courtParams.nonRevealPenalty - toSlash);
      expect(wrong.resolved.args.slashed).toBe(0n);
    },
    300_000,
  );

  it(
    "every check is in the checking node's log: who verified which provider's result, how, the verdict and the Freivalds false-accept bound",
    async () => {
      const { jobId } = await flows.cheat;
      const judged = providerLog("solar-home").find((line) => line.msg === "attested result judged" && line.job_id === jobId.toString())!;
      expect(judged).toMatchObject({
        duty: "committee",
        verifier: address("solar-home"),
        job_provider: address("grid-dc"),
        method: "freivalds",
        verdict: "wrong",
        reason: "failed freivalds",
        rounds: 20,
        false_accept_bound: 2 ** -20,
      });
      expect(judged.result_cid).toMatch(/^baf/);
      expect(judged.duration_ms as number).toBeGreaterThan(0);
      expect(providerLog("solar-home").some((line) => line.msg === "committee vote revealed" && line.job_id === jobId.toString() && line.provider_at_fault === true)).toBe(true);
      // Providers check their own matrix products before attesting them, and say with what bound.
      const { repostId } = await flows.expiry;
      const selfCheck = providerLog("solar-home").find((line) => line.msg === "result checked before attesting" && line.job_id === repostId.toString())!;
      expect(selfCheck).toMatchObject({ method: "freivalds", rounds: 20, false_accept_bound: 2 ** -20 });
    },
    300_000,
  );

  it("refuses --fault unless HEARTH_ALLOW_FAULTS=1, and unknown providers or modes, before starting anything", async () => {
    const refused = await runHearth(["devnet", "--dir", devnet.directory, "--fault", "grid-dc=wrongOutput"], { HEARTH_ALLOW_FAULTS: "" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused unless HEARTH_ALLOW_FAULTS=1 is set/);
    const badMode = await runHearth(["devnet", "--dir", devnet.directory, "--fault", "grid-dc=slowDown"], { HEARTH_ALLOW_FAULTS: "1" });
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/"slowDown" is not a fault mode/);
    const badName = await runHearth(["devnet", "--dir", devnet.directory, "--providers", "2", "--fault", "grid-dc=wrongOutput"], { HEARTH_ALLOW_FAULTS: "1" });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/not one of this devnet's providers/);
  });
});
