import * as Sticker from "@gogh/core/sticker";
import { route } from "./route";

export const handler = route("GET /v1/stickers", async ({ user, query }) => {
  return { body: await Sticker.list({ userId: user.id, ...query }) };
});
