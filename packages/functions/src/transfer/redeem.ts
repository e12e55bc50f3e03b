import * as Transfer from "@gogh/core/transfer";
import { route } from "./route";

export const handler = route("POST /v1/auth/transfer", async ({ body, sourceIp }) => {
  return { body: await Transfer.redeem({ ...body, address: sourceIp }) };
});
