import * as Item from "@gogh/core/item";
import { route } from "./route";

export const handler = route("GET /v1/me/items", async ({ user, query }) => {
  return { body: await Item.inventory({ userId: user.id, ...query }) };
});
