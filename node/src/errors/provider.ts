import { BaseError, type BaseErrorParameters } from "./BaseError.ts";

/** The provider config file is missing, unreadable or invalid; `issues` name each bad field. */
export class ProviderConfigError extends BaseError {
  override name = "ProviderConfigError";
  readonly issues: readonly string[];

  constructor(shortMessage: string, parameters: BaseErrorParameters & { issues?: readonly string[] | undefined } = {}) {
    super(shortMessage, { ...parameters, metaMessages: parameters.metaMessages ?? parameters.issues });
    this.issues = parameters.issues ?? [];
  }
}

/** The provider's key could not be loaded: no keystore, no password, a wrong password, a malformed key. */
export class KeystoreError extends BaseError {
  override name = "KeystoreError";
}

/** The account is not a registered provider with at least the minimum stake. */
export class ProviderNotReadyError extends BaseError {
  override name = "ProviderNotReadyError";
}

/** A journal transition that the job state machine does not allow (a bug, never a chain condition). */
export class JournalTransitionError extends BaseError {
  override name = "JournalTransitionError";
}

/**
 * An RPC call failed in a way that may pass: the endpoint is down or slow, rate-limited, or behind.
 * Loops retry these with backoff.
 */
export class RpcRetryableError extends BaseError {
  override name = "RpcRetryableError";
}

/** An RPC call failed in a way retrying cannot fix: a bad request, a wrong chain, a malformed answer. */
export class RpcFatalError extends BaseError {
  override name = "RpcFatalError";
}

/** A transaction could not be sent or was reverted on chain. */
export class TransactionFailedError extends BaseError {
  override name = "TransactionFailedError";
}

/** A job's spec could not be fetched from IPFS (nobody provided it in time). */
export class JobSpecUnavailableError extends BaseError {
  override name = "JobSpecUnavailableError";
}

/** A pinning service did not accept a request to keep a result. */
export class RemotePinError extends BaseError {
  override name = "RemotePinError";
}
