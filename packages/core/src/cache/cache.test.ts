import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "../clock";
import { trackUsage } from "../usage";
import * as Cache from "./index";
import { localMomento } from "./testing";

beforeEach(async () => {
  await localMomento.restore();
  await localMomento.clear();
  await localMomento.resetStats();
});

afterEach(async () => {
  resetClock();
  await localMomento.restore();
});

let unique = 0;
const key = (name: string) => `test:${name}:${Date.now()}:${unique++}`;

describe("the cache through the local Momento server", () => {
  it("misses, then hits what was set", async () => {
    const k = key("hit");
    expect(await Cache.get(k)).toBeUndefined();
    await Cache.set(k, { name: "さくら", n: 1 }, 60);
    expect(await Cache.get(k)).toEqual({ name: "さくら", n: 1 });
  });

  it("drops keys", async () => {
    const k = key("drop");
    await Cache.set(k, 1, 60);
    await Cache.drop(k);
    expect(await Cache.get(k)).toBeUndefined();
  });

  it("stores a large value deflated so it bills fewer KiB, and reads it back", async () => {
    const k = key("large");
    const value = { text: "ねこ".repeat(2_000) };
    await Cache.set(k, value, 60);
    expect(await Cache.get(k)).toEqual(value);
    const { operations } = await localMomento.stats();
    expect(operations.set).toBe(1);
  });
});

describe("the operations the layer counts", () => {
  it("are what the Momento server bills: per started KiB sent and received, one for a miss", async () => {
    const k = key("billing");
    // Random bytes do not deflate: 3 KiB of value on the wire.
    const value = randomBytes(1536).toString("hex");
    const set = trackUsage(() => Cache.set(k, value, 60));
    await set.result;
    const hit = trackUsage(() => Cache.get(k));
    expect(await hit.result).toBe(value);
    const miss = trackUsage(() => Cache.get(key("absent")));
    await miss.result;
    const counted = [set.usage.cacheOps, hit.usage.cacheOps, miss.usage.cacheOps];
    // Over a KiB each way for the set and the hit; a small miss is one.
    expect(counted[0]).toBeGreaterThan(1);
    expect(counted[1]).toBeGreaterThan(counted[0]!);
    expect(counted[2]).toBe(1);
    expect(set.usage.cacheCalls + hit.usage.cacheCalls + miss.usage.cacheCalls).toBe(3);
    expect((await localMomento.stats()).billedOperations).toBe(counted.reduce((sum, ops) => sum + ops, 0));
  });
});

describe("cached()", () => {
  it("loads once, then serves from the cache", async () => {
    const k = key("read-through");
    let loads = 0;
    const load = async () => ({ loaded: ++loads });
    expect(await Cache.cached(k, 60, load)).toEqual({ loaded: 1 });
    expect(await Cache.cached(k, 60, load)).toEqual({ loaded: 1 });
    expect(loads).toBe(1);
  });

  it("turns 50 concurrent misses for one key into one cache read and one load", async () => {
    const k = key("single-flight");
    let loads = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await released;
      return "value";
    };
    const { usage, result } = trackUsage(() =>
      Promise.all(Array.from({ length: 50 }, () => Cache.cached(k, 60, load))),
    );
    // Every caller is waiting on the one load by the time it finishes.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await result).toEqual(Array(50).fill("value"));
    expect(loads).toBe(1);
    // One read that missed, one write of the loaded value.
    expect(usage.cacheOps).toBe(2);
  });

  it("remembers that something was not found", async () => {
    const k = key("missing");
    let loads = 0;
    const load = async () => {
      loads++;
      return undefined;
    };
    expect(await Cache.cached(k, 60, load)).toBeUndefined();
    expect(await Cache.cached(k, 60, load)).toBeUndefined();
    expect(loads).toBe(1);
  });

  it("keeps hot values in memory without calling Momento", async () => {
    const k = key("memory");
    await Cache.cached(k, 60, async () => "hot", { memorySeconds: 30 });
    const { usage, result } = trackUsage(() => Cache.cached(k, 60, async () => "other", { memorySeconds: 30 }));
    expect(await result).toBe("hot");
    expect(usage.cacheOps).toBe(0);
  });
});

describe("when Momento throttles or fails", () => {
  it("answers from the origin and stops calling Momento while the circuit is open", async () => {
    const k = key("throttled");
    // One operation a second: the test is about what the layer does once Momento says no.
    await localMomento.limit(1);
    let loads = 0;
    const load = async () => ++loads;
    for (let i = 0; i < 20; i++) expect(await Cache.cached(k, 60, load)).toBeGreaterThan(0);
    const { throttled, requests } = await localMomento.stats();
    expect(throttled).toBeGreaterThan(0);
    // 20 read-throughs would be 40 calls without the circuit.
    expect(requests).toBeLessThan(10);
  });

  it("skips an item Momento refuses as too large without backing off from Momento", async () => {
    const huge = randomBytes(6 * 1024 * 1024).toString("base64");
    const k = key("huge");
    await Cache.set(k, huge, 60);
    expect(await Cache.get(k)).toBeUndefined();
    const small = key("small");
    await Cache.set(small, "fits", 60);
    expect(await Cache.get(small)).toBe("fits");
  });

  it("treats an unavailable server as a miss", async () => {
    await localMomento.fault("unavailable");
    expect(await Cache.cached(key("down"), 60, async () => "from origin")).toBe("from origin");
  });

  it("gives up on a slow server at the client deadline instead of waiting for it", async () => {
    // The server would answer after a minute; only the client's deadline lets this finish.
    await localMomento.fault("slow", 60_000);
    expect(await Cache.cached(key("slow"), 60, async () => "from origin")).toBe("from origin");
    expect((await localMomento.stats()).faulted).toBeGreaterThan(0);
  });

  it("calls Momento again once the circuit has closed", async () => {
    await localMomento.fault("unavailable");
    await Cache.get(key("probe"));
    await localMomento.fault("none");
    // The first pause is at most a second.
    advanceClock(1_000);
    const k = key("recovered");
    await Cache.set(k, "back", 60);
    expect(await Cache.get(k)).toBe("back");
  });
});
