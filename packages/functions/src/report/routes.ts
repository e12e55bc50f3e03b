import * as Report from "@gogh/core/report/schema";
import { defineRoutes } from "../spec";

export const reportRoutes = defineRoutes({
  "POST /v1/reports": {
    errors: ["not_found", "cannot_report_own"],
    handler: "report/create",
    auth: "user",
    summary:
      "Report a person (Friend ID), a sticker or poster, or a room, with a reason and an optional note; a repeat while it is open answers the same report.",
    body: Report.ReportBody,
    response: Report.Receipt,
    status: 202,
    rateLimited: true,
  },
});
