import * as Cache from "@gogh/core/cache";
import { localMomento } from "@gogh/core/cache/testing";
import { advanceClock, resetClock } from "@gogh/core/clock";
import { db } from "@gogh/core/db";
import * as Profile from "@gogh/core/profile";
import { trackUsage } from "@gogh/core/usage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { examples, successStatus } from "./examples";
import type { RouteName } from "./routes";
import { call, newCaller } from "./testing";

beforeEach(() => localMomento.restore());

afterEach(async () => {
  resetClock();
  await localMomento.restore();
});

describe("GET /v1/users/{friendId}", () => {
  it("answers from the Lambda's memory once warm: no query, no Momento operation", async () => {
    const someone = await newCaller();
    const lookup = () =>
      call("GET /v1/users/{friendId}", { token: someone.accessToken, path: { friendId: someone.friendId } });
    await lookup();
    await Cache.lookAtChangesNow();
    const warm = await lookup();
    expect(warm.status).toBe(200);
    expect(warm.log).toMatchObject({ cacheOps: 0, dbQueries: 0 });
  });

  it("looks up someone this Lambda has never seen in 2 queries: the owner with their card, the viewer's blocks", async () => {
    const [viewer, someone] = [await newCaller(), await newCaller()];
    Cache.resetCache();
    await Cache.lookAtChangesNow();
    const cold = await call("GET /v1/users/{friendId}", {
      token: viewer.accessToken,
      path: { friendId: someone.friendId },
    });
    expect(cold.status).toBe(200);
    expect(cold.body.friendId).toBe(someone.friendId);
    // (A Lambda this new also reads the app's settings from Momento: not the lookup's.)
    expect(cold.log.dbQueries).toBe(2);
    // The card came with its owner: the card by user id is in memory too.
    const card = trackUsage(() => Profile.cardsByUserId({ userIds: [someone.userId] }));
    expect((await card.result).get(someone.userId)?.name).toBe(cold.body.name);
    expect(card.usage.dbQueries).toBe(0);
  });

  it("shows a new name at once on the Lambda that renamed", async () => {
    const someone = await newCaller();
    const lookup = () =>
      call("GET /v1/users/{friendId}", { token: someone.accessToken, path: { friendId: someone.friendId } });
    await lookup();
    await call("PATCH /v1/me", { token: someone.accessToken, body: { name: "新しい名前" } });
    expect((await lookup()).body.name).toBe("新しい名前");
  });

  it("shows a name changed on another Lambda within the memo's poll interval", async () => {
    const [viewer, someone] = [await newCaller(), await newCaller()];
    const lookup = () =>
      call("GET /v1/users/{friendId}", { token: viewer.accessToken, path: { friendId: someone.friendId } });
    const before = (await lookup()).body.name;
    // Another Lambda renames: the database and the invalidation row change, this memory does not.
    await db().updateTable("profiles").set({ name: "別の名前" }).where("user_id", "=", someone.userId).execute();
    await db()
      .insertInto("cache_invalidations")
      .values({ topic: "profile:card", cache_key: someone.userId, changed_at: new Date() })
      .onDuplicateKeyUpdate({ changed_at: new Date() })
      .execute();
    expect((await lookup()).body.name).toBe(before);
    advanceClock(Cache.memoTiming.pollSeconds * 1000);
    expect((await lookup()).body.name).toBe("別の名前");
  });

  it("remembers an unknown Friend ID so that repeated lookups do not reach the database", async () => {
    const someone = await newCaller();
    await call("GET /v1/users/{friendId}", { token: someone.accessToken, path: { friendId: "ZZZZ2222" } });
    const again = await call("GET /v1/users/{friendId}", {
      token: someone.accessToken,
      path: { friendId: "ZZZZ2222" },
    });
    expect(again.status).toBe(404);
    expect(again.log.dbQueries).toBe(0);
  });
});

describe("cards by user id", () => {
  it("reads a list of cards with one query for the misses, then from memory", async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => newCaller()));
    Cache.resetCache();
    await Cache.lookAtChangesNow();
    const ids = people.map((person) => person.userId);
    const first = trackUsage(() => Profile.cardsByUserId({ userIds: ids }));
    // A map by user id, in no particular order.
    expect([...(await first.result).values()].map((card) => card.friendId).sort()).toEqual(
      people.map((p) => p.friendId).sort(),
    );
    expect(first.usage).toMatchObject({ dbQueries: 1, cacheOps: 0 });
    const second = trackUsage(() => Profile.cardsByUserId({ userIds: ids }));
    expect((await second.result).size).toBe(5);
    expect(second.usage).toMatchObject({ dbQueries: 0, cacheOps: 0 });
  });
});

describe("with Momento unreachable", () => {
  it.each(Object.keys(examples) as RouteName[])("%s still answers correctly", async (name) => {
    await localMomento.fault("unavailable");
    const caller = await newCaller();
    const response = await call(name, await examples[name].valid(caller));
    expect(response.status, JSON.stringify(response.body)).toBe(successStatus(name));
  });
});
