import * as Avatar from "@gogh/core/avatar/schema";
import { SaveHeaders } from "@gogh/core/version";
import { defineRoutes } from "../spec";

export const avatarRoutes = defineRoutes({
  "GET /v1/me/avatar": {
    handler: "avatar/get",
    auth: "user",
    summary: "The caller's avatar: its version (the ETag) and the CDN URL of the document.",
    response: Avatar.AvatarState,
    successHeaders: ["etag"],
  },
  "PUT /v1/me/avatar": {
    handler: "avatar/save",
    auth: "user",
    summary: 'Save the avatar document over the version in If-Match ("0" the first time); 412 when it is stale.',
    body: Avatar.AvatarDocument,
    headers: SaveHeaders,
    response: Avatar.AvatarState,
    maxBodyBytes: 8 * 1024,
    storage: { write: ["avatars/"] },
    errors: ["document_too_large", "items_not_owned", "version_mismatch"],
    successHeaders: ["etag"],
  },
});
