/**
 * IEEE 754 binary16 conversions, written out so every party (browser, node, verifier) rounds
 * the same way without relying on Math.f16round or Float16Array being present.
 */

/** Rounds a number to the nearest binary16 (ties to even) and returns its 16 bits. */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude >= 65520) return sign | 0x7c00; // 65520 rounds up past 65504 (the largest finite)
  if (magnitude < 2 ** -14) {
    // Subnormal (or rounds up to the smallest normal: 1024 << 0 is exactly 0x0400).
    return sign | roundHalfEven(magnitude * 2 ** 24);
  }
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent -= 1;
  else if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  let mantissa = roundHalfEven((magnitude / 2 ** exponent - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    exponent += 1;
  }
  if (exponent > 15) return sign | 0x7c00;
  return sign | ((exponent + 15) << 10) | mantissa;
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
