import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("POST /v1/friends/requests", async ({ user, body }) => {
  return { body: await Friend.sendRequest({ userId: user.id, friendId: body.friendId }) };
});
