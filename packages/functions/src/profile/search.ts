import * as Profile from "@gogh/core/profile";
import { route } from "../route";

export const handler = route("GET /v1/users/search", async ({ user, query }) => {
  return { body: await Profile.search({ viewerId: user.id, ...query }) };
});
