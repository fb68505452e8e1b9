/** Default upper bound for `cat` when the caller gives none: 64 MiB. */
export const DEFAULT_CAT_MAX_BYTES = 64 * 1024 * 1024;
/** Default time `cat` waits for content before giving up with `IpfsNotFoundError`. */
export const DEFAULT_CAT_TIMEOUT_MS = 30_000;

export type IpfsCallOptions = {
  /** Cancels the call; the error is the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Gives up after this long; defaults per client. */
  timeoutMs?: number | undefined;
};

export type IpfsAddOptions = IpfsCallOptions & {
  /** Pin what was added; with `retainUntil`, only until then (see `pin`). */
  pin?: boolean | { retainUntil: Date } | undefined;
};

export type IpfsCatOptions = IpfsCallOptions & {
  /** Refuse content larger than this many bytes (`IpfsContentTooLargeError`). */
  maxBytes?: number | undefined;
};

export type IpfsPinOptions = IpfsCallOptions & {
  /**
   * Keep the pin only until this time; `pruneExpired` removes it afterwards. Without it the pin
   * is permanent. Pinning again never shortens retention: the later time (or permanent) wins.
   */
  retainUntil?: Date | undefined;
};

export type IpfsPin = {
  cid: string;
  /** Absent for a permanent pin. */
  retainUntil?: Date;
};

/** Read access to content by CID, verified against it. A trustless gateway gives only this. */
export interface IpfsReader {
  /**
   * The bytes of a file (UnixFS file or raw block), verified against `cid`. Throws
   * `IpfsNotFoundError` when nobody provides it in time, `IpfsContentTooLargeError` over
   * `maxBytes`, `IpfsInvalidCidError`, `IpfsNotAFileError` or `IpfsVerificationError`.
   */
  cat(cid: string, options?: IpfsCatOptions): Promise<Uint8Array>;
}

/**
 * What every part of Hearth uses to store and fetch content: the embedded Helia node
 * (`createIpfsNode`) and a user's Kubo daemon (`createKuboClient`) both implement it, with the
 * same import options, so the same bytes get the same CID either way.
 */
export interface IpfsClient extends IpfsReader {
  /** Stores a file (a string is UTF-8) and returns its CIDv1. Not pinned unless asked. */
  add(content: Uint8Array | string, options?: IpfsAddOptions): Promise<string>;
  /** Pins `cid` and everything under it, fetching what is missing. */
  pin(cid: string, options?: IpfsPinOptions): Promise<void>;
  /** Removes the pin; a CID that is not pinned is left alone. */
  unpin(cid: string, options?: IpfsCallOptions): Promise<void>;
  /** The recursive pins this client manages, with their retention. */
  listPins(options?: IpfsCallOptions): Promise<IpfsPin[]>;
  /** Unpins every pin whose `retainUntil` is at or before `now`; returns their CIDs. */
  pruneExpired(options?: IpfsCallOptions & { now?: Date | undefined }): Promise<string[]>;
  /** Connects to a peer by multiaddr (ending in `/p2p/<peer id>`). */
  dial(multiaddr: string, options?: IpfsCallOptions): Promise<void>;
  /** Addresses other peers can dial this node at, each ending in `/p2p/<peer id>`. */
  multiaddrs(): Promise<string[]>;
  /** Releases the client (the embedded node stops; a Kubo daemon keeps running). */
  stop(): Promise<void>;
}
