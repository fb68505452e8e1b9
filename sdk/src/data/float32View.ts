/**
 * Reads bytes as little-endian f32 values: a view when the bytes are aligned, a copy when not.
 * Hearth's formats are little-endian; so is every host WebGPU runs on today.
 */
export function float32View(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`${bytes.byteLength} bytes is not a whole number of f32 values`);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.slice().buffer);
}
