import * as Room from "@gogh/core/room";
import { route } from "./route";

export const handler = route("GET /v1/users/{friendId}/rooms", async ({ user, path }) => {
  return { body: await Room.listVisible({ viewerId: user.id, friendId: path.friendId }) };
});
