import type { Verification } from "@hearth/sdk/spec/jobSpec";
import type { NamedOutput } from "../result/createOutputStore.ts";

export type ToleranceVerification = Extract<Verification, { method: "tolerance" }>;

export type PerturbWithinToleranceReturnType = {
  outputs: NamedOutput[];
  /** f32 elements that changed. */
  perturbed: number;
  /** max |new - old| / (absolute + relative·|old|) over the changed elements: how close to the bound it went. */
  largestShareOfTolerance: number;
};

/** The share of each element's allowed error that the fault uses: well inside the bound, well above zero. */
export const PERTURBATION_SHARE = 0.01;

/**
 * The `perturbWithinTolerance` fault: moves every finite f32 of the outputs the spec compares with tolerance
 * by `share` of what the spec allows at that element (absolute + relative·|x|), with alternating signs, as a
 * GPU that rounds differently would. The result is still correct by the spec, and whoever re-executes the job
 * sees outputs that differ from its own: the case where an honest provider must never be slashed.
 */
export function perturbWithinTolerance(
  outputs: readonly NamedOutput[],
  verification: ToleranceVerification,
  share = PERTURBATION_SHARE,
): PerturbWithinToleranceReturnType {
  if (!(share > 0 && share < 1)) throw new RangeError(`share must be in (0, 1), not ${share}`);
  const compared = verification.outputs ?? outputs.map((output) => output.name);
  let perturbed = 0;
  let largestShareOfTolerance = 0;
  const result = outputs.map((output) => {
    if (!compared.includes(output.name) || output.bytes.byteLength % 4 !== 0) return output;
    const bytes = new Uint8Array(output.bytes);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = 0, index = 0; offset < bytes.byteLength; offset += 4, index++) {
      const value = view.getFloat32(offset, true);
      if (!Number.isFinite(value)) continue;
      const allowed = verification.absolute + verification.relative * Math.abs(value);
      const moved = Math.fround(value + (index % 2 === 0 ? 1 : -1) * share * allowed);
      // f32 rounding moves it by at most half an ulp more; never past the bound, and never to a non-finite value.
      if (moved === value || !Number.isFinite(moved) || Math.abs(moved - value) > allowed) continue;
      view.setFloat32(offset, moved, true);
      perturbed++;
      largestShareOfTolerance = Math.max(largestShareOfTolerance, Math.abs(moved - value) / allowed);
    }
    return { name: output.name, bytes };
  });
  return { outputs: result, perturbed, largestShareOfTolerance };
}
