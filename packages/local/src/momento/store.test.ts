import { describe, expect, it } from "vitest";
import { CacheError } from "./errors";
import { MAX_TTL_MS } from "./limits";
import { Store } from "./store";

const bytes = (text: string) => Buffer.from(text, "utf8");

function storeWithClock() {
  const clock = { now: 1_000_000 };
  return { clock, store: new Store(() => clock.now) };
}

describe("Store", () => {
  it("expires an item at its TTL to the millisecond, lazily and by sweep", () => {
    const { clock, store } = storeWithClock();
    store.set(bytes("a"), bytes("1"), 250);
    store.set(bytes("b"), bytes("2"), 250);
    clock.now += 249;
    expect(store.get(bytes("a"))?.toString()).toBe("1");
    clock.now += 1;
    expect(store.get(bytes("a"))).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(0);
  });

  it("refuses a TTL that is not positive or is over 24 hours", () => {
    const { store } = storeWithClock();
    expect(() => store.set(bytes("a"), bytes("1"), 0)).toThrow(CacheError);
    expect(() => store.set(bytes("a"), bytes("1"), MAX_TTL_MS + 1)).toThrow(/24 hours/);
    store.set(bytes("a"), bytes("1"), MAX_TTL_MS);
  });

  it("evaluates every SetIf condition", () => {
    const { store } = storeWithClock();
    const key = bytes("k");
    expect(store.setIf(key, bytes("1"), 1_000, { type: "present" })).toBe(false);
    expect(store.setIf(key, bytes("1"), 1_000, { type: "absentOrEqual", value: bytes("x") })).toBe(true);
    expect(store.setIf(key, bytes("2"), 1_000, { type: "equal", value: bytes("x") })).toBe(false);
    expect(store.setIf(key, bytes("2"), 1_000, { type: "equal", value: bytes("1") })).toBe(true);
    expect(store.setIf(key, bytes("3"), 1_000, { type: "presentAndNotEqual", value: bytes("2") })).toBe(false);
    expect(store.setIf(key, bytes("3"), 1_000, { type: "notEqual", value: bytes("9") })).toBe(true);
    expect(store.setIf(key, bytes("4"), 1_000, { type: "absent" })).toBe(false);
    expect(store.get(key)?.toString()).toBe("3");
  });

  it("keeps a collection's expiry unless a write refreshes it", () => {
    const { clock, store } = storeWithClock();
    const name = bytes("d");
    store.dictionarySet(name, [{ field: bytes("a"), value: bytes("1") }], { ttlMs: 100, refresh: true });
    clock.now += 50;
    store.dictionarySet(name, [{ field: bytes("b"), value: bytes("2") }], { ttlMs: 1_000, refresh: false });
    expect(store.remainingTtl(name)).toBe(50);
    store.dictionaryIncrement(name, bytes("n"), 1, { ttlMs: 1_000, refresh: true });
    expect(store.remainingTtl(name)).toBe(1_000);
  });

  it("orders equal scores by value and slices ranks like Momento", () => {
    const { store } = storeWithClock();
    const name = bytes("s");
    const put = (value: string, score: number) =>
      store.sortedSetPut(name, [{ value: bytes(value), score }], { ttlMs: 1_000, refresh: true });
    put("b", 1);
    put("a", 1);
    put("c", 0);
    const values = (start?: number, end?: number) =>
      store.sortedSetFetchByRank(name, "ascending", start, end)?.map((element) => element.value.toString());
    expect(values()).toEqual(["c", "a", "b"]);
    expect(values(1)).toEqual(["a", "b"]);
    expect(values(-1)).toEqual(["b"]);
    expect(values(0, -1)).toEqual(["c", "a"]);
    expect(values(2, 1)).toEqual([]);
    expect(store.sortedSetGetRank(name, bytes("c"), "descending")).toBe(2);
    expect(store.sortedSetGetRank(bytes("none"), bytes("c"), "ascending")).toBe("missing");
  });

  it("deletes a collection when its last element goes", () => {
    const { store } = storeWithClock();
    store.sortedSetPut(bytes("s"), [{ value: bytes("a"), score: 1 }], { ttlMs: 1_000, refresh: true });
    store.sortedSetRemove(bytes("s"), [bytes("a")]);
    expect(store.exists(bytes("s"))).toBe(false);
  });

  it("refuses an increment that would overflow 64 bits", () => {
    const { store } = storeWithClock();
    store.set(bytes("n"), bytes("9223372036854775807"), 1_000);
    expect(() => store.increment(bytes("n"), 1, 1_000)).toThrow(/64-bit/);
  });
});
