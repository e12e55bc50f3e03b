import * as Space from "@gogh/core/space";
import { route } from "./route";

export const handler = route("POST /v1/spaces/{id}/join", async ({ user, path }) => {
  return { body: await Space.join({ userId: user.id, spaceId: path.id }) };
});
