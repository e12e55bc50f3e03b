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
  /** Sets one element's score; the set's TTL restarts with every write. */
  sortedSetPut(key: string, element: string, score: number, ttlSeconds: number): Promise<void>;
  /** The element's score; undefined when the set or the element is absent. */
  sortedSetScore(key: string, element: string): Promise<number | undefined>;
  /** How many elements score at least `minScore` (0 when the set is absent). */
  sortedSetCount(key: string, minScore: number): Promise<number>;
  /** Elements scoring within [minScore, maxScore], lowest score first, at most `limit`. */
  sortedSetRange(key: string, range: ScoreRange): Promise<ScoredElement[]>;
  sortedSetRemove(key: string, elements: string[]): Promise<void>;
  /** Sets one field; the dictionary's TTL restarts with every write. */
  dictionarySet(key: string, field: string, value: string, ttlSeconds: number): Promise<void>;
  /** Every field (empty when the dictionary is absent). */
  dictionaryGetAll(key: string): Promise<Map<string, string>>;
}

export interface ScoreRange {
  minScore?: number;
  maxScore?: number;
  limit: number;
}

export interface ScoredElement {
  element: string;
  score: number;
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
