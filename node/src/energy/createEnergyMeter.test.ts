import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createEnergyMeter } from "./createEnergyMeter.ts";

const emptyRoot = () => mkdtempSync(join(tmpdir(), "hearth-rapl-"));

describe("createEnergyMeter", () => {
  test("estimates from declared power and busy time when nothing is readable", async () => {
    const meter = await createEnergyMeter({ declaredPowerWatts: 200, nvidiaSmiPath: null, raplRoot: emptyRoot() });
    expect(meter.method).toBe("estimated");
    expect(await meter.start().stop(1_500)).toEqual({ joules: 300, method: "estimated", estimated: true });
  });

  test("reads RAPL package counters, across a wrap, skipping sub-domains", async () => {
    const root = emptyRoot();
    const domain = (name: string, energy: number, max = 1_000_000_000) => {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, "energy_uj"), String(energy));
      writeFileSync(join(root, name, "max_energy_range_uj"), String(max));
    };
    domain("intel-rapl:0", 999_000_000);
    domain("intel-rapl:1", 5_000_000);
    domain("intel-rapl:0:0", 0); // cores of package 0: already in its package counter
    const meter = await createEnergyMeter({ declaredPowerWatts: 200, nvidiaSmiPath: null, raplRoot: root });
    expect(meter.method).toBe("rapl");
    const measurement = meter.start();
    writeFileSync(join(root, "intel-rapl:0", "energy_uj"), "2000000"); // wrapped: +3 J
    writeFileSync(join(root, "intel-rapl:1", "energy_uj"), "7500000"); // +2.5 J
    writeFileSync(join(root, "intel-rapl:0:0", "energy_uj"), "900000000");
    expect(await measurement.stop(10)).toEqual({ joules: 5.5, method: "rapl", estimated: false });
  });

  test("integrates nvidia-smi power samples over the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hearth-smi-"));
    const smi = join(dir, "nvidia-smi");
    // 100 W, sampled in a loop when --loop-ms is given, once otherwise
    writeFileSync(smi, `#!/bin/sh\ncase "$*" in *loop-ms*) while true; do echo 100.00; sleep 0.02; done;; *) echo 100.00;; esac\n`);
    chmodSync(smi, 0o755);
    const meter = await createEnergyMeter({ declaredPowerWatts: 5, nvidiaSmiPath: smi, raplRoot: emptyRoot(), sampleIntervalMs: 20 });
    expect(meter.method).toBe("nvidia-smi");
    const measurement = meter.start();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const reading = await measurement.stop(0);
    const seconds = (performance.now() - started) / 1000;
    expect(reading.method).toBe("nvidia-smi");
    expect(reading.estimated).toBe(false);
    expect(reading.joules).toBeGreaterThan(100 * seconds * 0.8);
    expect(reading.joules).toBeLessThan(100 * seconds * 1.1);
  });

  test("falls back when nvidia-smi exists but reads nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hearth-smi-"));
    const smi = join(dir, "nvidia-smi");
    writeFileSync(smi, "#!/bin/sh\necho 'No devices were found'\nexit 6\n");
    chmodSync(smi, 0o755);
    const meter = await createEnergyMeter({ declaredPowerWatts: 5, nvidiaSmiPath: smi, raplRoot: emptyRoot() });
    expect(meter.method).toBe("estimated");
  });
});
