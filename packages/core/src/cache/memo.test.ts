import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceClock, now, resetClock } from "../clock";
import { db, transaction } from "../db";
import { trackUsage } from "../usage";
import * as Cache from "./index";
import { memoTiming } from "./memo";
import * as repo from "./repo";

// What the "database" holds for this test: the memo loads from here, one call per load.
const source = new Map<string, string>();
const loads: string[][] = [];
const names = Cache.memo<string>({
  topic: "test:names",
  ttlSeconds: 600,
  maxEntries: 3,
  missingSeconds: 60,
  load: async (keys) => {
    loads.push(keys);
    return new Map(keys.flatMap((key) => (source.has(key) ? [[key, source.get(key)!] as const] : [])));
  },
});

/** A change made by another Lambda: the database and its invalidation row, but not this Lambda's memory. */
async function changeElsewhere(key: string, value: string) {
  source.set(key, value);
  await repo.upsertInvalidations(db(), "test:names", [key], now());
}

beforeEach(() => {
  Cache.resetCache();
  source.clear();
  loads.length = 0;
});

afterEach(() => resetClock());

describe("a memo", () => {
  it("loads a key once, then answers from memory without a query or a Momento operation", async () => {
    source.set("a", "Sakura");
    expect(await names.get("a")).toBe("Sakura");
    const { usage, result } = trackUsage(() => names.get("a"));
    expect(await result).toBe("Sakura");
    expect(usage).toMatchObject({ dbQueries: 0, cacheOps: 0 });
    expect(loads).toEqual([["a"]]);
  });

  it("keeps a value offered from another load, unless it forgot something since that load began", async () => {
    const since = names.version();
    names.offer("a", "offered", since);
    expect(await names.get("a")).toBe("offered");
    expect(loads).toEqual([]);

    source.set("b", "Sakura");
    const before = names.version();
    names.forgetHere("c"); // a change seen while the other load was reading
    names.offer("b", "stale", before);
    expect(await names.get("b")).toBe("Sakura");
    expect(loads).toEqual([["b"]]);
  });

  it("loads the misses of a list in one go", async () => {
    for (const key of ["a", "b", "c"]) source.set(key, key.toUpperCase());
    await names.get("a");
    const found = await names.getMany(["a", "b", "c", "b"]);
    expect([...found]).toEqual([
      ["a", "A"],
      ["b", "B"],
      ["c", "C"],
    ]);
    expect(loads).toEqual([["a"], ["b", "c"]]);
  });

  it("shares one load among concurrent misses of a key", async () => {
    source.set("a", "Sakura");
    const answers = await Promise.all(Array.from({ length: 20 }, () => names.get("a")));
    expect(new Set(answers)).toEqual(new Set(["Sakura"]));
    expect(loads).toEqual([["a"]]);
  });

  it("remembers a missing key for its missingSeconds, then asks again", async () => {
    expect(await names.get("nobody")).toBeUndefined();
    expect(await names.get("nobody")).toBeUndefined();
    expect(loads).toHaveLength(1);
    source.set("nobody", "Now here");
    advanceClock(61_000);
    expect(await names.get("nobody")).toBe("Now here");
  });

  it("keeps at most maxEntries, forgetting the least recently read", async () => {
    for (const key of ["a", "b", "c", "d"]) source.set(key, key);
    await names.getMany(["a", "b", "c"]);
    await names.get("a");
    await names.get("d");
    loads.length = 0;
    await names.getMany(["a", "c", "d"]);
    expect(loads).toEqual([]);
    await names.get("b");
    expect(loads).toEqual([["b"]]);
  });

  it("forgets a key at once on the Lambda that changed it, in the change's transaction", async () => {
    source.set("a", "Old");
    await names.get("a");
    await transaction(async (tx) => {
      source.set("a", "New");
      await Cache.invalidate(tx, "test:names", ["a"]);
    });
    expect(await names.get("a")).toBe("New");
  });

  it("does not keep what a load read between the change and its commit", async () => {
    source.set("a", "Old");
    await transaction(async (tx) => {
      await Cache.invalidate(tx, "test:names", ["a"]);
      // Another request on this Lambda loads before the commit: the database still says Old.
      expect(await names.get("a")).toBe("Old");
      source.set("a", "New");
    });
    expect(await names.get("a")).toBe("New");
  });

  it("sees another Lambda's change within pollSeconds, with one query for the look", async () => {
    source.set("a", "Old");
    await names.get("a");
    await changeElsewhere("a", "New");
    expect(await names.get("a")).toBe("Old");
    advanceClock(memoTiming.pollSeconds * 1000);
    const { usage, result } = trackUsage(() => names.get("a"));
    expect(await result).toBe("New");
    // The look at the changes, and the load of the one that changed.
    expect(usage.dbQueries).toBe(1);
    expect(loads).toEqual([["a"], ["a"]]);
  });

  it("applies a change once, though later looks read it again within the overlap", async () => {
    source.set("a", "Old");
    await names.get("a");
    await changeElsewhere("a", "New");
    advanceClock(memoTiming.pollSeconds * 1000);
    expect(await names.get("a")).toBe("New");
    advanceClock(memoTiming.pollSeconds * 1000);
    expect(await names.get("a")).toBe("New");
    expect(loads).toEqual([["a"], ["a"]]);
  });

  it("writes no invalidation when the transaction rolls back", async () => {
    const before = await repo.changedSince(db(), new Date(0), 1000);
    await expect(
      transaction(async (tx) => {
        await Cache.invalidate(tx, "test:names", ["rolled-back"]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await repo.changedSince(db(), new Date(0), 1000)).toEqual(before);
  });

  it("forgets everything, without reading the changes, after being frozen for staleSeconds", async () => {
    source.set("a", "Old");
    await names.get("a");
    source.set("a", "New");
    advanceClock(memoTiming.staleSeconds * 1000 + 1);
    const { usage, result } = trackUsage(() => names.get("a"));
    expect(await result).toBe("New");
    expect(usage.dbQueries).toBe(0);
  });

  it("forgets everything when more changes came than one look reads", async () => {
    source.set("a", "Old");
    await names.get("a");
    source.set("a", "New");
    const keys = Array.from({ length: memoTiming.maxChangesPerLook + 1 }, (_, index) => `other-${index}`);
    await repo.upsertInvalidations(db(), "test:elsewhere", keys, now());
    advanceClock(memoTiming.pollSeconds * 1000);
    expect(await names.get("a")).toBe("New");
  });

  it("answers a key another reader was loading, though that load finished before this reader's own", async () => {
    // Each load waits until the test releases it, so the order of their endings is the test's.
    const releases = new Map<string, () => void>();
    const gated = Cache.memo<string>({
      topic: "test:overlap",
      ttlSeconds: 600,
      maxEntries: 10,
      load: async (keys) => {
        await new Promise<void>((resolve) => releases.set(keys.join(), resolve));
        return new Map(keys.map((key) => [key, key.toUpperCase()]));
      },
    });
    const first = gated.getMany(["a", "b"]);
    await expect.poll(() => releases.has("a,b")).toBe(true);
    // "b" is being loaded by the first reader; "c" is the second reader's own miss.
    const second = gated.getMany(["b", "c"]);
    await expect.poll(() => releases.has("c")).toBe(true);
    releases.get("a,b")!();
    await first;
    releases.get("c")!();
    expect(Object.fromEntries(await second)).toEqual({ b: "B", c: "C" });
  });

  it("does not keep a value that was invalidated while it was being loaded", async () => {
    let value = "Old";
    let release: () => void = () => {};
    let reading: () => void = () => {};
    const read = new Promise<void>((resolve) => (reading = resolve));
    const gated = Cache.memo<string>({
      topic: "test:gated",
      ttlSeconds: 600,
      maxEntries: 10,
      load: async (keys) => {
        const seen = value;
        reading();
        await new Promise<void>((resolve) => (release = resolve));
        return new Map(keys.map((key) => [key, seen]));
      },
    });
    const first = gated.get("a");
    await read;
    value = "New";
    await transaction((tx) => Cache.invalidate(tx, "test:gated", ["a"]));
    release();
    // The reader that started before the change gets what was true when it started...
    expect(await first).toBe("Old");
    // ...but it is not kept: the next read loads again.
    const second = gated.get("a");
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await second).toBe("New");
  });
});
