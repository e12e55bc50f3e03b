import * as Profile from "@gogh/core/profile";
import { route } from "../route";

export const handler = route("GET /v1/users/{friendId}", async ({ user, path }) => {
  return { body: await Profile.getByFriendId({ viewerId: user.id, friendId: path.friendId }) };
});
