import * as Account from "@gogh/core/account";
import { route } from "./route";

export const handler = route("POST /v1/auth/signout", async ({ user, body }) => {
  await Account.signout({ userId: user.id, sessionId: user.sessionId, allDevices: body.allDevices });
  return { status: 204 };
});
