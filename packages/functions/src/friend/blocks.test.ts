import { blockedByAll } from "@gogh/core/block/testing";
import { transaction } from "@gogh/core/db";
import { newId } from "@gogh/core/id";
import { insertPeople } from "@gogh/core/profile/testing";
import * as Room from "@gogh/core/room";
import { sampleRoom } from "@gogh/core/room/testing";
import * as Space from "@gogh/core/space";
import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../example";
import { call, newCaller } from "../testing";

const blockerCount = 5_001;

let person: Caller;
let blockers: { userId: string; friendId: string; name: string }[];
let stranger: Caller;
let spaceId: string;

/** Someone blocked by 5,001 people, a stranger named like them, and a space where both kinds sit. */
beforeAll(async () => {
  person = await newCaller();
  blockers = await insertPeople(Array.from({ length: blockerCount }, (_, index) => `Shadow ${index}`));
  await blockedByAll(
    blockers.map((blocker) => blocker.userId),
    person.userId,
  );
  stranger = await newCaller();
  await call("PATCH /v1/me", { token: stranger.accessToken, body: { name: "Shadow free" } });
  spaceId = (
    await transaction((tx) =>
      Space.createWithin(tx, { slug: `blocks-${newId().toLowerCase()}`, name: "Blocks", capacity: 10 }),
    )
  ).id;
  for (const userId of [blockers[0]!.userId, blockers[1]!.userId, stranger.userId])
    await Space.join({ userId, spaceId });
  await Room.create({ userId: blockers[0]!.userId, name: "Den", visibility: "public", document: sampleRoom() });
}, 120_000);

describe(`someone blocked by ${blockerCount.toLocaleString("en")} people`, () => {
  it("searches without them, page after page, and finds everyone else", async () => {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET /v1/users/search", {
        token: person.accessToken,
        query: { q: "shadow", limit: 50, ...(cursor ? { cursor } : {}) },
      });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      found.push(...page.body.items.map((card: { name: string }) => card.name));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(found).toEqual(["Shadow free"]);
  });

  it("cannot look them up, visit their rooms or ask them, and still reaches everyone else", async () => {
    const blocker = blockers[0]!.friendId;
    const asPerson = { token: person.accessToken };
    expect((await call("GET /v1/users/{friendId}", { ...asPerson, path: { friendId: blocker } })).status).toBe(404);
    expect((await call("GET /v1/users/{friendId}/rooms", { ...asPerson, path: { friendId: blocker } })).status).toBe(
      404,
    );
    const refused = await call("POST /v1/friends/requests", { ...asPerson, body: { friendId: blocker } });
    expect([refused.status, refused.body.error.code]).toEqual([404, "not_found"]);

    expect(
      (await call("GET /v1/users/{friendId}", { ...asPerson, path: { friendId: stranger.friendId } })).status,
    ).toBe(200);
    const asked = await call("POST /v1/friends/requests", { ...asPerson, body: { friendId: stranger.friendId } });
    expect(asked.body).toEqual({ status: "pending" });
    expect((await call("GET /v1/friends/requests", asPerson)).body.outgoing).toHaveLength(1);
    expect((await call("GET /v1/friends", asPerson)).status).toBe(200);
  });

  it("sees only the others among a space's members", async () => {
    const members = await call("GET /v1/spaces/{id}/members", { token: person.accessToken, path: { id: spaceId } });
    expect(members.status).toBe(200);
    expect(members.body.items.map((card: { name: string }) => card.name)).toEqual(["Shadow free"]);
  });

  it("blocks and unblocks others as usual", async () => {
    const path = { friendId: stranger.friendId };
    expect((await call("POST /v1/blocks/{friendId}", { token: person.accessToken, path })).status).toBe(204);
    expect((await call("DELETE /v1/blocks/{friendId}", { token: person.accessToken, path })).status).toBe(204);
  });

  it("is hidden the same way from someone who blocks them through the API", async () => {
    const blocker = await newCaller();
    await call("PATCH /v1/me", { token: blocker.accessToken, body: { name: "Watcher" } });
    await call("PATCH /v1/me", { token: person.accessToken, body: { name: "Watched" } });
    const path = { friendId: person.friendId };
    expect((await call("POST /v1/blocks/{friendId}", { token: blocker.accessToken, path })).status).toBe(204);
    const search = await call("GET /v1/users/search", { token: blocker.accessToken, query: { q: "watched" } });
    expect(search.body.items).toEqual([]);
    expect((await call("GET /v1/users/{friendId}", { token: blocker.accessToken, path })).status).toBe(404);
    const back = await call("GET /v1/users/search", { token: person.accessToken, query: { q: "watcher" } });
    expect(back.body.items).toEqual([]);
  });
});
