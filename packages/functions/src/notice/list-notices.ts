import * as Notice from "@gogh/core/notice";
import { route } from "./route";

export const handler = route("GET /v1/notices", async ({ query, headers }) => {
  const platform = query.platform ?? Notice.platformOf(headers["x-client-platform"]);
  return { body: await Notice.active({ lang: query.lang, platform }) };
});
