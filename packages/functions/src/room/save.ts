import * as Room from "@gogh/core/room";
import { versionTag } from "@gogh/core/version";
import { route } from "./route";

export const handler = route("PUT /v1/me/rooms/{roomId}", async ({ user, path, body, headers }) => {
  const room = await Room.save({
    userId: user.id,
    roomId: path.roomId,
    expectedVersion: headers["if-match"],
    ...body,
  });
  return { body: room, headers: versionTag(room.version) };
});
