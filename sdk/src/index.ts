// Public entry point of @hearth/sdk. Each area adds its own block of exports.

// IPFS: embedded node, Kubo adapter, trustless gateway reader, JSON helpers.
export { addJson } from "./ipfs/addJson.ts";
export { catJson, DEFAULT_JSON_MAX_BYTES, type JsonSchema } from "./ipfs/catJson.ts";
export { computeCid, type ComputeCidContent } from "./ipfs/computeCid.ts";
export { createGatewayClient, type CreateGatewayClientParameters } from "./ipfs/createGatewayClient.ts";
export {
  createIpfsNode,
  RETAIN_UNTIL_METADATA_KEY,
  type CreateIpfsNodeParameters,
  type IpfsLogger,
  type IpfsNode,
} from "./ipfs/createIpfsNode.ts";
export { createKuboClient, type CreateKuboClientParameters, type KuboRpc } from "./ipfs/createKuboClient.ts";
export {
  DEFAULT_CAT_MAX_BYTES,
  DEFAULT_CAT_TIMEOUT_MS,
  type IpfsAddOptions,
  type IpfsCallOptions,
  type IpfsCatOptions,
  type IpfsClient,
  type IpfsPin,
  type IpfsPinOptions,
  type IpfsReader,
} from "./ipfs/IpfsClient.ts";
export {
  IpfsCidMismatchError,
  IpfsContentTooLargeError,
  IpfsDialError,
  IpfsError,
  IpfsInvalidCidError,
  IpfsInvalidJsonError,
  IpfsNotAFileError,
  IpfsNotFoundError,
  IpfsOperationError,
  IpfsRepoLockedError,
  IpfsRequestError,
  IpfsVerificationError,
} from "./ipfs/IpfsError.ts";
export { IMPORT_CHUNK_SIZE, IMPORT_MAX_CHILDREN, importOptions, kuboAddOptions } from "./ipfs/importOptions.ts";
export { parseCid } from "./ipfs/parseCid.ts";
export { readVerifiedCar } from "./ipfs/readVerifiedCar.ts";

// Errors shared by every package.
export { BaseError, type BaseErrorParameters } from "./errors/BaseError.ts";
export { formatSpecPath, InvalidJobSpecError, type JobSpecIssue } from "./errors/spec.ts";
export { VerificationInputMissingError } from "./errors/verify.ts";

// Job specs: the one versioned schema, templates, seeded inputs.
export {
  bufferByteLength,
  DEFAULT_FREIVALDS_ROUNDS,
  JOB_SPEC_VERSION,
  jobSpecBounds,
  jobSpecSchema,
  MATMUL_SHAPE_BYTES,
  matmulJobSpecSchema,
  matmulShape,
  parseJobSpec,
  wgslJobSpecSchema,
  type BufferSpec,
  type DispatchSpec,
  type FreivaldsVerification,
  type InputBufferSpec,
  type JobLimits,
  type JobSpec,
  type JobSpecInput,
  type MatmulJobSpec,
  type OutputBufferSpec,
  type SeedSource,
  type ToleranceVerification,
  type UniformBufferSpec,
  type Verification,
  type WgslJobSpec,
} from "./spec/jobSpec.ts";
export { compileJobSpec, type CompileJobSpecOptions } from "./templates/compileJobSpec.ts";
export { compileMatmul, matmulTilings, matmulWgsl, type CompileMatmulOptions, type MatmulTiling } from "./templates/compileMatmul.ts";
export { generateSeededBytes, seededInputs, xoshiro128ss } from "./data/seededInputs.ts";
export { decodeFloat16, fromFloat16Bits, toFloat16Bits } from "./data/float16.ts";
export { float32View } from "./data/float32View.ts";

// Results: output commitment and verification.
export {
  OUTPUT_CHUNK_BYTES,
  outputChunkLeaf,
  outputChunkProof,
  outputCommitment,
  verifyOutputChunkProof,
  type OutputBuffers,
  type OutputChunkProof,
} from "./commitment/outputCommitment.ts";
export type { NamedBytes } from "./verify/namedBytes.ts";
export { referenceMatmul, type ReferenceMatmulParameters } from "./verify/referenceMatmul.ts";
export { verifyExact, type ExactMismatch, type VerifyExactParameters, type VerifyExactReturnType } from "./verify/verifyExact.ts";
export {
  verifyFreivalds,
  type VerifyFreivaldsParameters,
  type VerifyFreivaldsReturnType,
} from "./verify/verifyFreivalds.ts";
export { verifyResult, type VerifyResultParameters, type VerifyResultReturnType } from "./verify/verifyResult.ts";
export {
  verifyTolerance,
  type ToleranceWorst,
  type VerifyToleranceParameters,
  type VerifyToleranceReturnType,
} from "./verify/verifyTolerance.ts";
