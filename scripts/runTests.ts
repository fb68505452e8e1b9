// `npm test`: every suite in turn, with their own output, then one closing line "N passed, M failed".
//   hardhat test    Solidity unit/fuzz/invariant tests and TypeScript contract tests (node:test)
//   vitest run      SDK, node, CLI and end-to-end tests
// Extra arguments are passed to vitest (e.g. `npm test -- test/e2e`).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
let broken = false;

const hardhat = await run(bin("hardhat"), ["test", "--no-compile"]);
const plain = hardhat.output.replace(/\x1b\[[0-9;]*m/g, "");
const hhPassed = [...plain.matchAll(/^\s*(\d+) passing/gm)].at(-1)?.[1];
const hhFailed = [...plain.matchAll(/^\s*(\d+) failing/gm)].at(-1)?.[1];
if (hhPassed === undefined) broken = true;
passed += Number(hhPassed ?? 0);
failed += Number(hhFailed ?? 0);
if (hardhat.code !== 0 && hhFailed === undefined) broken = true;

const resultsDir = path.join(root, ".test-results");
mkdirSync(resultsDir, { recursive: true });
const vitestJson = path.join(resultsDir, "vitest.json");
rmSync(vitestJson, { force: true });
const vitest = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`, ...process.argv.slice(2)]);
try {
  const report = JSON.parse(readFileSync(vitestJson, "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number; success: boolean };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (!report.success && report.numFailedTests === 0) broken = true;
} catch {
  broken = true;
}
if (vitest.code !== 0 && failed === 0) broken = true;

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || broken ? 1 : 0;
