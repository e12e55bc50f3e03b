import * as Avatar from "@gogh/core/avatar";
import { versionTag } from "@gogh/core/version";
import { route } from "./route";

export const handler = route("GET /v1/me/avatar", async ({ user }) => {
  const avatar = await Avatar.get({ userId: user.id });
  return { body: avatar, headers: versionTag(avatar.version) };
});
