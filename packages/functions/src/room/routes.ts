import * as Room from "@gogh/core/room/schema";
import { SaveHeaders } from "@gogh/core/version";
import { defineRoutes } from "../spec";

// Room documents are larger than the default body limit: 100 placements and room to spare.
const maxRoomBodyBytes = 32 * 1024;

export const roomRoutes = defineRoutes({
  "GET /v1/me/rooms": {
    handler: "room/list-mine",
    auth: "user",
    summary: "The caller's rooms with their versions and CDN URLs.",
    response: Room.RoomList,
  },
  "POST /v1/me/rooms": {
    handler: "room/create",
    auth: "user",
    summary: "Create a room from a document of owned furniture; published to the CDN as version 1.",
    body: Room.SaveRoom,
    response: Room.Room,
    status: 201,
    maxBodyBytes: maxRoomBodyBytes,
    storage: { write: ["rooms/"] },
    errors: ["document_too_large", "items_not_owned", "posters_not_available", "room_limit_reached"],
    successHeaders: ["etag"],
  },
  "GET /v1/me/rooms/{roomId}": {
    handler: "room/get",
    auth: "user",
    summary: "One of the caller's rooms: its version (the ETag) and the CDN URL of the document.",
    path: Room.RoomPath,
    response: Room.Room,
    errors: ["not_found"],
    successHeaders: ["etag"],
  },
  "PUT /v1/me/rooms/{roomId}": {
    handler: "room/save",
    auth: "user",
    summary: "Save a room over the version in If-Match; 412 with the current version when it is stale.",
    path: Room.RoomPath,
    body: Room.SaveRoom,
    headers: SaveHeaders,
    response: Room.Room,
    maxBodyBytes: maxRoomBodyBytes,
    storage: { write: ["rooms/"] },
    errors: ["document_too_large", "items_not_owned", "posters_not_available", "not_found", "version_mismatch"],
    successHeaders: ["etag"],
  },
  "DELETE /v1/me/rooms/{roomId}": {
    handler: "room/remove",
    auth: "user",
    summary: "Delete one of the caller's rooms.",
    path: Room.RoomPath,
    errors: ["not_found"],
  },
  "GET /v1/users/{friendId}/rooms": {
    handler: "room/list-visible",
    auth: "user",
    summary: "A person's rooms the caller may visit: public ones, friends-only ones to friends; none across a block.",
    path: Room.OwnerPath,
    response: Room.RoomList,
    errors: ["not_found"],
  },
});
