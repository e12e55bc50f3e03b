import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("GET /v1/friends", async ({ user, query }) => {
  return { body: await Friend.listFriends({ userId: user.id, ...query }) };
});
