import * as Profile from "@gogh/core/profile";
import { route } from "./route";

export const handler = route("PATCH /v1/me", async ({ user, body }) => {
  return { body: await Profile.updateMe({ userId: user.id, changes: body }) };
});
