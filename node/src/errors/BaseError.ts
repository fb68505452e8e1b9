// One root for every Hearth error, whichever package throws it, so `instanceof BaseError` and the
// shortMessage/details/metaMessages shape hold across the SDK and the node.
export { BaseError, type BaseErrorParameters } from "@hearth/sdk/errors/BaseError";
