import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("DELETE /v1/friends/{friendId}", async ({ user, path }) => {
  await Friend.removeFriend({ userId: user.id, friendId: path.friendId });
  return { status: 204 };
});
