import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";

/**
 * SwiftShader (the CPU Vulkan driver) and a Vulkan loader from the npm package `@sparticuz/chromium`, which ships
 * them as `bin/swiftshader.tar.br`: how WebGPU runs on a machine with neither a GPU nor Chromium installed (a
 * fresh Debian with only Node and npm). Unpacked once beside the package; returns the driver manifest's path,
 * or undefined when the package is not installed.
 */
export function bundledSwiftShaderIcd(): string | undefined {
  let packageDirectory: string;
  try {
    // The package exports only its entry (build/index.js), not package.json.
    packageDirectory = dirname(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")));
  } catch {
    return undefined;
  }
  const directory = join(packageDirectory, ".hearth-swiftshader");
  const icd = join(directory, "vk_swiftshader_icd.json");
  if (existsSync(icd)) return icd;
  const archive = join(packageDirectory, "bin", "swiftshader.tar.br");
  if (!existsSync(archive)) return undefined;
  // Unpack into a fresh folder and rename it into place, so a concurrent or interrupted unpack never leaves
  // a half-written driver behind.
  const staging = `${directory}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const entry of readTar(brotliDecompressSync(readFileSync(archive)))) {
    if (entry.name.includes("/") || entry.name.startsWith(".")) continue; // flat archive: nothing else expected
    writeFileSync(join(staging, entry.name), entry.data, { mode: entry.name.endsWith(".json") ? 0o644 : 0o755 });
  }
  try {
    renameSync(staging, directory);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process won the race
  }
  return existsSync(icd) ? icd : undefined;
}

/** The regular files of a ustar archive (a 512-byte header per file, then its data padded to 512 bytes). */
function* readTar(tar: Buffer): Generator<{ name: string; data: Buffer }> {
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const start = offset + 512;
    if (type === "0" || type === "") yield { name: name.replace(/^\.\//, ""), data: tar.subarray(start, start + size) };
    offset = start + Math.ceil(size / 512) * 512;
  }
}
