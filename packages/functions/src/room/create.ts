import * as Room from "@gogh/core/room";
import { versionTag } from "@gogh/core/version";
import { route } from "./route";

export const handler = route("POST /v1/me/rooms", async ({ user, body }) => {
  const room = await Room.create({ userId: user.id, ...body });
  return { status: 201, body: room, headers: versionTag(room.version) };
});
