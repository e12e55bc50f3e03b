import * as Sticker from "@gogh/core/sticker";
import { route } from "./route";

export const handler = route("POST /v1/stickers/{id}/complete", async ({ user, path }) => {
  return { body: await Sticker.complete({ userId: user.id, stickerId: path.id }) };
});
