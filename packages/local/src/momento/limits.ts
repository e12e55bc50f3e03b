// Momento's hard limits (docs.momentohq.com/cache/manage/limits), enforced the way the
// service enforces them so that code which works here does not break against Momento.

export const KIB = 1024;

/** Time to live: 24 hours per item (on-demand caches). */
export const MAX_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Item size: 5 MB, key and value together. Momento documents no separate key limit: the
 * key counts towards this one.
 */
export const MAX_ITEM_BYTES = 5 * 1024 * 1024;

/** Collection element size: 128 KB (a dictionary field plus its value, a sorted-set value). */
export const MAX_ELEMENT_BYTES = 128 * 1024;

/** Increment works on signed 64-bit integers. */
export const MIN_INT64 = -(2n ** 63n);
export const MAX_INT64 = 2n ** 63n - 1n;

/** The SDK allows ~10 MiB messages; the server must accept at least as much to answer with the real limits. */
export const MAX_GRPC_MESSAGE_BYTES = 16 * 1024 * 1024;
