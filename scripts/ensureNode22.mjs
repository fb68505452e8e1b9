// npm skips Hardhat's native EDR package when npm itself runs on Node < 22 (its
// `engines` field). The project ships Node 22 as a dependency; when this install
// ran on an older Node, run the install once more on the bundled Node 22 so the
// platform packages land. Idempotent: on Node 22 it does nothing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

// npm puts node_modules/.bin first on PATH, so this script already runs on Node 22;
// the Node that ran npm itself is in the user agent ("npm/11.x node/v20.20.2 linux x64").
const npmNode = /node\/v(\d+)/.exec(process.env.npm_config_user_agent ?? "")?.[1];
if (npmNode === undefined || Number(npmNode) >= 22 || process.env.HEARTH_BOOTSTRAPPED) process.exit(0);

const root = process.cwd();
const bin = path.join(root, "node_modules", ".bin");
if (!existsSync(path.join(bin, "node"))) {
  console.error("hearth: the bundled Node 22 (npm package `node`) did not install; run `npm install` again.");
  process.exit(1);
}
console.error(`hearth: npm ran on Node ${npmNode}; reinstalling on the bundled Node 22 so native packages (Hardhat EDR) are present…`);
execFileSync("npm", ["install", "--no-audit", "--no-fund"], {
  stdio: "inherit",
  env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, HEARTH_BOOTSTRAPPED: "1" },
});
