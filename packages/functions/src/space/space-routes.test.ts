import * as Cache from "@gogh/core/cache";
import { localMomento } from "@gogh/core/cache/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";
import { librarySpaceId } from "./examples";

// "Cafe", seeded by migration 0005_spaces.
const cafeSpaceId = "01KSPACE00000000000000000B";

beforeEach(() => localMomento.restore());

afterEach(() => localMomento.restore());

describe("space routes' cache budget", () => {
  it("keeps a live member's heartbeat at five cache operations and no query", async () => {
    const { accessToken } = await newCaller();
    await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: librarySpaceId } });
    const beat = await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path: { id: librarySpaceId } });
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({ spaceId: librarySpaceId, heartbeatSeconds: 30 });
    expect(beat.log).toMatchObject({ cacheOps: 5, dbQueries: 0 });
  });

  it("joins with six cache operations and one query, nine when it leaves another space first", async () => {
    const { accessToken } = await newCaller();
    const first = await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: librarySpaceId } });
    expect(first.log).toMatchObject({ cacheOps: 6, dbQueries: 1 });
    const second = await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: cafeSpaceId } });
    expect(second.log).toMatchObject({ cacheOps: 9, dbQueries: 1 });
  });

  it("lists every space with one cache read and one query", async () => {
    const { accessToken } = await newCaller();
    await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: cafeSpaceId } });
    const list = await call("GET /v1/spaces", { token: accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(6);
    expect(list.body.items.find((space: { id: string }) => space.id === cafeSpaceId).occupancy).toBeGreaterThan(0);
    expect(list.log).toMatchObject({ cacheOps: 1, dbQueries: 1 });
  });

  it("shows members' cards after one cache read for the set and one batch for the cards", async () => {
    const member = await newCaller();
    await call("PATCH /v1/me", { token: member.accessToken, body: { name: "図書館の人" } });
    await call("POST /v1/spaces/{id}/join", { token: member.accessToken, path: { id: librarySpaceId } });
    const page = await call("GET /v1/spaces/{id}/members", {
      token: member.accessToken,
      path: { id: librarySpaceId },
    });
    expect(page.status).toBe(200);
    expect(page.body.items.map((card: { name: string }) => card.name)).toContain("図書館の人");
    expect(page.log.dbQueries).toBeLessThanOrEqual(2);
  });

  it("answers 404 for an unknown space", async () => {
    const { accessToken } = await newCaller();
    const unknown = await call("POST /v1/spaces/{id}/join", {
      token: accessToken,
      path: { id: "01KSPACE0000000000000000ZZ" },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("space routes with the cache unavailable", () => {
  it("still answer every route, with everyone gone and every count 0", async () => {
    const { accessToken } = await newCaller();
    await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: librarySpaceId } });
    await localMomento.fault("unavailable");
    Cache.resetCache();
    const path = { id: librarySpaceId };

    const list = await call("GET /v1/spaces", { token: accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.every((space: { occupancy: number }) => space.occupancy === 0)).toBe(true);
    const join = await call("POST /v1/spaces/{id}/join", { token: accessToken, path });
    expect([join.status, join.body.occupancy]).toEqual([200, 0]);
    const beat = await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path });
    expect([beat.status, beat.body.occupancy]).toEqual([200, 0]);
    const members = await call("GET /v1/spaces/{id}/members", { token: accessToken, path });
    expect([members.status, members.body.items]).toEqual([200, []]);
    const leave = await call("POST /v1/spaces/{id}/leave", { token: accessToken, path });
    expect(leave.status).toBe(204);
  });

  it("still answer while Momento throttles", async () => {
    const { accessToken } = await newCaller();
    await localMomento.limit(1);
    const path = { id: cafeSpaceId };
    for (const name of [
      "POST /v1/spaces/{id}/join",
      "POST /v1/spaces/{id}/heartbeat",
      "GET /v1/spaces/{id}/members",
      "POST /v1/spaces/{id}/leave",
    ] as const) {
      const response = await call(name, { token: accessToken, path });
      expect(response.status, name).toBeLessThan(300);
    }
    expect((await call("GET /v1/spaces", { token: accessToken })).status).toBe(200);
  });
});
