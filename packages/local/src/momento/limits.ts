// Momento's limits (docs.momentohq.com/cache/limits), enforced the way the service enforces
// them so that code which works here does not break against Momento.

export const KIB = 1024;

/**
 * Operations per second: the default soft limit of an account (per region), which is what a
 * new stage gets until support raises it. The local server applies it unless told otherwise.
 */
export const DEFAULT_OPERATIONS_PER_SECOND = 100;

/** Time to live: 24 hours per item. */
export const MAX_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Item size: 5 MB, key and value together. Momento documents no separate key limit: the
 * key counts towards this one.
 */
export const MAX_ITEM_BYTES = 5 * 1024 * 1024;
