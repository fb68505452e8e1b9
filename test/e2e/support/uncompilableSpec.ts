/**
 * A `wgsl` job spec whose shader does not compile: `let x: u32 = ;` (the compiler says "missing initializer for
 * 'let' declaration" at line 1, column 54). The CLI refuses it before paying; a provider declines it unclaimed.
 */
export const uncompilableSpec = {
  version: 1,
  runtime: "wgsl",
  shader: { source: "@compute @workgroup_size(1) fn main() { let x: u32 = ; }" },
  buffers: [{ name: "out", binding: 0, kind: "output", bytes: 4 }],
  dispatches: [{ entryPoint: "main", workgroups: [1, 1, 1] }],
  limits: { maxBytes: 1024, maxWallMs: 10_000 },
  verification: { method: "exact" },
} as const;
