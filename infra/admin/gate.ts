// The admin console's Lambda handler as deployed (infra/admin.ts): an address allow-list in front
// of the console, so that its login page is not open to the whole internet. The function URL
// reports the caller's own address (requestContext.http.sourceIp, not a header a client can set).
import { handler as adminConsole } from "../../packages/admin/src/lambda";
import { addressFilter } from "./allow-list";

/** Set by infra/admin.ts from GOGH_ADMIN_ALLOWED_IPS; absent or empty, nobody gets in. */
const allowed = addressFilter((process.env.GOGH_ADMIN_ALLOWED_IPS ?? "").split(",").filter(Boolean));

/** What the gate reads of a function URL's event (payload 2.0); the console reads the rest. */
type Event = Parameters<typeof adminConsole>[0] & { requestContext: { http: { sourceIp: string } } };

export async function handler(event: Event, context: Parameters<typeof adminConsole>[1]) {
  if (!allowed(event.requestContext.http.sourceIp)) {
    return {
      statusCode: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      body: "Forbidden: this address may not open the console (GOGH_ADMIN_ALLOWED_IPS).\n",
    };
  }
  return adminConsole(event, context);
}
