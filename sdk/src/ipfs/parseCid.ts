import { CID } from "multiformats/cid";
import { IpfsInvalidCidError } from "./IpfsError.ts";

/** Parses a CID string (any multibase, v0 or v1), or throws `IpfsInvalidCidError`. */
export function parseCid(cid: string): CID {
  try {
    return CID.parse(cid.trim());
  } catch (error) {
    throw new IpfsInvalidCidError({ cid, cause: error });
  }
}
