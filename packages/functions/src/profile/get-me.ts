import * as Profile from "@gogh/core/profile";
import { route } from "./route";

export const handler = route("GET /v1/me", async ({ user }) => {
  return { body: await Profile.getMe({ userId: user.id }) };
});
