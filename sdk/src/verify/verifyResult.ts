import { generateSeededBytes } from "../data/seededInputs.ts";
import { VerificationInputMissingError } from "../errors/verify.ts";
import type { JobSpec } from "../spec/jobSpec.ts";
import { compileJobSpec } from "../templates/compileJobSpec.ts";
import { findBytes, type NamedBytes } from "./namedBytes.ts";
import { verifyExact, type ExactMismatch, type VerifyExactReturnType } from "./verifyExact.ts";
import { verifyFreivalds, type VerifyFreivaldsReturnType } from "./verifyFreivalds.ts";
import { verifyTolerance, type VerifyToleranceReturnType } from "./verifyTolerance.ts";

export type VerifyResultParameters = {
  spec: JobSpec;
  /** The outputs under test, as named in the (compiled) spec; a matmul template's output is "c". */
  outputs: readonly NamedBytes[];
  /**
   * Input bytes by name, for freivalds: inputs given by CID must be passed (fetched and checked
   * against their CIDs by the caller); seeded inputs are generated here when absent.
   */
  inputs?: readonly NamedBytes[] | undefined;
  /** Outputs of a trusted re-execution, for exact and tolerance. */
  reference?: readonly NamedBytes[] | undefined;
  /** Randomness for freivalds (default: crypto.getRandomValues). */
  randomWord?: (() => number) | undefined;
};

export type VerifyResultReturnType =
  | ({ method: "exact"; shape: ExactMismatch[] } & VerifyExactReturnType)
  | ({ method: "tolerance"; shape: ExactMismatch[] } & VerifyToleranceReturnType)
  | ({ method: "freivalds"; shape: ExactMismatch[] } & VerifyFreivaldsReturnType);

/**
 * Checks a result the way its spec says. `shape` lists outputs that are missing or of the wrong
 * size (any makes `ok` false); the rest of the fields come from the method's own verifier.
 */
export function verifyResult(parameters: VerifyResultParameters): VerifyResultReturnType {
  const spec = compileJobSpec(parameters.spec);
  const { outputs, reference } = parameters;
  const shape: ExactMismatch[] = [];
  for (const buffer of spec.buffers) {
    if (buffer.kind !== "output") continue;
    const bytes = findBytes(outputs, buffer.name);
    if (bytes === undefined) shape.push({ name: buffer.name, reason: "missing" });
    else if (bytes.byteLength !== buffer.bytes)
      shape.push({ name: buffer.name, reason: "length", expectedBytes: buffer.bytes, actualBytes: bytes.byteLength });
  }
  const outputNames = spec.buffers.filter((buffer) => buffer.kind === "output").map((buffer) => buffer.name);
  const verification = spec.verification;
  switch (verification.method) {
    case "exact": {
      if (!reference) throw missingReference();
      const result = verifyExact({ expected: reference, actual: outputs, outputs: outputNames });
      return { method: "exact", shape, ...result, ok: result.ok && shape.length === 0 };
    }
    case "tolerance": {
      if (!reference) throw missingReference();
      const expected = reference.filter((output) => outputNames.includes(output.name));
      const result = verifyTolerance({
        expected,
        actual: outputs,
        relative: verification.relative,
        absolute: verification.absolute,
        outputs: verification.outputs,
      });
      return { method: "tolerance", shape, ...result, ok: result.ok && shape.length === 0 };
    }
    case "freivalds": {
      const input = (name: string): Uint8Array => {
        const given = parameters.inputs && findBytes(parameters.inputs, name);
        if (given) return given;
        const buffer = spec.buffers.find((candidate) => candidate.name === name);
        if (buffer?.kind === "input" && "seed" in buffer) return generateSeededBytes(buffer.seed, buffer.bytes);
        throw new VerificationInputMissingError(`input "${name}"`, "Fetch it by its CID and pass it in `inputs`.");
      };
      const c = findBytes(outputs, verification.c);
      if (c === undefined || shape.length > 0)
        return {
          method: "freivalds",
          shape,
          ok: false,
          rounds: 0,
          falseAcceptBound: 1,
          detectableError: Number.POSITIVE_INFINITY,
          suspicious: false,
          worst: { round: 0, row: 0, residual: Number.POSITIVE_INFINITY, tolerance: 0, statisticalTolerance: 0 },
        };
      const result = verifyFreivalds({
        a: input(verification.a),
        b: input(verification.b),
        c,
        m: verification.m,
        n: verification.n,
        k: verification.k,
        dtype: verification.dtype,
        rounds: verification.rounds,
        randomWord: parameters.randomWord,
      });
      return { method: "freivalds", shape, ...result };
    }
  }
}

function missingReference(): VerificationInputMissingError {
  return new VerificationInputMissingError(
    "reference outputs",
    "exact and tolerance checks compare against a re-execution: run the spec and pass its outputs as `reference`.",
  );
}
