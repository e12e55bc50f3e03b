import * as Identity from "@gogh/core/identity";
import { route } from "./route";

export const handler = route("GET /v1/me/identities", async ({ user }) => {
  return { body: await Identity.list({ userId: user.id }) };
});
