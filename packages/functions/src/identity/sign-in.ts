import * as Identity from "@gogh/core/identity";
import { route } from "./route";

export const handler = route("POST /v1/auth/identity", async ({ body, sourceIp }) => {
  return { body: await Identity.signIn({ ...body, address: sourceIp }) };
});
