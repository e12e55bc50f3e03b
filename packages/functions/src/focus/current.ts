import * as Focus from "@gogh/core/focus";
import { route } from "./route";

export const handler = route("GET /v1/focus/sessions/current", async ({ user }) => {
  return { body: await Focus.running({ userId: user.id }) };
});
