import { localMomento } from "@gogh/core/cache/testing";
import * as Profile from "@gogh/core/profile";
import { trackUsage } from "@gogh/core/usage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { examples, successStatus } from "./examples";
import type { RouteName } from "./routes";
import { call, newCaller } from "./testing";

beforeEach(() => localMomento.restore());

afterEach(() => localMomento.restore());

describe("GET /v1/users/{friendId}", () => {
  it("makes two cache reads (the card, the caller's blocks) and no query once warm", async () => {
    const someone = await newCaller();
    await call("GET /v1/users/{friendId}", { token: someone.accessToken, path: { friendId: someone.friendId } });
    const warm = await call("GET /v1/users/{friendId}", {
      token: someone.accessToken,
      path: { friendId: someone.friendId },
    });
    expect(warm.status).toBe(200);
    expect(warm.log).toMatchObject({ cacheOps: 2, dbQueries: 0 });
  });

  it("shows a new name at once: the rename drops the cached card", async () => {
    const someone = await newCaller();
    const lookup = () =>
      call("GET /v1/users/{friendId}", { token: someone.accessToken, path: { friendId: someone.friendId } });
    await lookup();
    await call("PATCH /v1/me", { token: someone.accessToken, body: { name: "新しい名前" } });
    expect((await lookup()).body.name).toBe("新しい名前");
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
  it("reads a list of cards in one batch and queries only for the misses", async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => newCaller()));
    const ids = await Promise.all(
      people.map(async ({ accessToken }) => (await call("GET /v1/me", { token: accessToken })).body.userId as string),
    );
    const first = trackUsage(() => Profile.cardsByUserId({ userIds: ids }));
    expect([...(await first.result).values()].map((card) => card.friendId)).toEqual(people.map((p) => p.friendId));
    expect(first.usage).toEqual({ dbQueries: 1, cacheOps: 10, cacheThrottled: 0, storageOps: 0 });
    const second = trackUsage(() => Profile.cardsByUserId({ userIds: ids }));
    expect((await second.result).size).toBe(5);
    expect(second.usage).toEqual({ dbQueries: 0, cacheOps: 5, cacheThrottled: 0, storageOps: 0 });
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
