import * as Report from "@gogh/core/report";
import { route } from "./route";

export const handler = route("POST /v1/reports", async ({ user, body }) => {
  return { body: await Report.report({ ...body, reporterId: user.id }) };
});
