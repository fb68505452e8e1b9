// The contracts' arithmetic, restated in bigint so that tests compare to the wei against an independent
// computation rather than against the contract's own view functions.

/** Basis points, as the contracts count them. */
export const BPS = 10_000n;
const WAD = 10n ** 18n;

/** `Math.mulDiv(a, b, c, Rounding.Ceil)` for non-negative values. */
export function mulDivUp(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b + c - 1n) / c;
}

/** `RewardsDistributor._rpow`: x^n for a WAD-scaled x, by squaring, rounding down at each step as it does. */
function rpow(x: bigint, n: bigint): bigint {
  let z = n % 2n !== 0n ? x : WAD;
  for (n /= 2n; n !== 0n; n /= 2n) {
    x = (x * x) / WAD;
    if (n % 2n !== 0n) z = (z * x) / WAD;
  }
  return z;
}

/** `RewardsDistributor.emissionForEpoch`: initialEmission * (decayBps / 1e4)^epoch. */
export function emissionFor(initialEmission: bigint, decayBps: bigint, epoch: bigint): bigint {
  return (initialEmission * rpow(decayBps * 10n ** 14n, epoch)) / WAD;
}

/** `JobMarket.hrthValue`: amount * hrthPerUnitWad / 1e18, rounded down. */
export function hrthValue(amount: bigint, hrthPerUnitWad: bigint): bigint {
  return (amount * hrthPerUnitWad) / WAD;
}
