import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("POST /v1/friends/requests/{id}/cancel", async ({ user, path }) => {
  await Friend.answerRequest({ userId: user.id, id: path.id, answer: "cancel" });
  return { status: 204 };
});
