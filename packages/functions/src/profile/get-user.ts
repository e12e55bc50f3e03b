import * as Friend from "@gogh/core/friend";
import { route } from "./route";

// Cards are the profile module's; hiding blocked people is the friend module's rule.
export const handler = route("GET /v1/users/{friendId}", async ({ user, path }) => {
  return { body: await Friend.lookUp({ viewerId: user.id, friendId: path.friendId }) };
});
