import * as Identity from "@gogh/core/identity";
import { route } from "./route";

export const handler = route("POST /v1/me/identities", async ({ user, body }) => {
  return { body: await Identity.link({ ...body, userId: user.id }) };
});
