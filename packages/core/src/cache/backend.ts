/** What the cache layer needs from a Momento client, in our own words: no SDK types leak out. */
export interface CacheBackend {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  getMany(keys: string[]): Promise<Map<string, string>>;
  setMany(entries: Map<string, string>, ttlSeconds: number): Promise<void>;
  /** True when stored, false when the key already had a value. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  increment(key: string, by: number, ttlSeconds: number): Promise<number>;
}

/** "rejected": Momento refused this one item (too large); the others mean "leave Momento alone a while". */
export type FailureKind = "throttled" | "timeout" | "unavailable" | "rejected" | "other";

/** A failed cache call. The layer above turns every one into a miss. */
export class CacheFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "CacheFailure";
  }
}

/** Momento's hard limit on a TTL. */
export const maxTtlSeconds = 24 * 60 * 60;
