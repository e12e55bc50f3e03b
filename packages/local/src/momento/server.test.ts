import {
  CacheClient,
  CacheDelete,
  CacheDictionaryFetch,
  CacheDictionaryGetField,
  CacheDictionaryGetFields,
  CacheDictionaryIncrement,
  CacheGet,
  CacheGetBatch,
  CacheIncrement,
  CacheItemGetTtl,
  CacheItemGetType,
  CacheKeysExist,
  CacheSet,
  CacheSetBatch,
  CacheSetIfAbsent,
  CacheSortedSetFetch,
  CacheSortedSetGetRank,
  CacheSortedSetGetScore,
  CacheSortedSetLength,
  CacheSortedSetLengthByScore,
  CacheUpdateTtl,
  CollectionTtl,
  Configurations,
  ItemType,
  MomentoErrorCode,
  MomentoLocalProvider,
  SortedSetOrder,
} from "@gomomento/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMomentoServer, type MomentoServer } from "./index";

let server: MomentoServer;
let client: CacheClient;
let cache: string;

beforeAll(async () => {
  server = await startMomentoServer();
  cache = server.cacheName;
  client = new CacheClient({
    configuration: Configurations.Lambda.latest(),
    credentialProvider: new MomentoLocalProvider({ hostname: "127.0.0.1", port: server.grpcPort }),
    defaultTtlSeconds: 60,
  });
});

afterAll(async () => {
  client.close();
  await server.close();
});

beforeEach(() => server.clear());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("scalars through the real SDK", () => {
  it("answers a miss, then a hit after a set, then a miss after a delete", async () => {
    expect(await client.get(cache, "greeting")).toBeInstanceOf(CacheGet.Miss);
    expect(await client.set(cache, "greeting", "hello")).toBeInstanceOf(CacheSet.Success);
    const hit = await client.get(cache, "greeting");
    expect(hit).toBeInstanceOf(CacheGet.Hit);
    expect((hit as CacheGet.Hit).valueString()).toBe("hello");
    expect(await client.delete(cache, "greeting")).toBeInstanceOf(CacheDelete.Success);
    expect(await client.get(cache, "greeting")).toBeInstanceOf(CacheGet.Miss);
  });

  it("keeps binary values byte for byte", async () => {
    const value = new Uint8Array([0, 255, 1, 128, 0]);
    await client.set(cache, new Uint8Array([1, 2, 3]), value);
    const hit = await client.get(cache, new Uint8Array([1, 2, 3]));
    expect((hit as CacheGet.Hit).valueUint8Array()).toEqual(value);
  });

  it("expires an item at its TTL", async () => {
    await client.set(cache, "short", "lived", { ttl: 1 });
    expect(await client.get(cache, "short")).toBeInstanceOf(CacheGet.Hit);
    await sleep(1_100);
    expect(await client.get(cache, "short")).toBeInstanceOf(CacheGet.Miss);
  });

  it("honours millisecond TTLs set with updateTtl", async () => {
    await client.set(cache, "brief", "x");
    expect(await client.updateTtl(cache, "brief", 150)).toBeInstanceOf(CacheUpdateTtl.Set);
    const ttl = await client.itemGetTtl(cache, "brief");
    expect(ttl).toBeInstanceOf(CacheItemGetTtl.Hit);
    expect((ttl as CacheItemGetTtl.Hit).remainingTtlMillis()).toBeLessThanOrEqual(150);
    await sleep(200);
    expect(await client.get(cache, "brief")).toBeInstanceOf(CacheGet.Miss);
    expect(await client.updateTtl(cache, "brief", 1_000)).toBeInstanceOf(CacheUpdateTtl.Miss);
  });

  it("increases and decreases a TTL only in the asked direction", async () => {
    await client.set(cache, "ttl", "x", { ttl: 10 });
    expect((await client.increaseTtl(cache, "ttl", 5_000)).toString()).toContain("NotSet");
    expect((await client.increaseTtl(cache, "ttl", 20_000)).toString()).toBe("Set");
    expect((await client.decreaseTtl(cache, "ttl", 30_000)).toString()).toContain("NotSet");
    expect((await client.decreaseTtl(cache, "ttl", 2_000)).toString()).toBe("Set");
    const ttl = (await client.itemGetTtl(cache, "ttl")) as CacheItemGetTtl.Hit;
    expect(ttl.remainingTtlMillis()).toBeLessThanOrEqual(2_000);
  });

  it("stores with setIfAbsent only when the key is absent", async () => {
    expect(await client.setIfAbsent(cache, "lock", "first")).toBeInstanceOf(CacheSetIfAbsent.Stored);
    expect(await client.setIfAbsent(cache, "lock", "second")).toBeInstanceOf(CacheSetIfAbsent.NotStored);
    expect(((await client.get(cache, "lock")) as CacheGet.Hit).valueString()).toBe("first");
  });

  it("increments from 0 and refuses a value that is not an integer", async () => {
    const first = await client.increment(cache, "counter", 5);
    expect((first as CacheIncrement.Success).value()).toBe(5);
    const second = await client.increment(cache, "counter", -2);
    expect((second as CacheIncrement.Success).value()).toBe(3);
    expect(((await client.get(cache, "counter")) as CacheGet.Hit).valueString()).toBe("3");

    await client.set(cache, "word", "abc");
    const refused = await client.increment(cache, "word", 1);
    expect(refused).toBeInstanceOf(CacheIncrement.Error);
    expect((refused as CacheIncrement.Error).errorCode()).toBe(MomentoErrorCode.FAILED_PRECONDITION_ERROR);
  });

  it("answers getBatch and setBatch item by item, in order", async () => {
    const stored = await client.setBatch(cache, { a: "1", c: "3" });
    expect(stored).toBeInstanceOf(CacheSetBatch.Success);
    expect((stored as CacheSetBatch.Success).results()).toHaveLength(2);

    const batch = await client.getBatch(cache, ["a", "b", "c"]);
    expect(batch).toBeInstanceOf(CacheGetBatch.Success);
    const results = (batch as CacheGetBatch.Success).results();
    expect(results.map((result) => result.constructor)).toEqual([CacheGet.Hit, CacheGet.Miss, CacheGet.Hit]);
    expect((batch as CacheGetBatch.Success).values()).toEqual({ a: "1", c: "3" });
  });

  it("tells which keys exist", async () => {
    await client.set(cache, "here", "1");
    const exist = await client.keysExist(cache, ["here", "gone", "here"]);
    expect((exist as CacheKeysExist.Success).exists()).toEqual([true, false, true]);
  });

  it("answers NOT_FOUND for another cache, which the SDK reports as cache not found", async () => {
    const response = await client.get("no-such-cache", "key");
    expect(response).toBeInstanceOf(CacheGet.Error);
    expect((response as CacheGet.Error).errorCode()).toBe(MomentoErrorCode.CACHE_NOT_FOUND_ERROR);
  });

  it("answers UNIMPLEMENTED for calls it does not serve", async () => {
    const response = await client.listFetch(cache, "list");
    expect(response.toString()).toContain("UNIMPLEMENTED");
  });

  it("refuses a TTL over 24 hours with INVALID_ARGUMENT", async () => {
    const response = await client.set(cache, "forever", "x", { ttl: 24 * 60 * 60 + 1 });
    expect((response as CacheSet.Error).errorCode()).toBe(MomentoErrorCode.INVALID_ARGUMENT_ERROR);
  });
});

describe("dictionaries through the real SDK", () => {
  it("sets, gets, fetches and removes fields", async () => {
    await client.dictionarySetFields(cache, "profile", { name: "Aoi", mood: "focused" });
    await client.dictionarySetField(cache, "profile", "room", "3");

    const one = await client.dictionaryGetField(cache, "profile", "name");
    expect((one as CacheDictionaryGetField.Hit).valueString()).toBe("Aoi");
    expect(await client.dictionaryGetField(cache, "profile", "nothing")).toBeInstanceOf(CacheDictionaryGetField.Miss);

    const some = await client.dictionaryGetFields(cache, "profile", ["name", "nothing", "room"]);
    expect((some as CacheDictionaryGetFields.Hit).valueRecord()).toEqual({ name: "Aoi", room: "3" });

    await client.dictionaryRemoveFields(cache, "profile", ["mood", "room"]);
    const all = await client.dictionaryFetch(cache, "profile");
    expect((all as CacheDictionaryFetch.Hit).valueRecord()).toEqual({ name: "Aoi" });

    await client.dictionaryRemoveField(cache, "profile", "name");
    expect(await client.dictionaryFetch(cache, "profile")).toBeInstanceOf(CacheDictionaryFetch.Miss);
  });

  it("increments a field", async () => {
    await client.dictionaryIncrement(cache, "counts", "minutes", 25);
    const total = await client.dictionaryIncrement(cache, "counts", "minutes", 5);
    expect((total as CacheDictionaryIncrement.Success).value()).toBe(30);
  });

  it("keeps a collection's TTL unless the write asks to refresh it", async () => {
    await client.dictionarySetField(cache, "session", "a", "1", { ttl: CollectionTtl.of(1) });
    await client.dictionarySetField(cache, "session", "b", "2", {
      ttl: CollectionTtl.of(60).withNoRefreshTtlOnUpdates(),
    });
    const kept = (await client.itemGetTtl(cache, "session")) as CacheItemGetTtl.Hit;
    expect(kept.remainingTtlMillis()).toBeLessThanOrEqual(1_000);

    await client.dictionarySetField(cache, "session", "c", "3", { ttl: CollectionTtl.of(60) });
    const refreshed = (await client.itemGetTtl(cache, "session")) as CacheItemGetTtl.Hit;
    expect(refreshed.remainingTtlMillis()).toBeGreaterThan(59_000);
  });

  it("refuses a dictionary call on a scalar", async () => {
    await client.set(cache, "plain", "x");
    const response = await client.dictionaryFetch(cache, "plain");
    expect((response as CacheDictionaryFetch.Error).errorCode()).toBe(MomentoErrorCode.FAILED_PRECONDITION_ERROR);
  });
});

describe("sorted sets through the real SDK", () => {
  beforeEach(async () => {
    await client.sortedSetPutElements(cache, "space", { aoi: 30, ren: 10, mei: 20, kai: 40 });
  });

  it("fetches by rank in both orders, with negative ranks from the end", async () => {
    const ascending = (await client.sortedSetFetchByRank(cache, "space")) as CacheSortedSetFetch.Hit;
    expect(ascending.value()).toEqual([
      { value: "ren", score: 10 },
      { value: "mei", score: 20 },
      { value: "aoi", score: 30 },
      { value: "kai", score: 40 },
    ]);
    const topTwo = (await client.sortedSetFetchByRank(cache, "space", {
      order: SortedSetOrder.Descending,
      endRank: 2,
    })) as CacheSortedSetFetch.Hit;
    expect(topTwo.value().map((element) => element.value)).toEqual(["kai", "aoi"]);
    const lastTwo = (await client.sortedSetFetchByRank(cache, "space", { startRank: -2 })) as CacheSortedSetFetch.Hit;
    expect(lastTwo.value().map((element) => element.value)).toEqual(["aoi", "kai"]);
  });

  it("fetches by score with offset and count", async () => {
    const range = (await client.sortedSetFetchByScore(cache, "space", {
      minScore: 15,
      maxScore: 40,
      offset: 1,
      count: 2,
    })) as CacheSortedSetFetch.Hit;
    expect(range.value().map((element) => element.value)).toEqual(["aoi", "kai"]);
    expect(await client.sortedSetFetchByScore(cache, "nothing")).toBeInstanceOf(CacheSortedSetFetch.Miss);
  });

  it("reads scores, ranks and lengths, and removes elements", async () => {
    const score = await client.sortedSetGetScore(cache, "space", "mei");
    expect((score as CacheSortedSetGetScore.Hit).score()).toBe(20);
    expect(await client.sortedSetGetScore(cache, "space", "nobody")).toBeInstanceOf(CacheSortedSetGetScore.Miss);

    const rank = await client.sortedSetGetRank(cache, "space", "aoi", { order: SortedSetOrder.Descending });
    expect((rank as CacheSortedSetGetRank.Hit).rank()).toBe(1);

    expect(((await client.sortedSetLength(cache, "space")) as CacheSortedSetLength.Hit).length()).toBe(4);
    const byScore = await client.sortedSetLengthByScore(cache, "space", { minScore: 20, maxScore: 30 });
    expect((byScore as CacheSortedSetLengthByScore.Hit).length()).toBe(2);

    await client.sortedSetRemoveElements(cache, "space", ["ren", "mei"]);
    const left = (await client.sortedSetFetchByRank(cache, "space")) as CacheSortedSetFetch.Hit;
    expect(left.value().map((element) => element.value)).toEqual(["aoi", "kai"]);
  });

  it("increments a score and reports the item type", async () => {
    await client.sortedSetIncrementScore(cache, "space", "ren", 25);
    const score = (await client.sortedSetGetScore(cache, "space", "ren")) as CacheSortedSetGetScore.Hit;
    expect(score.score()).toBe(35);
    const type = (await client.itemGetType(cache, "space")) as CacheItemGetType.Hit;
    expect(type.itemType()).toBe(ItemType.SORTED_SET);
  });
});
