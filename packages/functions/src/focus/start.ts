import * as Focus from "@gogh/core/focus";
import { route } from "./route";

export const handler = route("POST /v1/focus/sessions", async ({ user, body }) => {
  return { status: 201, body: await Focus.start({ userId: user.id, session: body }) };
});
