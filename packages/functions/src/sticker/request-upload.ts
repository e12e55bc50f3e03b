import * as Sticker from "@gogh/core/sticker";
import { route } from "./route";

export const handler = route("POST /v1/stickers/uploads", async ({ user, body }) => {
  return { status: 201, body: await Sticker.requestUpload({ userId: user.id, ...body }) };
});
