// The Lambda's own memory for values that many requests read, that change rarely and that
// belong to one person each (cards, block lists): reading them costs no query and no Momento
// operation. The database keeps every copy honest: a change writes an invalidation row in the
// changer's transaction, and each Lambda reads the rows newer than its last look (one query, at
// most every `pollSeconds`) and forgets what changed. So a change reaches every Lambda within
// `pollSeconds`, and the one that made it at once, whatever Momento is doing.
import { now } from "../clock";
import { afterCommit, db, type Executor } from "../db";
import * as repo from "./repo";

export const memoTiming = {
  /** How stale another Lambda's change may look here. */
  pollSeconds: 5,
  /**
   * How far back each look reads again: a change is stamped when its statement runs and seen
   * when its transaction commits, which PlanetScale allows up to 20 s later.
   */
  overlapSeconds: 20,
  /** A Lambda that has not looked for this long (it was frozen) forgets everything instead. */
  staleSeconds: 600,
  /** More changes than this in one look: forgetting everything is cheaper than reading them. */
  maxChangesPerLook: 500,
};

export interface MemoOptions<V> {
  /** Names this memo's invalidations: `invalidate(tx, topic, keys)`. */
  topic: string;
  /** A safety net: an entry is loaded again after this long even if no invalidation came. */
  ttlSeconds: number;
  /** The oldest entries make room beyond this many. */
  maxEntries: number;
  /** How long a key `load` did not return is remembered as absent; 0 or unset: not at all. */
  missingSeconds?: number;
  /** Loads the values of many keys in one go (one query); keys it does not return are absent. */
  load(keys: string[]): Promise<Map<string, V>>;
}

export interface Memo<V> {
  get(key: string): Promise<V | undefined>;
  /** Memory hits, plus one `load` for the misses. */
  getMany(keys: string[]): Promise<Map<string, V>>;
  /** Forgets a key in this Lambda only, for values other Lambdas may keep until their TTL. */
  forgetHere(key: string): void;
  /** How many times this memo has forgotten something; taken before a read whose rows go to `offer`. */
  version(): number;
  /**
   * Keeps a value that another memo's load read in the same query (a Friend ID's owner with their
   * card), unless this memo has forgotten anything since `since`: the value may predate that change.
   */
  offer(key: string, value: V, since: number): void;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

class MemoTable<V> implements Memo<V> {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<V | undefined>>();
  /** Keys forgotten while a load was reading them: that load's answer may predate the change. */
  private readonly forgottenWhileLoading = new Set<string>();
  private forgets = 0;

  constructor(private readonly options: MemoOptions<V>) {}

  async get(key: string): Promise<V | undefined> {
    return (await this.getMany([key])).get(key);
  }

  async getMany(keys: string[]): Promise<Map<string, V>> {
    await syncWithDatabase();
    const at = now().getTime();
    const found = new Map<string, V>();
    const missing: string[] = [];
    // The loads other readers started, taken now: they may finish (and leave `loading`) before we look.
    const waiting: [string, Promise<V | undefined>][] = [];
    for (const key of new Set(keys)) {
      const entry = this.entries.get(key);
      if (entry && entry.expiresAt > at) {
        // Re-inserted so that the Map's order stays least recently used first.
        this.entries.delete(key);
        this.entries.set(key, entry);
        if (entry.value !== undefined) found.set(key, entry.value as V);
      } else if (this.loading.has(key)) waiting.push([key, this.loading.get(key)!]);
      else missing.push(key);
    }
    if (missing.length > 0) {
      for (const [key, value] of await this.loadMissing(missing, at)) found.set(key, value);
    }
    for (const [key, loading] of waiting) {
      const value = await loading;
      if (value !== undefined) found.set(key, value);
    }
    return found;
  }

  forgetHere(key: string): void {
    this.forget(key);
  }

  version(): number {
    return this.forgets;
  }

  offer(key: string, value: V, since: number): void {
    if (since !== this.forgets || this.loading.has(key)) return;
    this.remember(key, value, now().getTime());
  }

  forget(key: string): void {
    this.forgets++;
    this.entries.delete(key);
    if (this.loading.has(key)) this.forgottenWhileLoading.add(key);
  }

  clear(): void {
    this.forgets++;
    this.entries.clear();
    for (const key of this.loading.keys()) this.forgottenWhileLoading.add(key);
  }

  private async loadMissing(keys: string[], at: number): Promise<Map<string, V>> {
    const load = this.options.load(keys);
    for (const key of keys) {
      const value = load.then((loaded) => loaded.get(key));
      // Only concurrent readers of the same key await it; the caller below sees the failure.
      value.catch(() => {});
      this.loading.set(key, value);
    }
    try {
      const loaded = await load;
      for (const key of keys) this.remember(key, loaded.get(key), at);
      return loaded;
    } finally {
      for (const key of keys) {
        this.loading.delete(key);
        this.forgottenWhileLoading.delete(key);
      }
    }
  }

  private remember(key: string, value: V | undefined, at: number): void {
    if (this.forgottenWhileLoading.has(key)) return;
    const seconds = value === undefined ? (this.options.missingSeconds ?? 0) : this.options.ttlSeconds;
    if (seconds <= 0) return;
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: at + seconds * 1000 });
  }
}

const memos = new Map<string, MemoTable<unknown>>();

/** A memo of its own topic; made once per Lambda, at module load (it does no I/O until read). */
export function memo<V>(options: MemoOptions<V>): Memo<V> {
  if (memos.has(options.topic)) throw new Error(`Two memos share the topic ${options.topic}.`);
  const table = new MemoTable(options);
  memos.set(options.topic, table as MemoTable<unknown>);
  return table;
}

/**
 * Tells every Lambda that these keys changed: one statement in the caller's transaction (so the
 * signal commits with the change, or not at all), and this Lambda forgets them at once and again
 * once it commits (a load in between would have read the rows as they were before it).
 */
export async function invalidate(tx: Executor, topic: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await repo.upsertInvalidations(tx, topic, [...new Set(keys)], now());
  const forget = () => {
    for (const key of keys) memos.get(topic)?.forget(key);
  };
  forget();
  afterCommit(tx, async () => forget());
}

const feed = {
  /** When this Lambda last looked at the invalidations (its first read counts as one). */
  lookedAt: undefined as number | undefined,
  /** Invalidations already applied, so a change read again in the overlap is not applied twice. */
  applied: new Map<string, number>(),
  looking: undefined as Promise<void> | undefined,
};

async function syncWithDatabase(): Promise<void> {
  const at = now().getTime();
  // A new Lambda holds nothing yet: its first look is due a poll later, and reads back far
  // enough to cover changes committed while it was loading.
  if (feed.lookedAt === undefined) feed.lookedAt = at;
  if (at - feed.lookedAt < memoTiming.pollSeconds * 1000) return;
  feed.looking ??= lookAtChanges(at).finally(() => (feed.looking = undefined));
  await feed.looking;
}

async function lookAtChanges(at: number): Promise<void> {
  const lookedAt = feed.lookedAt!;
  if (at - lookedAt > memoTiming.staleSeconds * 1000) return forgetEverything(at);
  const since = lookedAt - memoTiming.overlapSeconds * 1000;
  const changes = await repo.changedSince(db(), new Date(since), memoTiming.maxChangesPerLook + 1);
  if (changes.length > memoTiming.maxChangesPerLook) return forgetEverything(at);
  for (const change of changes) {
    const changedAt = change.changed_at.getTime();
    const id = `${change.topic} ${change.cache_key} ${changedAt}`;
    if (feed.applied.has(id)) continue;
    feed.applied.set(id, changedAt);
    memos.get(change.topic)?.forget(change.cache_key);
  }
  for (const [id, changedAt] of feed.applied) if (changedAt <= since) feed.applied.delete(id);
  feed.lookedAt = at;
}

function forgetEverything(at: number): void {
  for (const table of memos.values()) table.clear();
  feed.applied.clear();
  feed.lookedAt = at;
}

/** Test hook: look at the changes now, so that no look falls due during the next few seconds' counts. */
export async function lookAtChangesNow(): Promise<void> {
  feed.lookedAt ??= now().getTime();
  await lookAtChanges(now().getTime());
}

/** Test hook: empty every memo and start looking at the feed afresh, as a new Lambda would. */
export function resetMemos(): void {
  for (const table of memos.values()) table.clear();
  feed.applied.clear();
  feed.lookedAt = undefined;
  feed.looking = undefined;
}
