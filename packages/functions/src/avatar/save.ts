import * as Avatar from "@gogh/core/avatar";
import { expectedVersion, versionTag } from "../if-match";
import { route } from "./route";

export const handler = route("PUT /v1/me/avatar", async ({ user, body, headers }) => {
  const avatar = await Avatar.save({ userId: user.id, expectedVersion: expectedVersion(headers), document: body });
  return { body: avatar, headers: versionTag(avatar.version) };
});
