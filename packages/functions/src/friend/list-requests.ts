import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("GET /v1/friends/requests", async ({ user }) => {
  return { body: await Friend.listRequests({ userId: user.id }) };
});
