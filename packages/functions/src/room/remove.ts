import * as Room from "@gogh/core/room";
import { route } from "./route";

export const handler = route("DELETE /v1/me/rooms/{roomId}", async ({ user, path }) => {
  await Room.remove({ userId: user.id, roomId: path.roomId });
  return { status: 204 };
});
