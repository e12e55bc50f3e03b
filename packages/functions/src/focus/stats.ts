import * as Focus from "@gogh/core/focus";
import { route } from "./route";

export const handler = route("GET /v1/focus/stats", async ({ user, query }) => {
  return { body: await Focus.stats({ userId: user.id, range: query.range }) };
});
