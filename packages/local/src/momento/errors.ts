// Errors the store and the HTTP API raise, named for Momento's outcomes; http.ts turns them into
// the HTTP status Momento answers.

export type CacheErrorKind =
  "invalid_argument" | "cache_not_found" | "limit_exceeded" | "unauthenticated" | "unavailable";

/** What Momento names as the cause of a 429, in the body here so a client can tell them apart. */
export type LimitCause = "operations_rate_limit_exceeded" | "item_size_limit_exceeded";

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

export const itemTooLarge = (bytes: number, limit: number) =>
  new CacheError(
    "limit_exceeded",
    `Item size limit exceeded: ${bytes} bytes (key + value) is over the ${limit} byte limit`,
    "item_size_limit_exceeded",
  );

export const rateLimited = (operationsPerSecond: number) =>
  new CacheError(
    "limit_exceeded",
    `Request rate limit exceeded: over ${operationsPerSecond} operations per second`,
    "operations_rate_limit_exceeded",
  );
