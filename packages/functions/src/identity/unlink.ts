import * as Identity from "@gogh/core/identity";
import { route } from "./route";

export const handler = route("DELETE /v1/me/identities/{provider}", async ({ user, path }) => {
  return { body: await Identity.unlink({ userId: user.id, provider: path.provider }) };
});
