import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** Root of every error the IPFS layer throws; callers branch on the subclasses below. */
export class IpfsError extends BaseError {
  override name = "IpfsError";
}

export class IpfsInvalidCidError extends IpfsError {
  override name = "IpfsInvalidCidError";
  readonly cid: string;

  constructor({ cid, cause }: { cid: string; cause?: unknown }) {
    super(`"${truncate(cid)}" is not a valid CID.`, {
      metaMessages: ["A CID looks like bafy…, bafk… or Qm…; check that it was copied whole."],
      details: cause instanceof Error ? cause.message : undefined,
      cause,
    });
    this.cid = cid;
  }
}

/** Nobody provided the content before the timeout (or, offline, it is not stored here). */
export class IpfsNotFoundError extends IpfsError {
  override name = "IpfsNotFoundError";
  readonly cid: string;
  readonly timeoutMs: number | undefined;

  constructor({ cid, timeoutMs, source, cause }: { cid: string; timeoutMs?: number; source?: string; cause?: unknown }) {
    super(
      timeoutMs === undefined
        ? `Content ${cid} was not found${source ? ` at ${source}` : ""}.`
        : `Content ${cid} was not found within ${timeoutMs} ms${source ? ` at ${source}` : ""}.`,
      {
        metaMessages: [
          "No reachable peer or gateway provided it. Dial a peer that has it, check that it is pinned there, or raise the timeout.",
        ],
        cause,
      },
    );
    this.cid = cid;
    this.timeoutMs = timeoutMs;
  }
}

export class IpfsContentTooLargeError extends IpfsError {
  override name = "IpfsContentTooLargeError";
  readonly cid: string;
  readonly maxBytes: number;
  /** The declared or observed size, when known. */
  readonly size: number | undefined;

  constructor({ cid, maxBytes, size }: { cid: string; maxBytes: number; size?: number }) {
    super(
      size === undefined
        ? `Content ${cid} is larger than the limit of ${maxBytes} bytes.`
        : `Content ${cid} is ${size} bytes, over the limit of ${maxBytes} bytes.`,
      { metaMessages: ["Raise maxBytes if this content is expected to be this large."] },
    );
    this.cid = cid;
    this.maxBytes = maxBytes;
    this.size = size;
  }
}

/** Bytes received do not hash to the CID asked for, or a CAR is missing blocks of the DAG. */
export class IpfsVerificationError extends IpfsError {
  override name = "IpfsVerificationError";
  readonly cid: string;

  constructor({ cid, reason, cause }: { cid: string; reason: string; cause?: unknown }) {
    super(`Content received for ${cid} failed verification: ${reason}`, {
      metaMessages: ["The source served wrong or incomplete data; try another peer or gateway."],
      cause,
    });
    this.cid = cid;
  }
}

export class IpfsNotAFileError extends IpfsError {
  override name = "IpfsNotAFileError";
  readonly cid: string;

  constructor({ cid, type }: { cid: string; type: string }) {
    super(`Content ${cid} is a ${type}, not a file.`, {
      metaMessages: ["Only files (UnixFS files or raw blocks) can be read as bytes."],
    });
    this.cid = cid;
  }
}

/** The Kubo daemon returned a CID that differs from the one Hearth's import options give. */
export class IpfsCidMismatchError extends IpfsError {
  override name = "IpfsCidMismatchError";
  readonly expected: string;
  readonly actual: string;

  constructor({ expected, actual }: { expected: string; actual: string }) {
    super(`Kubo stored the content as ${actual}, but Hearth's import options give ${expected}.`, {
      metaMessages: [
        "Set Kubo's Import.UnixFSFileMaxLinks to 174 (or use its unixfs-v0-2015 chunking defaults) so both agree.",
      ],
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** An HTTP request to a Kubo RPC endpoint or a gateway failed. `url` never holds credentials. */
export class IpfsRequestError extends IpfsError {
  override name = "IpfsRequestError";
  readonly url: string;
  readonly status: number | undefined;

  constructor({ url, status, cause, hint }: { url: string; status?: number; cause?: unknown; hint?: string }) {
    super(
      status === undefined ? `Request to ${url} failed.` : `Request to ${url} failed with HTTP ${status}.`,
      {
        details: cause instanceof Error ? cause.message : undefined,
        metaMessages: [hint ?? "Check that the endpoint is running and reachable from this machine."],
        cause,
      },
    );
    this.url = url;
    this.status = status;
  }
}

export class IpfsDialError extends IpfsError {
  override name = "IpfsDialError";
  readonly multiaddr: string;

  constructor({ multiaddr, cause }: { multiaddr: string; cause?: unknown }) {
    super(`Could not connect to ${multiaddr}.`, {
      details: cause instanceof Error ? cause.message : undefined,
      metaMessages: ["The address must end in /p2p/<peer id>, and that peer must be listening there."],
      cause,
    });
    this.multiaddr = multiaddr;
  }
}

export class IpfsInvalidJsonError extends IpfsError {
  override name = "IpfsInvalidJsonError";
  readonly cid: string;

  constructor({ cid, reason, cause }: { cid: string; reason: string; cause?: unknown }) {
    super(`Content ${cid} is not the expected JSON: ${reason}`, {
      details: cause instanceof Error ? cause.message : undefined,
      cause,
    });
    this.cid = cid;
  }
}

/** Another process (or another node in this process) holds the repository folder. */
export class IpfsRepoLockedError extends IpfsError {
  override name = "IpfsRepoLockedError";
  readonly directory: string;

  constructor({ directory, pid }: { directory: string; pid: number }) {
    super(`The IPFS folder ${directory} is in use by process ${pid}.`, {
      metaMessages: ["Stop that node first, or give this one its own folder."],
    });
    this.directory = directory;
  }
}

/** A generic failure with the underlying cause attached. */
export class IpfsOperationError extends IpfsError {
  override name = "IpfsOperationError";

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, {
      ...parameters,
      details: parameters.details ?? (parameters.cause instanceof Error ? parameters.cause.message : undefined),
    });
  }
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
