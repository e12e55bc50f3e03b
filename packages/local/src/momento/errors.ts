// Errors the store and the gate raise, named for Momento's outcomes; grpc.ts and http.ts
// turn them into a gRPC status or an HTTP status.

export type CacheErrorKind =
  | "invalid_argument"
  | "failed_precondition"
  | "cache_not_found"
  | "limit_exceeded"
  | "unauthenticated"
  | "unavailable"
  | "unimplemented";

/** The `err` trailer Momento sends with RESOURCE_EXHAUSTED; the SDK reads it as the LimitExceeded cause. */
export type LimitCause = "operations_rate_limit_exceeded" | "item_size_limit_exceeded" | "element_size_limit_exceeded";

export class CacheError extends Error {
  constructor(
    readonly kind: CacheErrorKind,
    message: string,
    readonly limitCause?: LimitCause,
  ) {
    super(message);
    this.name = "CacheError";
  }
}

export const invalidArgument = (message: string) => new CacheError("invalid_argument", message);

export const failedPrecondition = (message: string) => new CacheError("failed_precondition", message);

export const itemTooLarge = (bytes: number, limit: number) =>
  new CacheError(
    "limit_exceeded",
    `Item size limit exceeded: ${bytes} bytes (key + value) is over the ${limit} byte limit`,
    "item_size_limit_exceeded",
  );

export const elementTooLarge = (bytes: number, limit: number) =>
  new CacheError(
    "limit_exceeded",
    `Element size limit exceeded: ${bytes} bytes is over the ${limit} byte limit for a collection element`,
    "element_size_limit_exceeded",
  );

export const typeMismatch = (expected: string, found: string) =>
  failedPrecondition(`Type mismatch: the item is a ${found}, not a ${expected}`);
