import { describe, expect, test } from "vitest";
import { createMetricsRegistry } from "./createMetricsRegistry.ts";

describe("createMetricsRegistry", () => {
  test("renders counters and collected gauges in Prometheus text format", () => {
    const registry = createMetricsRegistry();
    const claims = registry.counter("hearth_claims_total", "Claims");
    claims.inc({ result: "won" });
    claims.inc({ result: "won" }, 2);
    claims.inc({ result: 'lo"st' });
    registry.gauge("hearth_jobs", "Jobs by step", () => [{ labels: { step: "seen" }, value: 4 }]);
    expect(registry.render()).toBe(
      [
        "# HELP hearth_claims_total Claims",
        "# TYPE hearth_claims_total counter",
        'hearth_claims_total{result="won"} 3',
        'hearth_claims_total{result="lo\\"st"} 1',
        "# HELP hearth_jobs Jobs by step",
        "# TYPE hearth_jobs gauge",
        'hearth_jobs{step="seen"} 4',
        "",
      ].join("\n"),
    );
    expect(claims.get({ result: "won" })).toBe(3);
    expect(() => claims.inc({}, -1)).toThrow(/only goes up/);
  });
});
