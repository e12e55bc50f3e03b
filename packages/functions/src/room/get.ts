import * as Room from "@gogh/core/room";
import { versionTag } from "@gogh/core/version";
import { route } from "./route";

export const handler = route("GET /v1/me/rooms/{roomId}", async ({ user, path }) => {
  const room = await Room.get({ userId: user.id, roomId: path.roomId });
  return { body: room, headers: versionTag(room.version) };
});
