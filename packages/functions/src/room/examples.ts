import * as Room from "@gogh/core/room";
import { sampleRoom } from "@gogh/core/room/testing";
import type { Caller, Examples } from "../example";
import type { roomRoutes } from "./routes";

async function ownRoom(caller: Caller): Promise<Room.Room> {
  return Room.create({ userId: caller.userId, name: "My room", visibility: "public", document: sampleRoom() });
}

export const roomExamples: Examples<keyof typeof roomRoutes> = {
  "GET /v1/me/rooms": {
    valid: async (caller) => {
      await ownRoom(caller);
      return { token: caller.accessToken };
    },
    cost: { queries: 1, cacheOps: 0 },
  },
  "POST /v1/me/rooms": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { name: " 勉強部屋 ", visibility: "friends", document: sampleRoom(20) },
    }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { name: "", visibility: "everyone", document: sampleRoom(1, { size: { width: 2, depth: 99 } }) },
    }),
    // Ownership, count, BEGIN, locking count, insert, COMMIT.
    cost: { queries: 5, cacheOps: 0 },
  },
  "GET /v1/me/rooms/{roomId}": {
    valid: async (caller) => ({ token: caller.accessToken, path: { roomId: (await ownRoom(caller)).id } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { roomId: "room-1" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "PUT /v1/me/rooms/{roomId}": {
    valid: async (caller) => ({
      token: caller.accessToken,
      path: { roomId: (await ownRoom(caller)).id },
      body: { name: "Renamed", visibility: "private", document: sampleRoom(5) },
      headers: { "if-match": '"1"' },
    }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      path: { roomId: "room-1" },
      body: { name: "x", visibility: "public", document: { schemaVersion: 2 } },
      headers: { "if-match": '"1"' },
    }),
    // Ownership, the room, the conditional commit.
    cost: { queries: 2, cacheOps: 0 },
  },
  "DELETE /v1/me/rooms/{roomId}": {
    valid: async (caller) => ({ token: caller.accessToken, path: { roomId: (await ownRoom(caller)).id } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { roomId: "room-1" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "GET /v1/users/{friendId}/rooms": {
    // The caller visits the shared example person (caller.friendId), who has no rooms or some.
    valid: ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { friendId: "nope" } }),
    // The Friend ID's owner and the viewer's blocks (both in memory once warm), then the rooms,
    // whose query decides whether the two are friends.
    cost: { queries: 2, cacheOps: 0 },
  },
};
