import { execFile, spawn } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

export type EnergyMethod = "nvidia-smi" | "rapl" | "estimated";

export type EnergyReading = {
  joules: number;
  method: EnergyMethod;
  /** True when derived from declared power, not measured. */
  estimated: boolean;
};

/** One measurement in progress; `stop` ends it. */
export type EnergyMeasurement = {
  /** `busyMs` is the time the job kept the device busy, used by the estimate. */
  stop(busyMs: number): Promise<EnergyReading>;
};

export type EnergyMeter = {
  readonly method: EnergyMethod;
  start(): EnergyMeasurement;
};

export type CreateEnergyMeterParameters = {
  /** Watts the node draws while busy, from the config: the estimate when nothing can be measured. */
  declaredPowerWatts: number;
  /** nvidia-smi to use; default: found on PATH. `null` disables it. */
  nvidiaSmiPath?: string | null | undefined;
  /** GPU index for nvidia-smi (default 0). */
  gpuIndex?: number | undefined;
  /** Where RAPL lives (default /sys/class/powercap). */
  raplRoot?: string | undefined;
  /** nvidia-smi sampling interval, ms (default 100). */
  sampleIntervalMs?: number | undefined;
  logger?: { info(object: object, message?: string): void; warn(object: object, message?: string): void } | undefined;
  env?: NodeJS.ProcessEnv | undefined;
};

type RaplDomain = { energyFile: string; maxRange: number };

/**
 * Measures the energy a job uses, the best way this machine allows:
 * 1. nvidia-smi, when the binary exists and answers: board power sampled every `sampleIntervalMs` while
 *    the job runs, integrated over time (trapezoids);
 * 2. RAPL, when /sys/class/powercap's package counters are readable: the counters' difference (CPU
 *    packages; this is what a SwiftShader job draws);
 * 3. otherwise declared power × busy time, marked as an estimate.
 * Jobs that overlap share the device, so each is charged what the device drew while it ran.
 */
export async function createEnergyMeter(parameters: CreateEnergyMeterParameters): Promise<EnergyMeter> {
  const { declaredPowerWatts, logger } = parameters;
  const estimate = (busyMs: number): EnergyReading => ({ joules: (declaredPowerWatts * busyMs) / 1000, method: "estimated", estimated: true });

  const smi = parameters.nvidiaSmiPath === null ? undefined : (parameters.nvidiaSmiPath ?? findOnPath("nvidia-smi", parameters.env ?? process.env));
  if (smi !== undefined) {
    const gpuIndex = parameters.gpuIndex ?? 0;
    const watts = await readNvidiaPower(smi, gpuIndex).catch(() => undefined);
    if (watts !== undefined) {
      logger?.info({ method: "nvidia-smi", gpu_index: gpuIndex, power_watts: watts }, "energy measured with nvidia-smi");
      const interval = parameters.sampleIntervalMs ?? 100;
      return { method: "nvidia-smi", start: () => sampleNvidia(smi, gpuIndex, interval, estimate) };
    }
    logger?.warn({ path: smi }, "nvidia-smi found but gave no power reading; not using it");
  }

  const domains = raplDomains(parameters.raplRoot ?? "/sys/class/powercap");
  if (domains.length > 0) {
    logger?.info({ method: "rapl", domains: domains.length }, "energy measured with RAPL");
    return {
      method: "rapl",
      start() {
        const before = domains.map(readCounter);
        return {
          async stop() {
            let microjoules = 0;
            domains.forEach((domain, index) => {
              const delta = readCounter(domain) - before[index]!;
              // The counter wraps at max_energy_range_uj.
              microjoules += delta >= 0 ? delta : delta + domain.maxRange;
            });
            return { joules: microjoules / 1e6, method: "rapl", estimated: false };
          },
        };
      },
    };
  }

  logger?.info({ method: "estimated", declared_power_watts: declaredPowerWatts }, "no power meter readable; energy is estimated from declared power");
  return { method: "estimated", start: () => ({ stop: async (busyMs) => estimate(busyMs) }) };
}

function sampleNvidia(smi: string, gpuIndex: number, intervalMs: number, estimate: (busyMs: number) => EnergyReading): EnergyMeasurement {
  const startedAt = performance.now();
  const samples: { at: number; watts: number }[] = [];
  const child = spawn(smi, ["--query-gpu=power.draw", "--format=csv,noheader,nounits", `--id=${gpuIndex}`, `--loop-ms=${intervalMs}`], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  child.on("error", () => {});
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const watts = Number.parseFloat(line.trim());
      if (Number.isFinite(watts)) samples.push({ at: performance.now(), watts });
    }
  });
  return {
    async stop(busyMs) {
      const stoppedAt = performance.now();
      child.kill("SIGTERM");
      if (samples.length === 0) {
        // Shorter than the first sample: one reading over the whole run.
        const watts = await readNvidiaPower(smi, gpuIndex).catch(() => undefined);
        return watts === undefined ? estimate(busyMs) : { joules: (watts * (stoppedAt - startedAt)) / 1000, method: "nvidia-smi", estimated: false };
      }
      // Hold the first sample back to the start and the last forward to the stop, then trapezoids.
      const points = [{ at: startedAt, watts: samples[0]!.watts }, ...samples.filter((s) => s.at <= stoppedAt), { at: stoppedAt, watts: samples.at(-1)!.watts }];
      let joules = 0;
      for (let index = 1; index < points.length; index++) {
        const a = points[index - 1]!;
        const b = points[index]!;
        joules += ((a.watts + b.watts) / 2) * ((b.at - a.at) / 1000);
      }
      return { joules, method: "nvidia-smi", estimated: false };
    },
  };
}

async function readNvidiaPower(smi: string, gpuIndex: number): Promise<number> {
  const { stdout } = await promisify(execFile)(smi, ["--query-gpu=power.draw", "--format=csv,noheader,nounits", `--id=${gpuIndex}`], {
    timeout: 5_000,
  });
  const watts = Number.parseFloat(stdout.trim().split("\n")[0] ?? "");
  if (!Number.isFinite(watts)) throw new Error(`nvidia-smi gave no power reading: ${stdout.slice(0, 80)}`);
  return watts;
}

/** Top-level RAPL package domains (intel-rapl:N, amd as well) whose counters this process can read. */
function raplDomains(root: string): RaplDomain[] {
  if (!existsSync(root)) return [];
  const domains: RaplDomain[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  for (const entry of entries) {
    // Sub-domains (intel-rapl:0:0, cores, uncore, dram) are counted within their package: skip them.
    if (!/^[a-z-]+rapl:\d+$/.test(entry)) continue;
    const energyFile = join(root, entry, "energy_uj");
    try {
      accessSync(energyFile, constants.R_OK);
      const maxRange = Number(readFileSync(join(root, entry, "max_energy_range_uj"), "utf8").trim());
      const domain = { energyFile, maxRange: Number.isFinite(maxRange) && maxRange > 0 ? maxRange : 2 ** 32 };
      readCounter(domain);
      domains.push(domain);
    } catch {
      // unreadable (root-only since 2020 on most kernels): not usable
    }
  }
  return domains;
}

function readCounter(domain: RaplDomain): number {
  const value = Number(readFileSync(domain.energyFile, "utf8").trim());
  if (!Number.isFinite(value)) throw new Error(`unreadable RAPL counter ${domain.energyFile}`);
  return value;
}

function findOnPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const folder of (env.PATH ?? "").split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
