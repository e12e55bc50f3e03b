import * as Space from "@gogh/core/space";
import { route } from "./route";

export const handler = route("POST /v1/spaces/{id}/leave", async ({ user, path }) => {
  await Space.leave({ userId: user.id, spaceId: path.id });
  return { status: 204 };
});
