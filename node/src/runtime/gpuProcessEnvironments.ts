import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundledSwiftShaderIcd } from "./bundledSwiftShader.ts";

export type GpuAdapterPreference = "auto" | "hardware" | "swiftshader";

export type GpuProcessCandidate = {
  /** "system": the machine's Vulkan drivers; "swiftshader": Chromium's CPU Vulkan driver. */
  kind: "system" | "swiftshader";
  env: NodeJS.ProcessEnv;
  requireHardware: boolean;
};

const swiftShaderIcds = [
  "/usr/lib/chromium/vk_swiftshader_icd.json",
  "/usr/lib64/chromium/vk_swiftshader_icd.json",
  "/usr/lib/chromium-browser/vk_swiftshader_icd.json",
];

const systemLoaders = [
  "/usr/lib/x86_64-linux-gnu/libvulkan.so.1",
  "/usr/lib/aarch64-linux-gnu/libvulkan.so.1",
  "/lib/x86_64-linux-gnu/libvulkan.so.1",
  "/usr/lib64/libvulkan.so.1",
  "/usr/lib/libvulkan.so.1",
];

/** Driver manifests that the Vulkan loader does not search by default (NVIDIA's container layout). */
const extraDriverManifests = ["/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json"];

/**
 * The environments to try, in order, for the GPU process. Vulkan's loader reads its variables at
 * process start, so each attempt is a fresh process with its own environment:
 *
 * - "system" first (unless SwiftShader is asked for): the machine's drivers as configured. An
 *   explicit VK_ICD_FILENAMES or VK_DRIVER_FILES is respected and nothing else is tried.
 * - then SwiftShader, when Chromium's copy is installed: VK_ICD_FILENAMES points at it, its
 *   bundled libvulkan is put on LD_LIBRARY_PATH (Debian's chromium does not pull libvulkan1),
 *   and XDG_RUNTIME_DIR is set to a private writable folder if missing.
 *
 * Without Chromium, SwiftShader comes from the npm package `@sparticuz/chromium` (see bundledSwiftShader.ts).
 * HEARTH_SWIFTSHADER_ICD overrides where SwiftShader's manifest is looked for. Only variables
 * that drivers and the loader read are passed on (see driverEnvironment): the process that runs
 * requesters' shaders never holds the node's keys or RPC credentials.
 */
export function gpuProcessEnvironments(preference: GpuAdapterPreference, environment: NodeJS.ProcessEnv = process.env): GpuProcessCandidate[] {
  const base = driverEnvironment(environment);
  if (process.platform !== "linux") return preference === "swiftshader" ? [] : [{ kind: "system", env: { ...base }, requireHardware: preference === "hardware" }];
  const candidates: GpuProcessCandidate[] = [];
  const explicit = base.VK_ICD_FILENAMES !== undefined || base.VK_DRIVER_FILES !== undefined;
  const swiftShaderIcd =
    [base.HEARTH_SWIFTSHADER_ICD, ...swiftShaderIcds].find((path) => path !== undefined && existsSync(path)) ??
    (preference === "hardware" ? undefined : bundledSwiftShaderIcd());
  const bundledLoaderDirectory = swiftShaderIcd && existsSync(join(dirname(swiftShaderIcd), "libvulkan.so.1")) ? dirname(swiftShaderIcd) : undefined;
  const hasSystemLoader = systemLoaders.some((path) => existsSync(path));

  if (preference !== "swiftshader") {
    const env: NodeJS.ProcessEnv = { ...base };
    if (!explicit) {
      const extra = extraDriverManifests.filter((path) => existsSync(path));
      if (extra.length > 0) env.VK_ADD_DRIVER_FILES = [base.VK_ADD_DRIVER_FILES, ...extra].filter(Boolean).join(":");
    }
    // Without a system loader, Chromium's can still load whatever drivers the system registers.
    if (!hasSystemLoader && bundledLoaderDirectory) env.LD_LIBRARY_PATH = appendPath(base.LD_LIBRARY_PATH, bundledLoaderDirectory);
    ensureRuntimeDirectory(env);
    candidates.push({ kind: "system", env, requireHardware: preference === "hardware" });
    if (explicit || preference === "hardware") return candidates;
  }
  if (swiftShaderIcd) {
    const env: NodeJS.ProcessEnv = { ...base, VK_ICD_FILENAMES: swiftShaderIcd, VK_DRIVER_FILES: swiftShaderIcd };
    if (bundledLoaderDirectory) env.LD_LIBRARY_PATH = prependPath(base.LD_LIBRARY_PATH, bundledLoaderDirectory);
    ensureRuntimeDirectory(env);
    candidates.push({ kind: "swiftshader", env, requireHardware: false });
  }
  return candidates;
}

const passedNames = new Set([
  "PATH",
  "HOME",
  "LANG",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LD_LIBRARY_PATH",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "CUDA_VISIBLE_DEVICES",
  "HEARTH_SWIFTSHADER_ICD",
  "SYSTEMROOT",
  "WINDIR",
]);
const passedPrefixes = ["LC_", "XDG_", "VK_", "DAWN_", "MESA_", "NVIDIA_", "__GL", "__EGL", "DXC_"];

/** The variables GPU drivers, the Vulkan loader and Dawn read; everything else is dropped. */
export function driverEnvironment(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(environment))
    if (value !== undefined && (passedNames.has(name) || passedPrefixes.some((prefix) => name.startsWith(prefix)))) result[name] = value;
  return result;
}

function appendPath(list: string | undefined, entry: string): string {
  return list ? `${list}:${entry}` : entry;
}

function prependPath(list: string | undefined, entry: string): string {
  return list ? `${entry}:${list}` : entry;
}

function ensureRuntimeDirectory(env: NodeJS.ProcessEnv): void {
  if (env.XDG_RUNTIME_DIR && isWritable(env.XDG_RUNTIME_DIR)) return;
  const directory = join(tmpdir(), `hearth-xdg-${process.getuid?.() ?? "user"}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  env.XDG_RUNTIME_DIR = directory;
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
