import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

export type NamedOutput = { name: string; bytes: Uint8Array };

export type OutputStore = {
  /** Writes a job's outputs and syncs them to disk; when it returns they survive a crash or power loss. */
  write(jobId: bigint, outputs: readonly NamedOutput[]): Promise<void>;
  /** The outputs written for a job, in order; undefined when they are missing or incomplete. */
  read(jobId: bigint): Promise<NamedOutput[] | undefined>;
  remove(jobId: bigint): Promise<void>;
};

const MANIFEST = "outputs.json";

/**
 * Keeps each job's outputs on disk between the GPU run and their upload (`dataDir/results/<jobId>/`), so
 * a crash after `executed` loses no result: files are written and fsynced first, then a small index
 * naming them with their sizes, then the folder is synced. An index that is missing or does not match
 * the files means the write never finished.
 */
export function createOutputStore(parameters: { directory: string }): OutputStore {
  const folder = (jobId: bigint) => join(parameters.directory, jobId.toString());

  return {
    async write(jobId, outputs) {
      const dir = folder(jobId);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const index = outputs.map((output, position) => ({ name: output.name, file: `${position}.bin`, bytes: output.bytes.byteLength }));
      for (const [position, output] of outputs.entries()) await writeSynced(join(dir, `${position}.bin`), output.bytes);
      await writeSynced(join(dir, MANIFEST), new TextEncoder().encode(JSON.stringify(index)));
      await syncFolder(dir);
      await syncFolder(parameters.directory);
    },
    async read(jobId) {
      const dir = folder(jobId);
      let index: { name: string; file: string; bytes: number }[];
      try {
        index = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as typeof index;
      } catch {
        return undefined;
      }
      const outputs: NamedOutput[] = [];
      for (const entry of index) {
        const bytes = await readFile(join(dir, entry.file)).catch(() => undefined);
        if (!bytes || bytes.byteLength !== entry.bytes) return undefined;
        outputs.push({ name: entry.name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      }
      return outputs;
    },
    async remove(jobId) {
      await rm(folder(jobId), { recursive: true, force: true });
    },
  };
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "w", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch {
    // some file systems refuse fsync on folders; the files themselves are synced
  } finally {
    await handle.close();
  }
}
