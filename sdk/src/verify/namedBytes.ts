/** A buffer's bytes with its spec name: how outputs and inputs travel between the parts. */
export type NamedBytes = { readonly name: string; readonly bytes: Uint8Array };

export function findBytes(buffers: readonly NamedBytes[], name: string): Uint8Array | undefined {
  return buffers.find((buffer) => buffer.name === name)?.bytes;
}
