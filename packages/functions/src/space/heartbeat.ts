import * as Space from "@gogh/core/space";
import { route } from "./route";

export const handler = route("POST /v1/spaces/{id}/heartbeat", async ({ user, path }) => {
  return { body: await Space.heartbeat({ userId: user.id, spaceId: path.id }) };
});
