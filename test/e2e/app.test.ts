import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { erc20Abi, type Address, type Hex } from "viem";
import { getClaimableRewards } from "@hearth/sdk/actions/claimRewards";
import { createHearthContext } from "@hearth/sdk/chain/createHearthContext";
import { ensureAppBuilt } from "@hearth/app/ensureAppBuilt";
import { startApp, type RunningApp } from "@hearth/app/startApp";
import { startIndexer, type RunningIndexer } from "@hearth/indexer";
import { runHearth, startDevnetProcess, type DevnetProcess } from "./support/devnetProcess.ts";
import { installTestWallet, type TestWallet } from "./support/injectedWallet.ts";
import { findChromium, launchBrowser } from "./support/launchBrowser.ts";
import { providerProcess } from "./support/providerProcess.ts";
import { getFreePort, repoRoot } from "./support/localChain.ts";

// The web app in a real browser (Chromium driven by playwright-core) against a real devnet: chain, IPFS, three
// provider nodes on WebGPU/SwiftShader, the indexer and `next start` on the built app. A test wallet is
// injected as `window.ethereum` and signs with the devnet's dev keys. Screenshots of every page (desktop and
// phone width) go to .test-results/app/.

const screenshots = path.join(repoRoot, ".test-results", "app");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

type NetworkInfo = DevnetProcess["info"] & {
  indexerUrl?: string;
  appUrl?: string;
  startBlock?: number;
  ipfs: { gatewayUrl: string; pinningUrl: string; multiaddrs: string[] };
};

let devnet: DevnetProcess;
let info: NetworkInfo;
let indexer: RunningIndexer | undefined;
let app: RunningApp | undefined;
let appUrl: string;
let indexerUrl: string;
let browser: Browser;
let jobId: string | undefined;

const account = (name: string) => {
  const found = info.accounts.find((a) => a.name === name);
  if (!found) throw new Error(`no dev account ${name}`);
  return found;
};

async function walletContext(name: string, options: { viewport?: { width: number; height: number }; startChainId?: number } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
  const wallet = await installTestWallet(context, {
    privateKey: account(name).privateKey as Hex,
    rpcUrl: info.rpcUrl,
    chainId: info.chainId,
    startChainId: options.startChainId,
  });
  return { context, wallet };
}

async function connect(page: Page) {
  await page.getByTestId("connect-wallet").click();
  await page.getByTestId("wallet-address").waitFor({ timeout: 15_000 });
}

/** Waits until the locator's text matches (pages refresh from the indexer every few seconds). */
async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  for (;;) {
    text = (await locator.innerText({ timeout: Math.max(1_000, deadline - Date.now()) }).catch(() => "")) ?? "";
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`text never matched ${pattern}; last: ${text.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(info.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** No load error anywhere on the page, and no horizontal scrolling of the page itself. */
async function expectHealthy(page: Page, width: number) {
  expect(await page.getByTestId("load-error").count()).toBe(0);
  expect(await page.getByTestId("indexer-unavailable").count()).toBe(0);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width + 1);
}

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  // The build (skipped when app/.next is newer than its sources) and the devnet start side by side.
  const [, started] = await Promise.all([ensureAppBuilt(), startDevnetProcess()]);
  devnet = started;
  info = devnet.info as NetworkInfo;
  if (info.indexerUrl) {
    indexerUrl = info.indexerUrl;
  } else {
    indexer = await startIndexer({
      rpcUrl: info.rpcUrl,
      deployment: { chainId: info.chainId, startBlock: info.startBlock ?? 0, contracts: info.contracts as never },
      port: await getFreePort(),
      directory: path.join(devnet.directory, "indexer"),
      ipfsGateways: [info.ipfs.gatewayUrl],
    });
    indexerUrl = indexer.url;
  }
  if (info.appUrl && !indexer) {
    appUrl = info.appUrl;
  } else {
    app = await startApp({ port: await getFreePort(), networkFile: devnet.networkFile, indexerUrl, logFile: path.join(devnet.directory, "app.log") });
    appUrl = app.url;
  }
  browser = await launchBrowser();
}, 480_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await indexer?.stop();
  await devnet?.stop();
}, 90_000);

describe("web app", () => {
  it("finds a Chromium: Debian's, or the one from @sparticuz/chromium", async () => {
    const chromium = await findChromium();
    expect(chromium.executablePath).toMatch(/chromium/);
    expect(browser.version()).toMatch(/^\d+\./);
  });

  it("launches the headless Chromium from @sparticuz/chromium, the fallback when Debian's is missing", async () => {
    const { default: sparticuz } = await import("@sparticuz/chromium");
    const fallback = await launchBrowser(await sparticuz.executablePath());
    try {
      const page = await fallback.newPage();
      await page.goto(`${appUrl}/api/network`);
      expect(await page.innerText("body")).toContain(`"chainId":${info.chainId}`);
    } finally {
      await fallback.close();
    }
  }, 60_000);

  it("serves the network config at run time, without dev keys", async () => {
    const response = await fetch(`${appUrl}/api/network`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).toMatchObject({ chainId: info.chainId, rpcUrl: info.rpcUrl, indexerUrl, ipfsGatewayUrl: info.ipfs.gatewayUrl, uploads: true });
    expect(JSON.stringify(config)).not.toMatch(/privateKey/);
  });

  it("submits a job from the Submit page and follows it to a finalized result verified in the browser", async () => {
    const { context, wallet } = await walletContext("requester");
    const page = await context.newPage();
    await page.goto(`${appUrl}/submit`);
    await connect(page);
    await waitForText(page.getByTestId("eligible-count"), /3 of 3/);
    await page.getByTestId("template").selectOption("matmul-256");
    await page.getByTestId("price").fill("1");
    await page.getByTestId("submit-job").click();
    const live = page.getByTestId("live-job");
    await live.waitFor({ timeout: 60_000 });
    jobId = (await live.locator("h2 a").innerText()).replace("#", "");
    expect(jobId).toMatch(/^\d+$/);
    const verdict = page.getByTestId("verdict");
    await verdict.waitFor({ timeout: 150_000 });
    expect(await live.getAttribute("data-status")).toBe("finalized");
    expect(await verdict.getAttribute("data-verified")).toBe("true");
    // The check ran Freivalds on the product, after every byte matched its CID and the signed root.
    const checks = await page.getByTestId("result-check").innerText();
    expect(checks).toMatch(/Spec matches its CID/);
    expect(checks).toMatch(/Outputs hash to the signed output root/);
    expect(checks).toMatch(/Freivalds/);
    expect(wallet.calls).toContain("eth_signTypedData_v4"); // paid with a permit
    await shoot(page, "submit-finalized");
    await context.close();
  }, 240_000);

  it("loads every page with data, on a desktop and a phone-width screen", async () => {
    expect(jobId).toBeDefined();
    const solar = info.providers.find((p) => p.name === "solar-home")!.address.toLowerCase();
    const pages: Array<{ name: string; path: string; ready: (page: Page) => Promise<unknown> }> = [
      {
        name: "network",
        path: "/",
        ready: async (page) => {
          await waitForText(page.getByTestId("stat-jobs"), /[1-9]\d* finalized/);
          // Jobs of milliseconds still add up to GPU time (from attested ms, not the market's whole seconds).
          expect(await waitForText(page.getByTestId("stat-gpu-time"), /GPU-(s|min|h)/)).not.toMatch(/\b0 GPU-h/);
        },
      },
      {
        name: "providers",
        path: "/providers",
        ready: async (page) => {
          await waitForText(page.getByTestId("providers-table"), /(?=[\s\S]*solar-home)(?=[\s\S]*lab-night)(?=[\s\S]*grid-dc)/);
          // Each devnet provider's node answers at the endpoint its metadata names, from the browser.
          await page.locator('[data-testid=node-health][data-state="online"]').nth(2).waitFor({ timeout: 20_000 });
          expect(await page.locator('[data-testid=node-health][data-state="online"]').count()).toBe(3);
        },
      },
      {
        name: "provider",
        path: `/providers/${solar}`,
        ready: async (page) => {
          await waitForText(page.getByTestId("provider-metadata"), /eu-south/);
          await waitForText(page.getByTestId("node-health"), /online/);
        },
      },
      { name: "jobs", path: "/jobs", ready: (page) => waitForText(page.getByTestId("jobs-table"), new RegExp(`#${jobId}`)) },
      { name: "job", path: `/jobs/${jobId}`, ready: (page) => waitForText(page.getByTestId("job-timeline"), /Finalized\s+\d/) },
      { name: "submit", path: "/submit", ready: (page) => waitForText(page.getByTestId("eligible-count"), /of 3/) },
      { name: "stake", path: "/stake", ready: (page) => page.getByText("Connect a wallet").first().waitFor() },
      { name: "rewards", path: "/rewards", ready: (page) => waitForText(page.getByTestId("epochs-table"), /HRTH/) },
    ];
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const entry of pages) {
        await page.goto(`${appUrl}${entry.path}`);
        await entry.ready(page);
        await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
        await expectHealthy(page, viewport.width);
        await shoot(page, viewport === PHONE ? `${entry.name}-phone` : entry.name);
      }
      await context.close();
    }
  }, 180_000);

  it("checks a job's result in the browser from its Job page", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${appUrl}/jobs/${jobId}`);
    await page.getByTestId("check-result").click();
    const verdict = page.getByTestId("verdict");
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.getAttribute("data-verified")).toBe("true");
    expect(await page.getByTestId("attestation").innerText()).toMatch(/GPU time[\s\S]*Energy[\s\S]*Carbon[\s\S]*Device/);
    await shoot(page, "job-checked");
    await context.close();
  }, 90_000);

  it("registers, stakes and unstakes on the Stake page, after switching the wallet to the devnet", async () => {
    const { context, wallet } = await walletContext("holder", { startChainId: 1 });
    const page = await context.newPage();
    await page.goto(`${appUrl}/stake`);
    await connect(page);
    // The wallet starts on another chain: the app offers to switch, and the wallet adds the devnet first.
    await page.getByTestId("wrong-network").waitFor();
    await page.getByTestId("wrong-network").getByRole("button").click();
    await page.getByTestId("wrong-network").waitFor({ state: "detached", timeout: 15_000 });
    expect(wallet.calls).toEqual(expect.arrayContaining(["wallet_switchEthereumChain", "wallet_addEthereumChain"]));
    expect(wallet.chainId).toBe(info.chainId);

    await page.getByTestId("provider-name").fill("browser-rig");
    await page.getByTestId("provider-region").fill("eu-north");
    await page.getByTestId("provider-gpu").fill("NVIDIA GeForce RTX 4070");
    await page.getByTestId("provider-energy").selectOption("wind");
    await page.getByTestId("provider-carbon").fill("12");
    await page.getByTestId("register-submit").click();
    await waitForText(page.getByTestId("register-result"), /Registered \(baf/, 60_000);

    await page.getByTestId("stake-amount").fill("250");
    await page.getByTestId("stake-submit").click();
    await waitForText(page.getByTestId("stake-result"), /Staked 250 HRTH/, 60_000);
    await waitForText(page.getByTestId("stake-bonded"), /250 HRTH/);
    await waitForText(page.getByTestId("stake-status"), /active provider/);

    await page.getByTestId("unstake-amount").fill("100");
    await page.getByTestId("unstake-submit").click();
    await waitForText(page.getByTestId("unstake-result"), /Unbonding 100 HRTH/, 60_000);
    const unbonding = await waitForText(page.getByTestId("unbonding-date"), /100 HRTH unbonding until .*\d{4}/);
    expect(unbonding).toMatch(/in \d+ min/);
    await waitForText(page.getByTestId("stake-bonded"), /150 HRTH/);
    expect(await page.getByTestId("withdraw-stake").isDisabled()).toBe(true); // unbonding is not over
    await shoot(page, "stake-unbonding");

    // A call the contract would refuse is simulated first and explained with the decoded custom error.
    await page.getByTestId("unstake-amount").fill("1000");
    await page.getByTestId("unstake-submit").click();
    const refused = await waitForText(page.getByTestId("action-error"), /free stake/);
    expect(refused).toMatch(/Not enough free stake: 150 HRTH free, 1,000 HRTH needed\./);
    expect(refused).toMatch(/Stake more, or wait for jobs holding collateral to finish/);

    // The indexer sees the new provider too.
    await page.goto(`${appUrl}/providers`);
    await waitForText(page.getByTestId("providers-table"), /browser-rig/);
    await context.close();
  }, 150_000);

  it("explains a signature rejected in the wallet, and a balance too low, and nothing is spent", async () => {
    const { context, wallet } = await walletContext("requester2");
    const page = await context.newPage();
    await page.goto(`${appUrl}/submit`);
    await connect(page);
    wallet.reject = true;
    await page.getByTestId("price").fill("1");
    await page.getByTestId("submit-job").click();
    const error = await waitForText(page.getByTestId("action-error"), /rejected/i);
    expect(error).toMatch(/The signature request was rejected in the wallet/);
    expect(error).toMatch(/Nothing was signed, sent or spent/);
    expect(await page.getByTestId("live-job").count()).toBe(0);
    expect(wallet.calls).not.toContain("eth_sendTransaction");
    await shoot(page, "submit-rejected");

    // More than the account holds: said before anything is signed.
    wallet.reject = false;
    const signatures = wallet.calls.filter((call) => call === "eth_signTypedData_v4").length;
    await page.getByTestId("price").fill("1000000");
    await page.getByTestId("submit-job").click();
    const poor = await waitForText(page.getByTestId("action-error"), /Insufficient balance/);
    expect(poor).toMatch(/the job pays 1,000,000 HRTH, but this account holds 5,000 HRTH/);
    expect(wallet.calls.filter((call) => call === "eth_signTypedData_v4")).toHaveLength(signatures);
    await context.close();
  }, 60_000);

  it("pays in the stablecoin with an approval transaction instead of a permit", async () => {
    const { context, wallet } = await walletContext("requester2");
    const page = await context.newPage();
    await page.goto(`${appUrl}/submit`);
    await connect(page);
    await page.getByTestId("token").selectOption("USD");
    await page.getByTestId("price").fill("0.1");
    await page.getByTestId("max-carbon").fill("100");
    await waitForText(page.getByTestId("eligible-providers"), /grid-dc[\s\S]*?carbon intensity 420 > 100/); // over the cap
    await page.getByTestId("pay-approve").check();
    await page.getByTestId("submit-job").click();
    const live = page.getByTestId("live-job");
    await live.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=live-job] li.done[data-stage="claimed"]').waitFor({ timeout: 60_000 });
    expect(await live.innerText()).toMatch(/solar-home|lab-night/);
    expect(wallet.calls.filter((call) => call === "eth_sendTransaction")).toHaveLength(2); // approve, then create
    expect(wallet.calls).not.toContain("eth_signTypedData_v4");
    await shoot(page, "submit-stablecoin");
    await context.close();
  }, 120_000);

  it("refuses uploaded WGSL that does not build, then submits WGSL and an input file, which a provider runs as written", async () => {
    const { context, wallet } = await walletContext("challenger");
    const page = await context.newPage();
    await page.goto(`${appUrl}/submit`);
    await connect(page);
    await page.getByTestId("mode-custom").click();
    const shader = [
      "@group(0) @binding(0) var<storage, read> values: array<u32>;",
      "@group(0) @binding(1) var<storage, read_write> output: array<u32>;",
      "@compute @workgroup_size(64)",
      "fn main(@builtin(global_invocation_id) id: vec3u) {",
      "  if (id.x < 256u) { output[id.x] = values[id.x] * 2u + 1u; }",
      "}",
    ].join("\n");
    const values = new Uint32Array(256).map((_, i) => i * 7);

    // A shader that does not build is caught as it is typed (compiled on the app's server, as providers do) and
    // stops the submission before anything is stored, signed or paid.
    await page.getByLabel("or source").fill(shader.replace("values[id.x] * 2u", "values[id.x] * 2.5"));
    await page.locator('[data-testid=shader-check][data-state="error"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("shader-check").innerText()).toMatch(/line 5:\d+: no matching overload for .operator \* \(u32, abstract-float\)/);
    await page.getByTestId("price").fill("1");
    await page.getByTestId("submit-job").click();
    await page.getByTestId("action-error").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("action-error").innerText()).toMatch(/does not build[\s\S]*line 5:/);
    expect(wallet.calls.filter((call) => call === "eth_sendTransaction" || call === "eth_signTypedData_v4")).toEqual([]);
    await shoot(page, "submit-wgsl-does-not-build");

    await page.getByTestId("wgsl-file").setInputFiles({ name: "double.wgsl", mimeType: "text/plain", buffer: Buffer.from(shader) });
    await page.locator('[data-testid=shader-check][data-state="ok"]').waitFor({ timeout: 30_000 });
    await page.getByTestId("input-files").setInputFiles({ name: "values.bin", mimeType: "application/octet-stream", buffer: Buffer.from(values.buffer) });
    await page.getByLabel("Workgroups (x,y,z)").fill("4,1,1");
    await page.getByLabel("Output size (bytes, bound after the inputs)").fill("1024");
    await page.getByTestId("price").fill("1");
    await page.getByTestId("submit-job").click();
    const live = page.getByTestId("live-job");
    await live.waitFor({ timeout: 60_000 });
    const id = (await live.locator("h2 a").innerText()).replace("#", "");
    await page.locator('[data-testid=live-job] li.done[data-stage="attested"]').waitFor({ timeout: 90_000 });

    // The Job page checks it in the browser: every CID and the signed root (the exact check needs a GPU re-run).
    await page.goto(`${appUrl}/jobs/${id}`);
    await page.getByTestId("check-result").click();
    await page.getByTestId("verdict").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("verdict").getAttribute("data-verified")).toBe("true");
    expect(await page.getByTestId("result-check").innerText()).toMatch(/Exact check against a re-execution/);
    await shoot(page, "job-custom-wgsl");

    // And the provider ran the uploaded shader on the uploaded input.
    const job = (await (await fetch(`${indexerUrl}/v1/jobs/${id}`)).json()) as { submitted: { resultCid: string } };
    const manifest = (await (await fetch(`${info.ipfs.gatewayUrl}/ipfs/${job.submitted.resultCid}`)).json()) as { outputs: Array<{ cid: string }> };
    const output = new Uint32Array(await (await fetch(`${info.ipfs.gatewayUrl}/ipfs/${manifest.outputs[0]!.cid}`)).arrayBuffer());
    expect([...output]).toEqual([...values].map((v) => v * 2 + 1));
    await context.close();
  }, 180_000);

  it("cancels an open job from its Job page, and expires an overdue one whose refund is then withdrawn there", async () => {
    const requester = account("requester2");
    const nobody = account("challenger").address; // not a provider: nobody claims these jobs
    const reader = createHearthContext({ rpcUrl: info.rpcUrl, deployment: { chainId: info.chainId, contracts: info.contracts } as never });
    const hrthBalance = () => reader.publicClient.readContract({ address: info.contracts.token as Address, abi: erc20Abi, functionName: "balanceOf", args: [requester.address as Address] });
    const submit = async (pay: string, deadline: string) => {
      const run = await runHearth(["job", "submit", path.join(repoRoot, "examples", "prefix-sum.json"), "--json", "--pay", pay, "--deadline", deadline, "--provider", nobody, "--account", "requester2", "--network", devnet.networkFile]);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { jobId: string }).jobId;
    };
    const before = await hrthBalance();
    const toCancel = await submit("2", "600");
    const toExpire = await submit("3", "30");
    expect(await hrthBalance()).toBe(before - 5n * 10n ** 18n);

    const { context } = await walletContext("requester2");
    const page = await context.newPage();
    await page.goto(`${appUrl}/jobs/${toCancel}`);
    await connect(page);
    await waitForText(page.getByTestId("job-actions"), /cancel it and 2 HRTH returns to your wallet/);
    await page.getByTestId("job-cancel").click();
    await waitForText(page.getByTestId("job-action-result"), /Cancelled: the payment is back in your wallet/, 60_000);
    expect(await hrthBalance()).toBe(before - 3n * 10n ** 18n);
    await waitForText(page.locator("h1"), /cancelled/i, 30_000);

    // Past its deadline, anyone may expire the other job; the refund then waits in the market for the requester.
    await rpc("evm_increaseTime", [60]);
    await rpc("evm_mine");
    const other = await walletContext("holder");
    const otherPage = await other.context.newPage();
    await otherPage.goto(`${appUrl}/jobs/${toExpire}`);
    await connect(otherPage);
    await waitForText(otherPage.getByTestId("job-actions"), /has passed unclaimed: expiring it refunds the requester/);
    expect(await otherPage.getByTestId("job-cancel").count()).toBe(0); // only the requester cancels
    await otherPage.getByTestId("job-expire").click();
    await waitForText(otherPage.getByTestId("job-action-result"), /Expired/, 60_000);
    await other.context.close();

    await page.goto(`${appUrl}/jobs/${toExpire}`);
    await waitForText(page.getByTestId("job-withdraw"), /Withdraw 3 HRTH/);
    await waitForText(page.locator("h1"), /expired/i, 30_000);
    await shoot(page, "job-actions-withdraw");
    await page.getByTestId("job-withdraw").click();
    await waitForText(page.getByTestId("job-withdraw-result"), /Withdrew 3 HRTH to your wallet/, 60_000);
    expect(await hrthBalance()).toBe(before);
    await context.close();
  }, 180_000);

  it("earns rewards as a provider run from the Stake page's account, claims them and withdraws unbonded stake", async () => {
    // browser-rig (the `holder` account, registered and staked on the Stake page above) runs a provider node that
    // leaves its rewards for the owner to claim in the app.
    const holder = account("holder");
    const deployment = { chainId: info.chainId, startBlock: info.startBlock ?? 0, contracts: info.contracts as never };
    const node = providerProcess({
      directory: path.join(devnet.directory, "browser-rig"),
      rpcUrl: info.rpcUrl,
      deployment,
      privateKey: holder.privateKey,
      apiPort: await getFreePort(),
      ipfsPort: 0,
      peers: info.ipfs.multiaddrs,
      extra: {
        ipfs: { host: "127.0.0.1", port: 0, peers: info.ipfs.multiaddrs, pinningUrl: info.ipfs.pinningUrl },
        chain: { pollIntervalMs: 200 },
        claimRewards: false,
      },
    });
    const reader = createHearthContext({ rpcUrl: info.rpcUrl, deployment });
    const hrthBalance = () =>
      reader.publicClient.readContract({ address: info.contracts.token as Address, abi: erc20Abi, functionName: "balanceOf", args: [holder.address] });
    try {
      await node.start();

      // A requester sends a job to browser-rig by name from the Submit page's provider list.
      const requester = await walletContext("requester");
      const submit = await requester.context.newPage();
      await submit.goto(`${appUrl}/submit`);
      await connect(submit);
      const target = submit.getByTestId("target-provider");
      await waitForText(target, /browser-rig/);
      const option = await target.locator("option", { hasText: "browser-rig" }).getAttribute("value");
      expect(option?.toLowerCase()).toBe(holder.address.toLowerCase());
      await target.selectOption(option!);
      await submit.getByTestId("template").selectOption("matmul-256");
      await submit.getByTestId("price").fill("1");
      await submit.getByTestId("submit-job").click();
      const live = submit.getByTestId("live-job");
      await live.waitFor({ timeout: 60_000 });
      await submit.getByTestId("verdict").waitFor({ timeout: 150_000 });
      expect(await live.getAttribute("data-status")).toBe("finalized");
      // Claimed by browser-rig's node: the timeline names it (from its metadata, through the indexer) and links to it.
      const claimedBy = live.locator('li[data-stage="claimed"] a');
      expect(await claimedBy.getAttribute("href")).toBe(`/providers/${holder.address.toLowerCase()}`);
      await waitForText(claimedBy, /browser-rig/);
      await requester.context.close();

      // End the epoch and the unbonding period: the chain's clock jumps past both (1,200 s unbonding, 60 s epochs).
      await rpc("evm_increaseTime", [1_300]);
      await rpc("evm_mine");

      const { context } = await walletContext("holder");
      const page = await context.newPage();
      await page.goto(`${appUrl}/stake`);
      await connect(page);
      await waitForText(page.getByTestId("claim-rewards"), /Epoch \d+: [\d.,]+ HRTH/);
      const claimable = await getClaimableRewards(reader, holder.address);
      expect(claimable.length).toBeGreaterThan(0);
      const owedReward = claimable.reduce((sum, entry) => sum + entry.amount, 0n);

      const beforeClaim = await hrthBalance();
      await page.getByTestId("claim-submit").click();
      const claimed = await waitForText(page.getByTestId("claim-result"), /Claimed .* HRTH for \d+ epoch\(s\)\./, 60_000);
      expect(claimed).toContain(`for ${claimable.length} epoch(s)`);
      expect((await hrthBalance()) - beforeClaim).toBe(owedReward);
      expect(await getClaimableRewards(reader, holder.address)).toEqual([]);
      await waitForText(page.getByTestId("claim-rewards"), /No rewards to claim/);

      // The 100 HRTH unbonding since the Stake test can be withdrawn now.
      await waitForText(page.getByTestId("unbonding-date"), /100 HRTH unbonding until/);
      expect(await page.getByTestId("unbonding-date").innerText()).not.toMatch(/\(in /);
      const beforeWithdraw = await hrthBalance();
      await page.getByTestId("withdraw-stake").click();
      await waitForText(page.getByTestId("withdraw-result"), /Withdrawn to your wallet/, 60_000);
      expect((await hrthBalance()) - beforeWithdraw).toBe(100n * 10n ** 18n);
      await page.getByTestId("unbonding-date").waitFor({ state: "detached", timeout: 15_000 });
      await waitForText(page.getByTestId("stake-bonded"), /150 HRTH/);
      await shoot(page, "stake-claimed-withdrawn");
      await context.close();
    } finally {
      node.kill("SIGTERM");
      await node.exited();
    }
  }, 300_000);

  it("says so when the indexer is down, and wallet pages keep working", async () => {
    const { context } = await walletContext("holder");
    await context.route(`${indexerUrl}/**`, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    await page.getByTestId("indexer-banner").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("indexer-banner").innerText()).toMatch(/is not answering/);
    await page.getByTestId("indexer-unavailable").first().waitFor({ timeout: 20_000 });
    await shoot(page, "network-indexer-down");
    // The Stake page reads the chain itself: still usable.
    await page.goto(`${appUrl}/stake`);
    await connect(page);
    await waitForText(page.getByTestId("stake-bonded"), /150 HRTH/);
    await shoot(page, "stake-indexer-down");
    await context.close();
  }, 60_000);
});
