// The cache's items: scalars, dictionaries and sorted sets, each with its own expiry.
// Expired items are dropped lazily on access and by `sweep()`, which the server runs on a timer.
import { elementTooLarge, failedPrecondition, invalidArgument, itemTooLarge, typeMismatch } from "./errors";
import { MAX_ELEMENT_BYTES, MAX_INT64, MAX_ITEM_BYTES, MAX_TTL_MS, MIN_INT64 } from "./limits";

type Bytes = Uint8Array;

interface Scalar {
  type: "scalar";
  value: Buffer;
  expiresAt: number;
}

interface Dictionary {
  type: "dictionary";
  fields: Map<string, { field: Buffer; value: Buffer }>;
  /** Key plus every field and value: the collection's item size. */
  bytes: number;
  expiresAt: number;
}

interface SortedSet {
  type: "sortedSet";
  elements: Map<string, { value: Buffer; score: number }>;
  bytes: number;
  expiresAt: number;
}

type Item = Scalar | Dictionary | SortedSet;
export type ItemType = Item["type"];

/** A collection write's TTL: applied when the write creates the collection, or always when `refresh`. */
export interface CollectionTtl {
  ttlMs: number;
  refresh: boolean;
}

/** The SetIf conditions of the Scs service (`setIfAbsent` sends `absent`). */
export type SetCondition =
  | { type: "absent" }
  | { type: "present" }
  | { type: "equal"; value: Bytes }
  | { type: "notEqual"; value: Bytes }
  | { type: "presentAndNotEqual"; value: Bytes }
  | { type: "absentOrEqual"; value: Bytes };

export type TtlUpdate = "increase" | "decrease" | "overwrite";

export type Order = "ascending" | "descending";

/** A score bound; undefined means unbounded. */
export interface ScoreBound {
  score: number;
  exclusive: boolean;
}

export interface SortedSetElement {
  value: Buffer;
  score: number;
}

const mapKey = (bytes: Bytes): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
const copy = (bytes: Bytes): Buffer => Buffer.from(bytes);

export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw invalidArgument(`TTL must be positive, got ${ttlMs} ms`);
  if (ttlMs > MAX_TTL_MS) throw invalidArgument(`TTL ${ttlMs} ms is over the maximum of ${MAX_TTL_MS} ms (24 hours)`);
}

function checkItemSize(key: Bytes, value: Bytes): void {
  const bytes = key.byteLength + value.byteLength;
  if (bytes > MAX_ITEM_BYTES) throw itemTooLarge(bytes, MAX_ITEM_BYTES);
}

function checkElementSize(bytes: number): void {
  if (bytes > MAX_ELEMENT_BYTES) throw elementTooLarge(bytes, MAX_ELEMENT_BYTES);
}

function parseInteger(value: Buffer, what: string): bigint {
  const text = value.toString("utf8");
  if (!/^-?\d+$/.test(text)) throw failedPrecondition(`${what} is not a base 10 integer: cannot increment`);
  return BigInt(text);
}

function addInt64(current: bigint, amount: number): bigint {
  const result = current + BigInt(Math.trunc(amount));
  if (result < MIN_INT64 || result > MAX_INT64) throw failedPrecondition("Increment overflows a signed 64-bit integer");
  return result;
}

function compareElements(a: SortedSetElement, b: SortedSetElement): number {
  return a.score - b.score || Buffer.compare(a.value, b.value);
}

function aboveMin(score: number, min: ScoreBound | undefined): boolean {
  if (!min) return true;
  return min.exclusive ? score > min.score : score >= min.score;
}

function belowMax(score: number, max: ScoreBound | undefined): boolean {
  if (!max) return true;
  return max.exclusive ? score < max.score : score <= max.score;
}

export class Store {
  private readonly items = new Map<string, Item>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Drops every expired item; returns how many. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, item] of this.items) {
      if (item.expiresAt <= now) {
        this.items.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }

  // Scalars

  get(key: Bytes): Buffer | undefined {
    return this.scalar(key)?.value;
  }

  set(key: Bytes, value: Bytes, ttlMs: number): void {
    checkTtl(ttlMs);
    checkItemSize(key, value);
    this.items.set(mapKey(key), { type: "scalar", value: copy(value), expiresAt: this.now() + ttlMs });
  }

  /** Stores the value when the condition holds; returns whether it did. */
  setIf(key: Bytes, value: Bytes, ttlMs: number, condition: SetCondition): boolean {
    checkTtl(ttlMs);
    checkItemSize(key, value);
    const item = this.live(key);
    const present = item !== undefined;
    const equals = (other: Bytes) => item?.type === "scalar" && Buffer.compare(item.value, other) === 0;
    let holds: boolean;
    switch (condition.type) {
      case "absent":
        holds = !present;
        break;
      case "present":
        holds = present;
        break;
      case "equal":
        holds = equals(condition.value);
        break;
      case "notEqual":
        holds = !present || !equals(condition.value);
        break;
      case "presentAndNotEqual":
        holds = present && !equals(condition.value);
        break;
      case "absentOrEqual":
        holds = !present || equals(condition.value);
        break;
    }
    if (holds) this.set(key, value, ttlMs);
    return holds;
  }

  delete(key: Bytes): void {
    this.items.delete(mapKey(key));
  }

  /**
   * Adds to a scalar holding a base 10 integer, or creates it from 0. The TTL of the request
   * applies to the written item, as with Set.
   */
  increment(key: Bytes, amount: number, ttlMs: number): number {
    checkTtl(ttlMs);
    const current = this.scalar(key);
    const result = addInt64(current ? parseInteger(current.value, "The value") : 0n, amount);
    this.items.set(mapKey(key), {
      type: "scalar",
      value: Buffer.from(result.toString(), "utf8"),
      expiresAt: this.now() + ttlMs,
    });
    return Number(result);
  }

  exists(key: Bytes): boolean {
    return this.live(key) !== undefined;
  }

  typeOf(key: Bytes): ItemType | undefined {
    return this.live(key)?.type;
  }

  /** Milliseconds left, or undefined when the item is missing. */
  remainingTtl(key: Bytes): number | undefined {
    const item = this.live(key);
    return item ? item.expiresAt - this.now() : undefined;
  }

  updateTtl(key: Bytes, update: TtlUpdate, ttlMs: number): "set" | "notSet" | "missing" {
    checkTtl(ttlMs);
    const item = this.live(key);
    if (!item) return "missing";
    const expiresAt = this.now() + ttlMs;
    if (update === "increase" && expiresAt <= item.expiresAt) return "notSet";
    if (update === "decrease" && expiresAt >= item.expiresAt) return "notSet";
    item.expiresAt = expiresAt;
    return "set";
  }

  // Dictionaries

  dictionarySet(name: Bytes, pairs: { field: Bytes; value: Bytes }[], ttl: CollectionTtl): void {
    checkTtl(ttl.ttlMs);
    for (const pair of pairs) checkElementSize(pair.field.byteLength + pair.value.byteLength);
    const dictionary = this.dictionary(name) ?? this.newDictionary(name);
    let bytes = dictionary.bytes;
    for (const pair of pairs) {
      const existing = dictionary.fields.get(mapKey(pair.field));
      bytes += pair.field.byteLength + pair.value.byteLength;
      if (existing) bytes -= existing.field.byteLength + existing.value.byteLength;
    }
    if (bytes > MAX_ITEM_BYTES) throw itemTooLarge(bytes, MAX_ITEM_BYTES);
    for (const pair of pairs)
      dictionary.fields.set(mapKey(pair.field), { field: copy(pair.field), value: copy(pair.value) });
    dictionary.bytes = bytes;
    this.place(name, dictionary, ttl);
  }

  /** The values of the fields (undefined for a missing field), or undefined when the dictionary is missing. */
  dictionaryGet(name: Bytes, fields: Bytes[]): (Buffer | undefined)[] | undefined {
    const dictionary = this.dictionary(name);
    if (!dictionary) return undefined;
    return fields.map((field) => dictionary.fields.get(mapKey(field))?.value);
  }

  dictionaryFetch(name: Bytes): { field: Buffer; value: Buffer }[] | undefined {
    const dictionary = this.dictionary(name);
    return dictionary ? [...dictionary.fields.values()] : undefined;
  }

  /** Removes the fields (every field when "all"); a dictionary left empty is deleted. */
  dictionaryDelete(name: Bytes, fields: Bytes[] | "all"): void {
    const dictionary = this.dictionary(name);
    if (!dictionary) return;
    if (fields === "all") {
      this.items.delete(mapKey(name));
      return;
    }
    for (const field of fields) {
      const existing = dictionary.fields.get(mapKey(field));
      if (!existing) continue;
      dictionary.fields.delete(mapKey(field));
      dictionary.bytes -= existing.field.byteLength + existing.value.byteLength;
    }
    if (dictionary.fields.size === 0) this.items.delete(mapKey(name));
  }

  dictionaryIncrement(name: Bytes, field: Bytes, amount: number, ttl: CollectionTtl): number {
    checkTtl(ttl.ttlMs);
    const dictionary = this.dictionary(name) ?? this.newDictionary(name);
    const existing = dictionary.fields.get(mapKey(field));
    const result = addInt64(existing ? parseInteger(existing.value, "The field's value") : 0n, amount);
    const value = Buffer.from(result.toString(), "utf8");
    dictionary.bytes += field.byteLength + value.byteLength;
    if (existing) dictionary.bytes -= existing.field.byteLength + existing.value.byteLength;
    dictionary.fields.set(mapKey(field), { field: copy(field), value });
    this.place(name, dictionary, ttl);
    return Number(result);
  }

  dictionaryLength(name: Bytes): number | undefined {
    return this.dictionary(name)?.fields.size;
  }

  // Sorted sets

  sortedSetPut(name: Bytes, elements: { value: Bytes; score: number }[], ttl: CollectionTtl): void {
    checkTtl(ttl.ttlMs);
    for (const element of elements) checkElementSize(element.value.byteLength);
    const sortedSet = this.sortedSet(name) ?? this.newSortedSet(name);
    let bytes = sortedSet.bytes;
    for (const element of elements) {
      if (!sortedSet.elements.has(mapKey(element.value))) bytes += element.value.byteLength + 8;
    }
    if (bytes > MAX_ITEM_BYTES) throw itemTooLarge(bytes, MAX_ITEM_BYTES);
    for (const element of elements) {
      sortedSet.elements.set(mapKey(element.value), { value: copy(element.value), score: element.score });
    }
    sortedSet.bytes = bytes;
    this.place(name, sortedSet, ttl);
  }

  /** Elements by rank, `start` inclusive and `end` exclusive; negative ranks count from the end. */
  sortedSetFetchByRank(
    name: Bytes,
    order: Order,
    start: number | undefined,
    end: number | undefined,
  ): SortedSetElement[] | undefined {
    const ranked = this.ranked(name, order);
    if (!ranked) return undefined;
    const from = start === undefined ? 0 : start < 0 ? Math.max(0, ranked.length + start) : start;
    const to = end === undefined ? ranked.length : end < 0 ? Math.max(0, ranked.length + end) : end;
    return ranked.slice(from, Math.max(from, to));
  }

  /** Elements with a score within the bounds, in order, then `offset` skipped and at most `count` (negative: all). */
  sortedSetFetchByScore(
    name: Bytes,
    order: Order,
    min: ScoreBound | undefined,
    max: ScoreBound | undefined,
    offset: number,
    count: number,
  ): SortedSetElement[] | undefined {
    const ranked = this.ranked(name, order);
    if (!ranked) return undefined;
    const inRange = ranked.filter((element) => aboveMin(element.score, min) && belowMax(element.score, max));
    return inRange.slice(offset, count < 0 ? undefined : offset + count);
  }

  sortedSetGetScores(name: Bytes, values: Bytes[]): (number | undefined)[] | undefined {
    const sortedSet = this.sortedSet(name);
    if (!sortedSet) return undefined;
    return values.map((value) => sortedSet.elements.get(mapKey(value))?.score);
  }

  /** The element's rank in the order; "missing" when the set is, undefined when only the element is. */
  sortedSetGetRank(name: Bytes, value: Bytes, order: Order): number | undefined | "missing" {
    const ranked = this.ranked(name, order);
    if (!ranked) return "missing";
    const rank = ranked.findIndex((element) => Buffer.compare(element.value, value) === 0);
    return rank < 0 ? undefined : rank;
  }

  sortedSetRemove(name: Bytes, values: Bytes[] | "all"): void {
    const sortedSet = this.sortedSet(name);
    if (!sortedSet) return;
    if (values === "all") {
      this.items.delete(mapKey(name));
      return;
    }
    for (const value of values) {
      if (sortedSet.elements.delete(mapKey(value))) sortedSet.bytes -= value.byteLength + 8;
    }
    if (sortedSet.elements.size === 0) this.items.delete(mapKey(name));
  }

  sortedSetIncrement(name: Bytes, value: Bytes, amount: number, ttl: CollectionTtl): number {
    checkTtl(ttl.ttlMs);
    checkElementSize(value.byteLength);
    const sortedSet = this.sortedSet(name) ?? this.newSortedSet(name);
    const existing = sortedSet.elements.get(mapKey(value));
    const score = (existing?.score ?? 0) + amount;
    if (!existing) sortedSet.bytes += value.byteLength + 8;
    sortedSet.elements.set(mapKey(value), { value: copy(value), score });
    this.place(name, sortedSet, ttl);
    return score;
  }

  sortedSetLength(name: Bytes): number | undefined {
    return this.sortedSet(name)?.elements.size;
  }

  sortedSetLengthByScore(name: Bytes, min: ScoreBound | undefined, max: ScoreBound | undefined): number | undefined {
    const sortedSet = this.sortedSet(name);
    if (!sortedSet) return undefined;
    let length = 0;
    for (const element of sortedSet.elements.values()) {
      if (aboveMin(element.score, min) && belowMax(element.score, max)) length++;
    }
    return length;
  }

  // Internals

  /** The item under the key unless it has expired (an expired one is dropped on the way). */
  private live(key: Bytes): Item | undefined {
    const k = mapKey(key);
    const item = this.items.get(k);
    if (item && item.expiresAt <= this.now()) {
      this.items.delete(k);
      return undefined;
    }
    return item;
  }

  private scalar(key: Bytes): Scalar | undefined {
    return this.ofType(key, "scalar");
  }

  private dictionary(name: Bytes): Dictionary | undefined {
    return this.ofType(name, "dictionary");
  }

  private sortedSet(name: Bytes): SortedSet | undefined {
    return this.ofType(name, "sortedSet");
  }

  private ofType<T extends ItemType>(key: Bytes, type: T): Extract<Item, { type: T }> | undefined {
    const item = this.live(key);
    if (!item) return undefined;
    if (item.type !== type) throw typeMismatch(type, item.type);
    return item as Extract<Item, { type: T }>;
  }

  private newDictionary(name: Bytes): Dictionary {
    return { type: "dictionary", fields: new Map(), bytes: name.byteLength, expiresAt: Number.NaN };
  }

  private newSortedSet(name: Bytes): SortedSet {
    return { type: "sortedSet", elements: new Map(), bytes: name.byteLength, expiresAt: Number.NaN };
  }

  /** Stores a collection after a write: a new one (NaN expiry) gets the TTL, an existing one only when refreshing. */
  private place(name: Bytes, collection: Dictionary | SortedSet, ttl: CollectionTtl): void {
    if (Number.isNaN(collection.expiresAt) || ttl.refresh) collection.expiresAt = this.now() + ttl.ttlMs;
    this.items.set(mapKey(name), collection);
  }

  private ranked(name: Bytes, order: Order): SortedSetElement[] | undefined {
    const sortedSet = this.sortedSet(name);
    if (!sortedSet) return undefined;
    const ascending = [...sortedSet.elements.values()].sort(compareElements);
    return order === "ascending" ? ascending : ascending.reverse();
  }
}
