import * as Notice from "@gogh/core/notice/schema";
import { defineRoutes } from "../spec";

export const noticeRoutes = defineRoutes({
  "GET /v1/notices": {
    handler: "notice/list-notices",
    auth: "none",
    summary:
      "Running announcements for a platform (the query, else X-Client-Platform) in one language (ja, or en falling back to ja), highest priority first.",
    query: Notice.NoticesQuery,
    response: Notice.NoticeList,
    exemptFromAppControl: true,
  },
});
