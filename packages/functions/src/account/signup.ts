import * as Account from "@gogh/core/account";
import { route } from "./route";

export const handler = route("POST /v1/auth/signup", async ({ body, sourceIp }) => {
  return { body: await Account.signup({ ...body, address: sourceIp }) };
});
