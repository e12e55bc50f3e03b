import * as Avatar from "@gogh/core/avatar";
import { versionTag } from "@gogh/core/version";
import { route } from "./route";

export const handler = route("PUT /v1/me/avatar", async ({ user, body, headers }) => {
  const avatar = await Avatar.save({ userId: user.id, expectedVersion: headers["if-match"], document: body });
  return { body: avatar, headers: versionTag(avatar.version) };
});
