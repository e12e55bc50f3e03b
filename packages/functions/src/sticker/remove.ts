import * as Sticker from "@gogh/core/sticker";
import { route } from "./route";

export const handler = route("DELETE /v1/stickers/{id}", async ({ user, path }) => {
  await Sticker.remove({ userId: user.id, stickerId: path.id });
  return { status: 204 };
});
