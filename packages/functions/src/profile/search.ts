import * as Friend from "@gogh/core/friend";
import { route } from "./route";

// Search is the profile module's; leaving out blocked people is the friend module's rule.
export const handler = route("GET /v1/users/search", async ({ user, query }) => {
  return { body: await Friend.searchPeople({ viewerId: user.id, ...query }) };
});
