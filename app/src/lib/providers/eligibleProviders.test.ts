import { describe, expect, it } from "vitest";
import { parseUnits } from "viem";
import type { Provider } from "@/lib/indexer/indexerTypes";
import { eligibleProviders } from "./eligibleProviders";

const provider = (address: string, overrides: { carbon?: number; free?: string; active?: boolean; jailed?: boolean; price?: string } = {}) =>
  ({
    address,
    registered: true,
    active: overrides.active ?? true,
    jailed: overrides.jailed ?? false,
    carbonIntensity: overrides.carbon ?? 40,
    stake: { bonded: "0", locked: "0", free: overrides.free ?? parseUnits("100", 18).toString(), unbonding: "0", unbondingEnd: null },
    metadata: { price: overrides.price === undefined ? {} : { HRTH: overrides.price } },
  }) as unknown as Provider;

const offer = { symbol: "HRTH", decimals: 18, price: parseUnits("1", 18), collateral: parseUnits("1.1", 18), maxCarbon: 0 };

describe("eligibleProviders", () => {
  it("lists eligible providers first, cheapest ask first, with reasons for the others", () => {
    const result = eligibleProviders({
      ...offer,
      maxCarbon: 100,
      providers: [
        provider("0xa", { price: "0.8" }),
        provider("0xb", { price: "0.2" }),
        provider("0xc", { price: "2" }),
        provider("0xd", { carbon: 420, price: "0.1" }),
        provider("0xe", { free: parseUnits("1", 18).toString() }),
        provider("0xf", { jailed: true, active: false }),
      ],
    });
    expect(result.slice(0, 2).map((r) => [r.provider.address, r.eligible])).toEqual([
      ["0xb", true],
      ["0xa", true],
    ]);
    expect(result.slice(2).every((r) => !r.eligible)).toBe(true);
    const reasons = Object.fromEntries(result.map((r) => [r.provider.address, r.reasons.join("; ")]));
    expect(reasons["0xc"]).toBe("asks at least 2 HRTH");
    expect(reasons["0xd"]).toBe("carbon intensity 420 > 100 gCO₂/kWh");
    expect(reasons["0xe"]).toBe("not enough free stake for the collateral");
    expect(reasons["0xf"]).toMatch(/jailed/);
  });

  it("keeps only the named provider when the job targets one", () => {
    const result = eligibleProviders({ ...offer, target: "0xB", providers: [provider("0xa"), provider("0xb")] });
    expect(result.map((r) => r.provider.address)).toEqual(["0xb"]);
  });
});
