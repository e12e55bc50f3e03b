import * as Friend from "@gogh/core/friend";
import { route } from "./route";

export const handler = route("POST /v1/friends/requests/{id}/accept", async ({ user, path }) => {
  await Friend.answerRequest({ userId: user.id, id: path.id, answer: "accept" });
  return { status: 204 };
});
