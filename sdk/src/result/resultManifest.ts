import { z } from "zod";
import { BaseError } from "../errors/BaseError.ts";

/**
 * The manifest a provider stores on IPFS for each result; its CID is the attested `resultCid`. Outputs are
 * listed by CID in spec order; `outputRoot` is `outputCommitment` over their bytes.
 */
export const resultManifestSchema = z.strictObject({
  version: z.literal(1),
  jobId: z.string().regex(/^[0-9]+$/),
  specCid: z.string().min(1).max(256),
  outputs: z
    .array(z.strictObject({ name: z.string().min(1).max(64), cid: z.string().min(1).max(256), bytes: z.int().min(0) }))
    .min(1)
    .max(64),
  outputRoot: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  device: z.strictObject({
    vendor: z.string().max(128),
    architecture: z.string().max(128),
    description: z.string().max(256),
    backend: z.string().max(64),
  }),
  timings: z.strictObject({ gpuMs: z.number().min(0), wallMs: z.number().min(0) }),
  energy: z.strictObject({
    joules: z.number().min(0),
    method: z.enum(["nvml", "nvidia-smi", "rapl", "estimated"]),
    estimated: z.boolean(),
  }),
  createdAt: z.string().max(64),
});

export type ResultManifest = z.output<typeof resultManifestSchema>;

export class InvalidResultManifestError extends BaseError {
  override name = "InvalidResultManifestError";
}

/** Parses a result manifest, throwing `InvalidResultManifestError` naming the first bad field. */
export function parseResultManifest(value: unknown): ResultManifest {
  const parsed = resultManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidResultManifestError(`The result manifest is malformed: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(), {
      details: parsed.error.message,
    });
  }
  return parsed.data;
}
