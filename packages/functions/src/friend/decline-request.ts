import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("POST /v1/friends/requests/{id}/decline", async ({ user, path }) => {
  await Friend.answerRequest({ userId: user.id, id: path.id, answer: "decline" });
  return { status: 204 };
});
