import { parseUnits } from "viem";
import type { Provider } from "@/lib/indexer/indexerTypes";

export type EligibilityInput = {
  providers: readonly Provider[];
  /** Payment token symbol as providers price it in their metadata ("HRTH", "tUSD"). */
  symbol: string;
  decimals: number;
  /** The offered price in the token's base units. */
  price: bigint;
  /** The collateral a claim locks, in HRTH wei (`price` valued in HRTH × collateralBps). */
  collateral: bigint;
  /** gCO2/kWh; 0 = no cap. */
  maxCarbon: number;
  target?: string | undefined;
};

export type ProviderEligibility = {
  provider: Provider;
  eligible: boolean;
  /** The provider's declared minimum price for this token, in base units, when it declares one. */
  ask: bigint | undefined;
  reasons: string[];
};

/**
 * Which providers would take the job as offered: the contract's own rules (registered, staked, not jailed,
 * carbon intensity under the cap, free stake for the collateral) and the provider's declared price.
 */
export function eligibleProviders(input: EligibilityInput): ProviderEligibility[] {
  return input.providers
    .filter((provider) => !input.target || provider.address.toLowerCase() === input.target.toLowerCase())
    .map((provider) => {
      const reasons: string[] = [];
      if (!provider.registered) reasons.push("not registered");
      else if (provider.jailed) reasons.push("jailed after a slash");
      else if (!provider.active) reasons.push("stake below the minimum");
      if (input.maxCarbon > 0 && provider.carbonIntensity > input.maxCarbon) {
        reasons.push(`carbon intensity ${provider.carbonIntensity} > ${input.maxCarbon} gCO₂/kWh`);
      }
      if (BigInt(provider.stake.free) < input.collateral) reasons.push("not enough free stake for the collateral");
      const declared = provider.metadata?.price[input.symbol];
      let ask: bigint | undefined;
      try {
        ask = declared === undefined ? undefined : parseUnits(declared, input.decimals);
      } catch {
        ask = undefined;
      }
      if (ask !== undefined && input.price < ask) reasons.push(`asks at least ${declared} ${input.symbol}`);
      return { provider, eligible: reasons.length === 0, ask, reasons };
    })
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || (a.ask !== undefined && b.ask !== undefined ? (a.ask < b.ask ? -1 : a.ask > b.ask ? 1 : 0) : 0));
}
