import { type Address, isAddress } from "viem";
import { BaseError } from "../errors/BaseError.ts";
import type { HearthDeployment } from "./HearthDeployment.ts";

export class HearthUnknownTokenError extends BaseError {
  override name = "HearthUnknownTokenError";
}

export type PaymentToken = "HRTH" | "USD" | Address;

/** Resolves `HRTH`, `USD` (the deployment's stablecoin) or an address to the token's address. */
export function resolvePaymentToken(deployment: HearthDeployment, token: PaymentToken): Address {
  if (token === "HRTH") return deployment.contracts.token;
  if (token === "USD") {
    if (!deployment.contracts.stablecoin) {
      throw new HearthUnknownTokenError("This deployment has no stablecoin.", { metaMessages: ["Pay with --token HRTH."] });
    }
    return deployment.contracts.stablecoin;
  }
  if (!isAddress(token)) {
    throw new HearthUnknownTokenError(`"${token}" is not a token: use HRTH, USD or a token address.`);
  }
  return token;
}
