import { float32View } from "../data/float32View.ts";
import { verifyExact, type ExactMismatch } from "./verifyExact.ts";
import { findBytes, type NamedBytes } from "./namedBytes.ts";

export type VerifyToleranceParameters = {
  expected: readonly NamedBytes[];
  actual: readonly NamedBytes[];
  /** Allowed |actual - expected| relative to |expected|. */
  relative: number;
  /** Allowed |actual - expected| on top of the relative part. */
  absolute: number;
  /** Outputs compared as f32 with tolerance; the other expected outputs must match exactly. Default: all. */
  outputs?: readonly string[] | undefined;
};

export type ToleranceWorst = {
  name: string;
  index: number;
  expected: number;
  actual: number;
  /** |actual - expected| (Infinity when only one side is finite or NaN). */
  error: number;
  /** absolute + relative·|expected| at this element. */
  allowed: number;
};

export type VerifyToleranceReturnType = {
  ok: boolean;
  /** Elements outside the bound, over all compared outputs. */
  failures: number;
  compared: number;
  /** The element with the largest error/allowed ratio (the first failure's kind when non-finite). */
  worst: ToleranceWorst | undefined;
  /** Outputs that are missing, of another length, or (when compared exactly) different. */
  mismatches: ExactMismatch[];
};

/**
 * Element-wise float comparison: element i passes when
 * |actual - expected| <= absolute + relative·|expected|, like numpy's allclose. NaN matches NaN
 * and an infinity matches the same infinity; any other non-finite value fails. Different GPUs
 * round differently, and an honest provider must pass: pick bounds from the kernel's numerics.
 */
export function verifyTolerance(parameters: VerifyToleranceParameters): VerifyToleranceReturnType {
  const { expected, actual, relative, absolute } = parameters;
  const toleranceNames = parameters.outputs ?? expected.map((output) => output.name);
  const exactNames = expected.map((output) => output.name).filter((name) => !toleranceNames.includes(name));
  const mismatches = verifyExact({ expected, actual, outputs: exactNames }).mismatches;
  let failures = 0;
  let compared = 0;
  let worst: ToleranceWorst | undefined;
  let worstRatio = -1;
  for (const name of toleranceNames) {
    const want = findBytes(expected, name);
    const got = findBytes(actual, name);
    if (want === undefined || got === undefined) {
      mismatches.push({ name, reason: "missing" });
      continue;
    }
    if (want.byteLength !== got.byteLength || want.byteLength % 4 !== 0) {
      mismatches.push({ name, reason: "length", expectedBytes: want.byteLength, actualBytes: got.byteLength });
      continue;
    }
    const wantValues = float32View(want);
    const gotValues = float32View(got);
    for (let index = 0; index < wantValues.length; index++) {
      const e = wantValues[index]!;
      const a = gotValues[index]!;
      compared++;
      const finite = Number.isFinite(e) && Number.isFinite(a);
      // A non-finite value on either side must match exactly (an infinite `expected` would
      // otherwise allow anything).
      const allowed = finite ? absolute + relative * Math.abs(e) : 0;
      const error = finite ? Math.abs(a - e) : Object.is(e, a) || (Number.isNaN(e) && Number.isNaN(a)) ? 0 : Number.POSITIVE_INFINITY;
      const ratio = allowed > 0 ? error / allowed : error > 0 ? Number.POSITIVE_INFINITY : 0;
      if (error > allowed) failures++;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { name, index, expected: e, actual: a, error, allowed };
      }
    }
  }
  return { ok: failures === 0 && mismatches.length === 0, failures, compared, worst, mismatches };
}
