import * as Cache from "@gogh/core/cache";
import { freshMomentoEachTest, localMomento } from "@gogh/core/cache/testing";
import { advanceClock } from "@gogh/core/clock";
import * as Space from "@gogh/core/space";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";
import { librarySpaceId } from "./examples";

// "Cafe", seeded by migration 0005_spaces.
const cafeSpaceId = "01KSPACE00000000000000000B";

beforeEach(freshMomentoEachTest.before);
afterEach(freshMomentoEachTest.after);

/** Lets the shared counts and member lists refresh, as they do every few seconds. */
function waitForSharedViews(): void {
  advanceClock(Space.timing.sharedSeconds * 1000);
}

describe("space routes", () => {
  it("keeps a seat with a heartbeat of one query and no Momento operation", async () => {
    const { accessToken } = await newCaller();
    await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: librarySpaceId } });
    await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path: { id: librarySpaceId } });
    await Cache.lookAtChangesNow();
    const beat = await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path: { id: librarySpaceId } });
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({ spaceId: librarySpaceId, heartbeatSeconds: 30 });
    expect(beat.body.occupancy).toBeGreaterThanOrEqual(1);
    expect(beat.log).toMatchObject({ cacheOps: 0, dbQueries: 1 });
  });

  it("answers a heartbeat without a seat with 409 not_in_space, so the client joins again", async () => {
    const { accessToken } = await newCaller();
    const beat = await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path: { id: cafeSpaceId } });
    expect(beat.status).toBe(409);
    expect(beat.body.error).toMatchObject({ code: "not_in_space" });
    const join = await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: cafeSpaceId } });
    expect(join.status).toBe(200);
    const again = await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path: { id: cafeSpaceId } });
    expect(again.status).toBe(200);
  });

  it("moves someone to another space in one transaction of five queries", async () => {
    const { accessToken } = await newCaller();
    const first = await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: librarySpaceId } });
    const second = await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: cafeSpaceId } });
    expect(second.log).toMatchObject({ cacheOps: 0, dbQueries: first.log.dbQueries });
    expect(second.log.dbQueries).toBe(5);
  });

  it("lists every space with its occupancy from memory", async () => {
    const { accessToken } = await newCaller();
    await call("POST /v1/spaces/{id}/join", { token: accessToken, path: { id: cafeSpaceId } });
    waitForSharedViews();
    const list = await call("GET /v1/spaces", { token: accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(6);
    expect(list.body.items.find((space: { id: string }) => space.id === cafeSpaceId).occupancy).toBeGreaterThan(0);
    const again = await call("GET /v1/spaces", { token: accessToken });
    expect(again.log).toMatchObject({ cacheOps: 0, dbQueries: 0 });
  });

  it("shows members' cards", async () => {
    const member = await newCaller();
    await call("PATCH /v1/me", { token: member.accessToken, body: { name: "図書館の人" } });
    await call("POST /v1/spaces/{id}/join", { token: member.accessToken, path: { id: librarySpaceId } });
    const page = await call("GET /v1/spaces/{id}/members", { token: member.accessToken, path: { id: librarySpaceId } });
    expect(page.status).toBe(200);
    expect(page.body.items.map((card: { name: string }) => card.name)).toContain("図書館の人");
  });

  it("answers 404 for an unknown space", async () => {
    const { accessToken } = await newCaller();
    const path = { id: "01KSPACE0000000000000000ZZ" };
    expect((await call("POST /v1/spaces/{id}/join", { token: accessToken, path })).status).toBe(404);
    expect((await call("POST /v1/spaces/{id}/heartbeat", { token: accessToken, path })).status).toBe(404);
  });
});

describe("space routes while Momento is down or throttling", () => {
  it("keep presence and occupancy right with Momento unavailable", async () => {
    const [sitting, viewer] = [await newCaller(), await newCaller()];
    await localMomento.fault("unavailable");
    Cache.resetCache();
    const path = { id: librarySpaceId };
    const join = await call("POST /v1/spaces/{id}/join", { token: sitting.accessToken, path });
    expect(join.status).toBe(200);
    waitForSharedViews();
    const beat = await call("POST /v1/spaces/{id}/heartbeat", { token: sitting.accessToken, path });
    expect([beat.status, beat.body.occupancy]).toEqual([200, join.body.occupancy]);
    const list = await call("GET /v1/spaces", { token: viewer.accessToken });
    expect(list.body.items.find((space: { id: string }) => space.id === librarySpaceId).occupancy).toBe(
      join.body.occupancy,
    );
    const members = await call("GET /v1/spaces/{id}/members", { token: viewer.accessToken, path });
    expect(members.body.items.map((card: { friendId: string }) => card.friendId)).toContain(sitting.friendId);
    const leave = await call("POST /v1/spaces/{id}/leave", { token: sitting.accessToken, path });
    expect(leave.status).toBe(204);
  });

  it("answer every route while Momento throttles", async () => {
    const { accessToken } = await newCaller();
    // One operation a second: Momento refuses nearly everything.
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
