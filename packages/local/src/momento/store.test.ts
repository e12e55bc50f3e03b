import { describe, expect, it } from "vitest";
import { CacheError } from "./errors";
import { MAX_ITEM_BYTES, MAX_TTL_MS } from "./limits";
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

  it("counts the key towards the item size limit", () => {
    const { store } = storeWithClock();
    expect(() => store.set(bytes("k"), new Uint8Array(MAX_ITEM_BYTES), 1_000)).toThrow(/item size limit/i);
    store.set(bytes("k"), new Uint8Array(MAX_ITEM_BYTES - 1), 1_000);
    expect(store.get(bytes("k"))?.byteLength).toBe(MAX_ITEM_BYTES - 1);
  });

  it("keeps values byte for byte, under byte keys", () => {
    const { store } = storeWithClock();
    const value = new Uint8Array([0, 255, 1, 128, 0]);
    store.set(new Uint8Array([0xff, 0x00]), value, 1_000);
    expect(store.get(new Uint8Array([0xff, 0x00]))).toEqual(Buffer.from(value));
    expect(store.get(new Uint8Array([0xff]))).toBeUndefined();
  });
});
