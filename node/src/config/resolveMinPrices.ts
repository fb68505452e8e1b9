import type { HearthDeployment } from "@hearth/sdk/chain/HearthDeployment";
import { getAddress, type Address } from "viem";
import { ProviderConfigError } from "../errors/provider.ts";

/**
 * The configured minimum prices keyed by checksummed token address. `HRTH` is the deployment's token,
 * `USD` its stablecoin; a `USD` price on a deployment without one is a config error.
 */
export function resolveMinPrices(minPrice: Readonly<Record<string, string>>, deployment: HearthDeployment): Map<Address, bigint> {
  const prices = new Map<Address, bigint>();
  for (const [key, value] of Object.entries(minPrice)) {
    let token: Address;
    if (key === "HRTH") token = deployment.contracts.token;
    else if (key === "USD") {
      if (!deployment.contracts.stablecoin) {
        throw new ProviderConfigError("pricing.minPrice names USD, but this deployment has no stablecoin.", {
          issues: ["pricing.minPrice.USD: remove it, or use the stablecoin's address on this chain"],
        });
      }
      token = deployment.contracts.stablecoin;
    } else token = getAddress(key);
    if (prices.has(token)) {
      throw new ProviderConfigError(`pricing.minPrice names token ${token} twice (by symbol and by address).`, {
        issues: [`pricing.minPrice.${key}: keep one entry per token`],
      });
    }
    prices.set(token, BigInt(value));
  }
  return prices;
}
