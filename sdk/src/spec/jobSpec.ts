import { CID } from "multiformats/cid";
import { z } from "zod";
import { InvalidJobSpecError, type JobSpecIssue } from "../errors/spec.ts";

/**
 * The one job-spec schema. A spec is JSON on IPFS; providers, verifiers and requesters all
 * parse it with `parseJobSpec`, so a spec one accepts is a spec all accept.
 *
 * Bounds are part of the format: a spec outside them is invalid everywhere, whatever GPU a
 * provider has. Whether a particular adapter can run a valid spec is a separate question the
 * node answers before claiming a job (its `canRun`).
 */
export const JOB_SPEC_VERSION = 1;

export const jobSpecBounds = {
  /** Largest single buffer (4 GiB): above any GPU's maxStorageBufferBindingSize today. */
  maxBufferBytes: 2 ** 32,
  /** Largest `limits.maxBytes` (64 GiB). */
  maxTotalBytes: 2 ** 36,
  maxBuffers: 64,
  maxDispatches: 1024,
  /** WGSL source given inline or by CID, as UTF-8 bytes. */
  maxShaderBytes: 1 << 20,
  /** Spec JSON text as read from IPFS (inline WGSL included). */
  maxSpecBytes: 2 << 20,
  maxWallMs: 3_600_000,
  maxUniformValues: 4096,
  /** WebGPU's guaranteed maxComputeWorkgroupsPerDimension. */
  maxWorkgroupsPerDimension: 65_535,
  maxBinding: 999,
  maxGroup: 3,
  maxMatmulDimension: 65_536,
  maxFreivaldsRounds: 64,
} as const;

export const DEFAULT_FREIVALDS_ROUNDS = 16;

/** Bytes of the uniform holding m, n, k in a compiled matmul (see templates/compileMatmul.ts). */
export const MATMUL_SHAPE_BYTES = 16;

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    error: "must be an identifier: a letter or _, then letters, digits or _ (64 characters at most)",
  });

const cidSchema = z.string().refine(
  (value) => {
    if (value.length > 256) return false;
    try {
      CID.parse(value);
      return true;
    } catch {
      return false;
    }
  },
  { error: "must be a CID string (CIDv1 such as bafk…, or CIDv0 Qm…)" },
);

const byteCount = z
  .int({ error: "must be a whole number of bytes" })
  .min(1, { error: "must be at least 1 byte" })
  .max(jobSpecBounds.maxBufferBytes, {
    error: `must be at most ${jobSpecBounds.maxBufferBytes} bytes (4 GiB): split the data over several buffers`,
  });

const bindingIndex = z.int().min(0).max(jobSpecBounds.maxBinding);
const groupIndex = z.int().min(0).max(jobSpecBounds.maxGroup).default(0);

/**
 * Seed for generated input data. `seed` is an unsigned 64-bit integer: a JSON number up to
 * 2^53-1, or a string of decimal digits or of 0x-prefixed hex digits for the full range.
 * See `data/seededInputs.ts` for the exact bytes produced.
 */
export const seedSourceSchema = z
  .strictObject({
    generator: z.enum(["uniform-f32", "uniform-f16", "uniform-u32"]),
    seed: z.union([
      z.int().min(0).max(Number.MAX_SAFE_INTEGER),
      z
        .string()
        .regex(/^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/, {
          error: "must be decimal digits or 0x-prefixed hex (an unsigned 64-bit integer)",
        })
        .refine((value) => BigInt(value) < 2n ** 64n, { error: "must be below 2^64" }),
    ]),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((source, context) => {
    const issue = (message: string, path: string[] = []) => context.addIssue({ code: "custom", message, path });
    const { min, max } = source;
    if (source.generator === "uniform-u32") {
      for (const [key, value] of [["min", min], ["max", max]] as const) {
        if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff))
          issue("must be an integer in 0..4294967295 for uniform-u32", [key]);
      }
      if (min !== undefined && max !== undefined && min > max) issue("min must not exceed max (the range is inclusive)");
      return;
    }
    const largest = source.generator === "uniform-f16" ? 65_504 : 3.4e38;
    for (const [key, value] of [["min", min], ["max", max]] as const) {
      if (value !== undefined && !(Math.abs(value) <= largest))
        issue(`must be a finite number within ±${largest} for ${source.generator}`, [key]);
    }
    if ((min ?? 0) >= (max ?? 1)) issue("min must be below max (the range is [min, max), default [0, 1))");
  });

const bufferBase = {
  name: identifier,
  binding: bindingIndex,
  group: groupIndex,
};

export const inputCidBufferSchema = z.strictObject({
  ...bufferBase,
  kind: z.literal("input"),
  bytes: byteCount,
  cid: cidSchema,
});

export const inputSeedBufferSchema = z.strictObject({
  ...bufferBase,
  kind: z.literal("input"),
  bytes: byteCount,
  seed: seedSourceSchema,
});

/** Written by the shader and returned (and committed to) in the result. */
export const outputBufferSchema = z.strictObject({
  ...bufferBase,
  kind: z.literal("output"),
  bytes: byteCount,
});

/** Zero-initialised working memory shared between dispatches; never returned. */
export const scratchBufferSchema = z.strictObject({
  ...bufferBase,
  kind: z.literal("scratch"),
  bytes: byteCount,
});

/** Small constants bound as a uniform buffer: 32-bit values of one type, little-endian. */
export const uniformBufferSchema = z
  .strictObject({
    ...bufferBase,
    kind: z.literal("uniform"),
    type: z.enum(["u32", "i32", "f32"]),
    data: z
      .array(z.number())
      .min(1)
      .max(jobSpecBounds.maxUniformValues, {
        error: `must hold at most ${jobSpecBounds.maxUniformValues} values: pass large data as an input buffer`,
      }),
  })
  .superRefine((buffer, context) => {
    const [low, high, integer] =
      buffer.type === "u32" ? [0, 0xffff_ffff, true] : buffer.type === "i32" ? [-(2 ** 31), 2 ** 31 - 1, true] : [-3.4e38, 3.4e38, false];
    buffer.data.forEach((value, index) => {
      if ((integer && !Number.isInteger(value)) || !(value >= low && value <= high))
        context.addIssue({
          code: "custom",
          path: ["data", index],
          message: `must be ${integer ? "an integer" : "a finite number"} in ${low}..${high} for type ${buffer.type}`,
        });
    });
  });

export const bufferSpecSchema = z.union([
  inputCidBufferSchema,
  inputSeedBufferSchema,
  outputBufferSchema,
  scratchBufferSchema,
  uniformBufferSchema,
]);

const workgroupCount = z
  .int()
  .min(1)
  .max(jobSpecBounds.maxWorkgroupsPerDimension, {
    error: `must be at most ${jobSpecBounds.maxWorkgroupsPerDimension}: make each workgroup cover more elements`,
  });

export const dispatchSpecSchema = z.strictObject({
  entryPoint: identifier,
  workgroups: z.tuple([workgroupCount, workgroupCount, workgroupCount]),
  /**
   * Buffers to bind, by name. Default: all storage and uniform buffers. Name them when an
   * entry point uses only some of the buffers (WebGPU rejects a bind group whose entries the
   * pipeline does not use).
   */
  bindings: z.array(identifier).min(1).max(jobSpecBounds.maxBuffers).optional(),
});

export const limitsSchema = z.strictObject({
  /** Upper bound on the GPU memory the job's buffers take, in bytes. */
  maxBytes: z.int().min(1).max(jobSpecBounds.maxTotalBytes),
  /** Wall-clock limit for running the job on the GPU (input download not included). */
  maxWallMs: z.int().min(1).max(jobSpecBounds.maxWallMs),
});

const freivaldsRounds = z.int().min(1).max(jobSpecBounds.maxFreivaldsRounds).default(DEFAULT_FREIVALDS_ROUNDS);
const matmulDimension = z.int().min(1).max(jobSpecBounds.maxMatmulDimension);

export const exactVerificationSchema = z.strictObject({ method: z.literal("exact") });

/**
 * Outputs read as little-endian f32; element i passes when
 * |actual - expected| <= absolute + relative * |expected| (NaN matches NaN, ±Infinity itself).
 */
export const toleranceVerificationSchema = z.strictObject({
  method: z.literal("tolerance"),
  relative: z.number().min(0).max(1),
  absolute: z.number().min(0).max(3.4e38),
  /** Outputs to compare with tolerance; others must match exactly. Default: all outputs. */
  outputs: z.array(identifier).min(1).max(jobSpecBounds.maxBuffers).optional(),
});

/**
 * C (m×n, f32) = A (m×k) · B (k×n), all row-major, checked in O(rounds·(mk + kn + mn))
 * without re-running the product. `dtype` is the element type of A and B (f16: IEEE binary16).
 */
export const freivaldsVerificationSchema = z.strictObject({
  method: z.literal("freivalds"),
  a: identifier,
  b: identifier,
  c: identifier,
  m: matmulDimension,
  n: matmulDimension,
  k: matmulDimension,
  dtype: z.enum(["f32", "f16"]).default("f32"),
  rounds: freivaldsRounds,
});

export const verificationSchema = z.discriminatedUnion("method", [
  exactVerificationSchema,
  toleranceVerificationSchema,
  freivaldsVerificationSchema,
]);

const shaderSchema = z.union([
  z.strictObject({
    source: z
      .string()
      .min(1)
      .refine((source) => utf8Length(source) <= jobSpecBounds.maxShaderBytes, {
        error: `must be at most ${jobSpecBounds.maxShaderBytes} bytes of UTF-8`,
      }),
  }),
  z.strictObject({ cid: cidSchema }),
]);

const specName = z.string().min(1).max(128).optional();

export const wgslJobSpecSchema = z
  .strictObject({
    version: z.literal(JOB_SPEC_VERSION),
    name: specName,
    runtime: z.literal("wgsl"),
    shader: shaderSchema,
    buffers: z
      .array(bufferSpecSchema)
      .min(1, { error: "needs at least one buffer" })
      .max(jobSpecBounds.maxBuffers, { error: `may hold at most ${jobSpecBounds.maxBuffers} buffers: pack data into fewer, larger ones` }),
    dispatches: z
      .array(dispatchSpecSchema)
      .min(1, { error: "needs at least one dispatch" })
      .max(jobSpecBounds.maxDispatches, { error: `may hold at most ${jobSpecBounds.maxDispatches} dispatches: split the job` }),
    limits: limitsSchema,
    verification: verificationSchema,
  })
  .superRefine((spec, context) => {
    const issue = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
    const byName = new Map<string, { index: number; buffer: (typeof spec.buffers)[number] }>();
    const slots = new Map<string, string>();
    let totalBytes = 0;
    spec.buffers.forEach((buffer, index) => {
      if (byName.has(buffer.name)) issue(["buffers", index, "name"], `duplicate buffer name "${buffer.name}": names must be unique`);
      else byName.set(buffer.name, { index, buffer });
      const slot = `${buffer.group}/${buffer.binding}`;
      const holder = slots.get(slot);
      if (holder !== undefined)
        issue(["buffers", index, "binding"], `group ${buffer.group} binding ${buffer.binding} is already used by "${holder}"`);
      else slots.set(slot, buffer.name);
      const bytes = bufferByteLength(buffer);
      totalBytes += bytes;
      if ("seed" in buffer) {
        const unit = buffer.seed.generator === "uniform-f16" ? 2 : 4;
        if (buffer.bytes % unit !== 0)
          issue(["buffers", index, "bytes"], `must be a multiple of ${unit} for generator ${buffer.seed.generator}`);
      }
    });
    if (!spec.buffers.some((buffer) => buffer.kind === "output"))
      issue(["buffers"], 'needs at least one buffer of kind "output": a job without outputs proves nothing');
    if (totalBytes > spec.limits.maxBytes)
      issue(
        ["limits", "maxBytes"],
        `is ${spec.limits.maxBytes} but the buffers take ${totalBytes} bytes: raise limits.maxBytes or shrink the buffers`,
      );
    spec.dispatches.forEach((dispatch, index) => {
      const seen = new Set<string>();
      dispatch.bindings?.forEach((name, position) => {
        if (!byName.has(name)) issue(["dispatches", index, "bindings", position], `names no buffer "${name}"`);
        if (seen.has(name)) issue(["dispatches", index, "bindings", position], `lists "${name}" twice`);
        seen.add(name);
      });
    });
    const verification = spec.verification;
    if (verification.method === "tolerance") {
      verification.outputs?.forEach((name, position) => {
        const found = byName.get(name)?.buffer;
        const path = ["verification", "outputs", position];
        if (found?.kind !== "output") issue(path, `names no output buffer "${name}"`);
        else if (found.bytes % 4 !== 0) issue(path, `output "${name}" is compared as f32, so its bytes must be a multiple of 4`);
      });
      if (verification.outputs === undefined)
        for (const { index, buffer } of byName.values())
          if (buffer.kind === "output" && buffer.bytes % 4 !== 0)
            issue(["buffers", index, "bytes"], "tolerance compares outputs as f32: bytes must be a multiple of 4");
    }
    if (verification.method === "freivalds") {
      const { m, n, k } = verification;
      const elementBytes = verification.dtype === "f16" ? 2 : 4;
      const expect = (key: "a" | "b" | "c", kind: "input" | "output", bytes: number, shape: string) => {
        const found = byName.get(verification[key])?.buffer;
        const path = ["verification", key];
        if (found === undefined || found.kind !== kind) issue(path, `must name an ${kind} buffer ("${verification[key]}" is not one)`);
        else if (found.bytes !== bytes)
          issue(path, `buffer "${found.name}" holds ${found.bytes} bytes but a ${shape} matrix needs ${bytes}`);
      };
      expect("a", "input", m * k * elementBytes, `${m}×${k} ${verification.dtype}`);
      expect("b", "input", k * n * elementBytes, `${k}×${n} ${verification.dtype}`);
      expect("c", "output", m * n * 4, `${m}×${n} f32`);
    }
  });

const matmulInputSchema = z.union([
  z.strictObject({ cid: cidSchema }),
  z.strictObject({ seed: seedSourceSchema }),
]);

/**
 * Template: C = A·B with a known-good tiled kernel (see `templates/compileMatmul.ts`).
 * A is m×k, B is k×n, C is m×n, row-major. Give `n` alone for square matrices.
 * dtype is the element type of A and B; C is always f32 (f16 products accumulate in f32).
 */
export const matmulJobSpecSchema = z
  .strictObject({
    version: z.literal(JOB_SPEC_VERSION),
    name: specName,
    runtime: z.literal("matmul"),
    m: matmulDimension.optional(),
    n: matmulDimension,
    k: matmulDimension.optional(),
    dtype: z.enum(["f32", "f16"]).default("f32"),
    inputs: z.strictObject({ a: matmulInputSchema, b: matmulInputSchema }),
    limits: limitsSchema,
    verification: z
      .strictObject({ method: z.literal("freivalds"), rounds: freivaldsRounds })
      .default({ method: "freivalds", rounds: DEFAULT_FREIVALDS_ROUNDS }),
  })
  .superRefine((spec, context) => {
    const { m, n, k } = matmulShape(spec);
    const elementBytes = spec.dtype === "f16" ? 2 : 4;
    const sizes = { a: m * k * elementBytes, b: k * n * elementBytes, c: m * n * 4 };
    for (const [name, bytes] of Object.entries(sizes))
      if (bytes > jobSpecBounds.maxBufferBytes)
        context.addIssue({
          code: "custom",
          path: [],
          message: `matrix ${name.toUpperCase()} would take ${bytes} bytes, over the ${jobSpecBounds.maxBufferBytes}-byte buffer bound: use smaller dimensions`,
        });
    // A, B, C and the 16-byte shape uniform of the compiled kernel.
    const total = sizes.a + sizes.b + sizes.c + MATMUL_SHAPE_BYTES;
    if (total > spec.limits.maxBytes)
      context.addIssue({
        code: "custom",
        path: ["limits", "maxBytes"],
        message: `is ${spec.limits.maxBytes} but A, B and C (and the 16-byte shape) take ${total} bytes: raise limits.maxBytes`,
      });
    for (const key of ["a", "b"] as const) {
      const input = spec.inputs[key];
      if ("seed" in input && input.seed.generator !== (spec.dtype === "f16" ? "uniform-f16" : "uniform-f32"))
        context.addIssue({
          code: "custom",
          path: ["inputs", key, "seed", "generator"],
          message: `must be ${spec.dtype === "f16" ? "uniform-f16" : "uniform-f32"} for dtype ${spec.dtype}`,
        });
    }
  });

export const jobSpecSchema = z.discriminatedUnion("runtime", [wgslJobSpecSchema, matmulJobSpecSchema]);

export type JobSpec = z.output<typeof jobSpecSchema>;
/** What a spec author writes (defaults such as `group: 0` may be left out). */
export type JobSpecInput = z.input<typeof jobSpecSchema>;
export type WgslJobSpec = z.output<typeof wgslJobSpecSchema>;
export type MatmulJobSpec = z.output<typeof matmulJobSpecSchema>;
export type BufferSpec = z.output<typeof bufferSpecSchema>;
export type InputBufferSpec = z.output<typeof inputCidBufferSchema> | z.output<typeof inputSeedBufferSchema>;
export type OutputBufferSpec = z.output<typeof outputBufferSchema>;
export type UniformBufferSpec = z.output<typeof uniformBufferSchema>;
export type DispatchSpec = z.output<typeof dispatchSpecSchema>;
export type SeedSource = z.output<typeof seedSourceSchema>;
export type Verification = z.output<typeof verificationSchema>;
export type FreivaldsVerification = z.output<typeof freivaldsVerificationSchema>;
export type ToleranceVerification = z.output<typeof toleranceVerificationSchema>;
export type JobLimits = z.output<typeof limitsSchema>;

/** Bytes a buffer occupies as declared (a uniform buffer: 4 bytes per value). */
export function bufferByteLength(buffer: BufferSpec): number {
  return buffer.kind === "uniform" ? buffer.data.length * 4 : buffer.bytes;
}

/** m, n, k of a matmul template (m and k default to n). */
export function matmulShape(spec: Pick<MatmulJobSpec, "m" | "n" | "k">): { m: number; n: number; k: number } {
  return { m: spec.m ?? spec.n, n: spec.n, k: spec.k ?? spec.n };
}

/**
 * Parses and validates a job spec given as JSON text, bytes, or an already-decoded value.
 * Throws `InvalidJobSpecError` naming the first offending path and what to change.
 */
export function parseJobSpec(json: string | Uint8Array | unknown): JobSpec {
  let value: unknown = json;
  if (typeof json === "string" || json instanceof Uint8Array) {
    const size = typeof json === "string" ? utf8Length(json) : json.byteLength;
    if (size > jobSpecBounds.maxSpecBytes)
      throw new InvalidJobSpecError([
        { path: [], message: `is ${size} bytes, over the ${jobSpecBounds.maxSpecBytes}-byte bound: move the WGSL source to IPFS (shader.cid)` },
      ]);
    const text = typeof json === "string" ? json : new TextDecoder("utf-8", { fatal: false }).decode(json);
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidJobSpecError([{ path: [], message: `is not valid JSON (${(error as Error).message})` }], { cause: error });
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidJobSpecError([{ path: [], message: "must be a JSON object" }]);
  const version = (value as { version?: unknown }).version;
  if (version !== JOB_SPEC_VERSION)
    throw new InvalidJobSpecError([
      {
        path: ["version"],
        message:
          typeof version === "number" && version > JOB_SPEC_VERSION
            ? `is ${version} but this SDK reads version ${JOB_SPEC_VERSION}: upgrade the SDK`
            : `must be ${JOB_SPEC_VERSION}`,
      },
    ]);
  const result = jobSpecSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidJobSpecError(result.error.issues.map((issue) => describeIssue(issue, [])));
}

type ZodIssueLike = {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: ZodIssueLike[][];
  keys?: string[];
  values?: unknown[];
  options?: unknown[];
};

/**
 * Turns a zod issue into one actionable message. For a union, the intended branch is the one
 * whose literal tags (kind, method, runtime) match; among those, the one with fewest issues.
 */
function describeIssue(issue: ZodIssueLike, prefix: PropertyKey[]): JobSpecIssue {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors?.length) {
    const isTagMismatch = (candidate: ZodIssueLike) =>
      candidate.code === "invalid_value" && candidate.path.length === 1 && ["kind", "method", "runtime"].includes(String(candidate.path[0]));
    const matching = issue.errors.filter((branch) => !branch.some(isTagMismatch));
    if (matching.length === 0) {
      const tags = issue.errors.flatMap((branch) => branch.filter(isTagMismatch));
      const key = String(tags[0]?.path[0] ?? "kind");
      const allowed = [...new Set(tags.flatMap((tag) => tag.values ?? []))].map((value) => JSON.stringify(value));
      return { path: [...path, key], message: `must be one of ${allowed.join(", ")}` };
    }
    if (matching.every((branch) => branch.every((candidate) => candidate.code === "unrecognized_keys"))) {
      const keys = [...new Set(matching.flatMap((branch) => branch.flatMap((candidate) => candidate.keys ?? [])))];
      return {
        path,
        message:
          matching.length > 1
            ? `takes only one of ${keys.map((key) => `"${key}"`).join(" or ")}: remove all but one`
            : `has unknown field${keys.length > 1 ? "s" : ""} ${keys.map((key) => `"${key}"`).join(", ")}: remove ${keys.length > 1 ? "them" : "it"}`,
      };
    }
    const best = matching.reduce((fewest, branch) => (branch.length < fewest.length ? branch : fewest));
    const missingAlternatives = matching.length > 1 && matching.every((branch) => branch.length === 1 && branch[0]?.code === "invalid_type");
    if (missingAlternatives) {
      const keys = matching.map((branch) => String(branch[0]?.path[0] ?? ""));
      return { path, message: `needs one of ${keys.map((key) => `"${key}"`).join(" or ")}` };
    }
    const first = best[0];
    if (first) return describeIssue(first, path);
  }
  if (issue.code === "unrecognized_keys" && issue.keys)
    return { path, message: `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}: remove or rename` };
  if (issue.code === "invalid_union" && issue.options) {
    // discriminatedUnion with an unknown tag
    return { path, message: `must be one of ${issue.options.map((option) => JSON.stringify(option)).join(", ")}` };
  }
  return { path, message: lowerFirst(issue.message.replace(/^Invalid input: /, "")) };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
