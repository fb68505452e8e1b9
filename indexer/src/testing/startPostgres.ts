import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./freePort.ts";

export type TestPostgres = { url: string; port: number; stop(): Promise<void> };

/** Finds Debian's PostgreSQL server binaries (initdb and pg_ctl are not on PATH there). */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  const found = candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
  if (!found) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. " +
        "The indexer's Postgres suite needs them: install Debian's `postgresql` package (apt-get install postgresql; .ci/run does).",
    );
  }
  return found;
}

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl in a temporary folder, trust auth,
 * a free port). As root, the server runs as the `postgres` user, which Postgres requires.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const root = process.getuid?.() === 0;
  const directory = mkdtempSync(path.join(tmpdir(), "hearth-indexer-pg-"));
  const data = path.join(directory, "data");
  const owner = root ? "postgres" : userInfo().username;
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(directory, uid, gid);
  }
  const run = (command: string, args: string[]) => {
    const full = path.join(bin, command);
    const result = root
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
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
