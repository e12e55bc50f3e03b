import * as Focus from "@gogh/core/focus";
import { route } from "./route";

export const handler = route("POST /v1/focus/sessions/{id}/finish", async ({ user, path, body }) => {
  return { body: await Focus.finish({ userId: user.id, sessionId: path.id, ...body }) };
});
