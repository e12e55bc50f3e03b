import * as Space from "@gogh/core/space";
import { route } from "./route";

export const handler = route("GET /v1/spaces/{id}/members", async ({ user, path, query }) => {
  return { body: await Space.members({ ...query, spaceId: path.id, viewerId: user.id }) };
});
