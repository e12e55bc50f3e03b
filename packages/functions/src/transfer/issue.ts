import * as Transfer from "@gogh/core/transfer";
import { route } from "./route";

export const handler = route("POST /v1/me/transfer-code", async ({ user, body }) => {
  return { body: await Transfer.issue({ userId: user.id, passphrase: body.passphrase }) };
});
