import { decodeFloat16 } from "../data/float16.ts";
import { float32View } from "../data/float32View.ts";
import { DEFAULT_FREIVALDS_ROUNDS } from "../spec/jobSpec.ts";

export type VerifyFreivaldsParameters = {
  /** A, m×k, row-major, little-endian `dtype`. */
  a: Uint8Array;
  /** B, k×n, row-major, little-endian `dtype`. */
  b: Uint8Array;
  /** C, m×n, row-major, little-endian f32: the claimed product. */
  c: Uint8Array;
  m: number;
  n: number;
  k: number;
  dtype?: "f32" | "f16" | undefined;
  rounds?: number | undefined;
  /**
   * Source of random 32-bit words for the test vectors. Default: crypto.getRandomValues.
   * Whoever produced C must not be able to predict it.
   */
  randomWord?: (() => number) | undefined;
};

export type VerifyFreivaldsReturnType = {
  ok: boolean;
  rounds: number;
  /**
   * Upper bound on the chance that a C with an element off by more than `detectableError`
   * passes all rounds: 2^-rounds (exact arithmetic gives the same bound for any C ≠ A·B).
   */
  falseAcceptBound: number;
  /** Smallest error in one element of C that each round catches with probability ≥ 1/2. */
  detectableError: number;
  /**
   * Passed, but some residual exceeds what honest rounding makes in practice (about
   * sqrt(k)·u per element, adding up like a random walk over columns; `statisticalTolerance`
   * allows 16 times that). Not proof of fraud — inputs with strongly correlated columns can
   * get there honestly — but reason to re-execute the job and compare element by element.
   */
  suspicious: boolean;
  /** The (round, row) whose residual came closest to, or furthest past, its tolerance. */
  worst: { round: number; row: number; residual: number; tolerance: number; statisticalTolerance: number };
};

const UNIT_ROUNDOFF_F32 = 2 ** -24;
const UNIT_ROUNDOFF_F64 = 2 ** -53;

/**
 * Freivalds' check that C = A·B in O(rounds·(mk + kn + mn)) instead of O(mnk).
 *
 * Each round draws r ∈ {0,1}^n and compares A·(B·r) with C·r, in f64. In exact arithmetic a
 * wrong C passes a round with probability at most 1/2, so all rounds with at most 2^-rounds.
 *
 * In floating point an honest C is not exactly A·B: each element is a k-term f32 sum, whose
 * error is at most γ·(|A|·|B|)_ij with γ = k·u/(1 - k·u), u = 2^-24, whatever the order of
 * summation or use of FMA (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). The
 * tolerance for row i is therefore γ·(|A|·(|B|·r))_i, plus the f64 rounding of the check itself
 * and slack for subnormals flushed to zero (which WGSL allows): an honest provider is never
 * rejected, on any GPU. The price is that an error hiding below that row-level bound cannot be
 * told from rounding: `detectableError` reports the size an error in one element must reach to
 * be caught with probability ≥ 1/2 per round (twice the largest row tolerance at r = 1).
 * That bound grows like n·k·u, so for large matrices small targeted edits hide under it; the
 * much tighter statistical check behind `suspicious` catches them, for a re-execution to
 * confirm. Only a failed rigorous check (`ok: false`) proves C wrong.
 */
export function verifyFreivalds(parameters: VerifyFreivaldsParameters): VerifyFreivaldsReturnType {
  const { m, n, k } = parameters;
  const dtype = parameters.dtype ?? "f32";
  const rounds = parameters.rounds ?? DEFAULT_FREIVALDS_ROUNDS;
  const elementBytes = dtype === "f16" ? 2 : 4;
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError("rounds must be a positive integer");
  for (const [name, bytes, expected] of [
    ["a", parameters.a, m * k * elementBytes],
    ["b", parameters.b, k * n * elementBytes],
    ["c", parameters.c, m * n * 4],
  ] as const)
    if (bytes.byteLength !== expected) throw new RangeError(`${name} has ${bytes.byteLength} bytes; ${expected} expected for m=${m} n=${n} k=${k}`);

  const a = dtype === "f16" ? decodeFloat16(parameters.a) : float32View(parameters.a);
  const b = dtype === "f16" ? decodeFloat16(parameters.b) : float32View(parameters.b);
  const c = float32View(parameters.c);
  const randomWord = parameters.randomWord ?? cryptoRandomWord();

  // Test vectors, one row of length n per round (0 or 1), plus an all-ones vector for the
  // detectability figure.
  const vectors = new Float64Array(rounds * n);
  for (let index = 0; index < vectors.length; index += 32) {
    const word = randomWord();
    for (let bit = 0; bit < 32 && index + bit < vectors.length; bit++) vectors[index + bit] = (word >>> bit) & 1;
  }

  // y = B·r and |B|·r for every round (k × rounds), one pass over B; likewise for |B|·1.
  const br = new Float64Array(k * rounds);
  const absBr = new Float64Array(k * rounds);
  const absBOnes = new Float64Array(k);
  const absBMax = new Float64Array(k);
  for (let l = 0; l < k; l++) {
    const row = l * n;
    let ones = 0;
    let largest = 0;
    for (let j = 0; j < n; j++) {
      const magnitude = Math.abs(b[row + j]!);
      ones += magnitude;
      if (magnitude > largest) largest = magnitude;
    }
    absBOnes[l] = ones;
    absBMax[l] = largest;
    for (let t = 0; t < rounds; t++) {
      const vector = t * n;
      let sum = 0;
      let absSum = 0;
      for (let j = 0; j < n; j++) {
        const value = b[row + j]! * vectors[vector + j]!;
        sum += value;
        absSum += Math.abs(value);
      }
      br[l * rounds + t] = sum;
      absBr[l * rounds + t] = absSum;
    }
  }

  const gamma32 = (k * UNIT_ROUNDOFF_F32) / (1 - k * UNIT_ROUNDOFF_F32);
  // f64 error of this check: each side is a sum of at most k + n products.
  const gamma64 = ((k + n + 2) * UNIT_ROUNDOFF_F64) / (1 - (k + n + 2) * UNIT_ROUNDOFF_F64);
  // A subnormal flushed to zero moves each product or partial sum by < 2^-126.
  const flushSlack = 2 * (k + 1) * 2 ** -126;

  const statisticalScale = 16 * UNIT_ROUNDOFF_F32 * Math.sqrt(k);

  let ok = true;
  let suspicious = false;
  let worst = { round: 0, row: 0, residual: 0, tolerance: 0, statisticalTolerance: 0 };
  let worstRatio = -1;
  let detectableError = 0;
  const abr = new Float64Array(rounds);
  const absAbsBr = new Float64Array(rounds);
  const cr = new Float64Array(rounds);
  const absCr = new Float64Array(rounds);
  for (let i = 0; i < m; i++) {
    abr.fill(0);
    absAbsBr.fill(0);
    cr.fill(0);
    absCr.fill(0);
    let rowMagnitude = 0;
    // Bounds max_j (|A|·|B|)_ij, for the statistical scale.
    let rowElementBound = 0;
    const aRow = i * k;
    for (let l = 0; l < k; l++) {
      const value = a[aRow + l]!;
      if (value === 0) continue;
      const magnitude = Math.abs(value);
      rowMagnitude += magnitude * absBOnes[l]!;
      rowElementBound += magnitude * absBMax[l]!;
      const offset = l * rounds;
      for (let t = 0; t < rounds; t++) {
        abr[t] = abr[t]! + value * br[offset + t]!;
        absAbsBr[t] = absAbsBr[t]! + magnitude * absBr[offset + t]!;
      }
    }
    const cRow = i * n;
    for (let t = 0; t < rounds; t++) {
      const vector = t * n;
      let sum = 0;
      let absSum = 0;
      for (let j = 0; j < n; j++) {
        const value = c[cRow + j]! * vectors[vector + j]!;
        sum += value;
        absSum += Math.abs(value);
      }
      cr[t] = sum;
      absCr[t] = absSum;
    }
    detectableError = Math.max(detectableError, 2 * ((gamma32 + gamma64) * rowMagnitude + flushSlack * n));
    for (let t = 0; t < rounds; t++) {
      const residual = Math.abs(abr[t]! - cr[t]!);
      const checkError = gamma64 * (absAbsBr[t]! + absCr[t]!) + flushSlack * n;
      const tolerance = gamma32 * absAbsBr[t]! + checkError;
      // Honest per-element errors ~ sqrt(k)·u·x_ij; over columns they add like a random walk:
      // sqrt(Σ_j r_j x_ij²) ≤ sqrt(max_j x_ij · Σ_j r_j x_ij).
      const statisticalTolerance = Math.min(tolerance, statisticalScale * Math.sqrt(rowElementBound * absAbsBr[t]!) + checkError);
      // NaN or infinite residuals fail: `residual <= tolerance` is false for NaN.
      const passed = residual <= tolerance;
      if (!passed) ok = false;
      else if (residual > statisticalTolerance) suspicious = true;
      const ratio = Number.isNaN(residual) ? Number.POSITIVE_INFINITY : tolerance > 0 ? residual / tolerance : residual > 0 ? Number.POSITIVE_INFINITY : 0;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { round: t, row: i, residual, tolerance, statisticalTolerance };
      }
    }
  }
  return { ok, rounds, falseAcceptBound: 2 ** -rounds, detectableError, suspicious: ok && suspicious, worst };
}

function cryptoRandomWord(): () => number {
  const pool = new Uint32Array(256);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      globalThis.crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++]!;
  };
}
