import * as Focus from "@gogh/core/focus";
import { route } from "./route";

export const handler = route("POST /v1/focus/sessions/{id}/abandon", async ({ user, path }) => {
  return { body: await Focus.abandon({ userId: user.id, sessionId: path.id }) };
});
