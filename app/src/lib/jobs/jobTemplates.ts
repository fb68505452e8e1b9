import matmul256 from "../../../../examples/matmul-256.json";
import matmul1024 from "../../../../examples/matmul-1024.json";
import mlpInference from "../../../../examples/mlp-inference.json";
import prefixSum from "../../../../examples/prefix-sum.json";

export type JobTemplate = { id: string; title: string; description: string; check: string; spec: unknown };

/** The repository's examples (examples/*.json), offered as ready-made jobs on the Submit page. */
export const jobTemplates: JobTemplate[] = [
  {
    id: "matmul-256",
    title: "Matrix product 256×256",
    description: "f32 matrix product of seeded inputs, tiled kernel (matmul template).",
    check: "Freivalds, 20 rounds — also checked in this browser",
    spec: matmul256,
  },
  {
    id: "matmul-1024",
    title: "Matrix product 1024×1024",
    description: "The same kernel on 1024×1024 matrices (4 MiB result).",
    check: "Freivalds, 20 rounds — also checked in this browser",
    spec: matmul1024,
  },
  {
    id: "prefix-sum",
    title: "Prefix sum of 262,144 values",
    description: "Inclusive scan of u32 values in three WGSL passes.",
    check: "Exact (byte-identical) against a re-execution",
    spec: prefixSum,
  },
  {
    id: "mlp-inference",
    title: "Two-layer perceptron inference",
    description: "Batched inference (256×128 → 256 ReLU → 16), two WGSL passes.",
    check: "Tolerance (rel 1e-4, abs 1e-5) against a re-execution",
    spec: mlpInference,
  },
];
