import * as Item from "@gogh/core/item";
import { route } from "./route";

export const handler = route("GET /v1/items", async ({ query }) => {
  return { body: await Item.list(query) };
});
