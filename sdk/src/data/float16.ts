/**
 * IEEE 754 binary16 conversions, written out so every party (browser, node, verifier) rounds
 * the same way without relying on Math.f16round or Float16Array being present.
 */

const float64 = new Float64Array(1);
const float64Words = new Uint32Array(float64.buffer);
/** Index of the word holding a binary64's sign, exponent and top 20 mantissa bits. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Rounds a number to the nearest binary16 (ties to even) and returns its 16 bits. Normal results are rounded on
 * the binary64 bits directly (the seeded f16 inputs of big jobs call this for every element); subnormal ones
 * arithmetically.
 */
export function toFloat16Bits(value: number): number {
  float64[0] = value;
  const high = float64Words[HIGH]!;
  const low = float64Words[1 - HIGH]!;
  const sign = (high >>> 16) & 0x8000;
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  if (exponent === 1024) return (high & 0xfffff) !== 0 || low !== 0 ? 0x7e00 : sign | 0x7c00; // NaN, infinity
  if (exponent > 15) return sign | 0x7c00;
  if (exponent < -14) return sign | roundHalfEven(Math.abs(value) * 2 ** 24); // subnormal or zero
  // The top 10 of the 52 mantissa bits, then round to nearest, ties to even, on the 42 bits below them. A carry
  // out of the mantissa moves into the exponent, up to 0x7c00 (infinity) past 65504.
  const mantissa = (high >>> 10) & 0x3ff;
  const half = (high >>> 9) & 1;
  const rest = (high & 0x1ff) !== 0 || low !== 0;
  const roundUp = half === 1 && (rest || (mantissa & 1) === 1) ? 1 : 0;
  return sign | (((exponent + 15) << 10) + mantissa + roundUp);
}

/** The value of 16 binary16 bits. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Decodes little-endian binary16 bytes into a Float32Array (every binary16 value is exact in binary32). */
export function decodeFloat16(bytes: Uint8Array): Float32Array {
  const count = bytes.byteLength >> 1;
  const result = new Float32Array(count);
  const table = float16Table();
  for (let index = 0; index < count; index++) result[index] = table[bytes[2 * index]! | (bytes[2 * index + 1]! << 8)]!;
  return result;
}

let table: Float64Array | undefined;
function float16Table(): Float64Array {
  if (table) return table;
  table = new Float64Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = fromFloat16Bits(bits);
  return table;
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
