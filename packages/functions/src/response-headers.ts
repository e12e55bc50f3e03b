/**
 * The response headers of the API, as the OpenAPI document declares them: those every response
 * carries, those a success of some routes carries (named in the route's `successHeaders`), and
 * those of errors. The contract test fails on a header not declared here.
 */
export interface HeaderSpec {
  description: string;
  schema: { type: "string"; pattern?: string; enum?: string[]; minLength?: number };
}

const header = (description: string, schema: HeaderSpec["schema"]): HeaderSpec => ({ description, schema });

/** On every response. */
export const everyResponseHeaders = {
  "x-request-id": header("The request's id: quote it when reporting a problem; the logs carry it.", {
    type: "string",
    minLength: 1,
  }),
  "cache-control": header("Answers are never cached.", { type: "string", enum: ["no-store"] }),
} satisfies Record<string, HeaderSpec>;

/** On a web page's answer (`html` routes), instead of `cache-control: no-store`. */
export const pageHeaders = {
  "cache-control": header("The page may be cached for an hour.", { type: "string", enum: ["public, max-age=3600"] }),
  "content-security-policy": header("The page runs no script and loads nothing.", { type: "string", minLength: 1 }),
  "x-content-type-options": header("Browsers take the page as HTML only.", { type: "string", enum: ["nosniff"] }),
} satisfies Record<string, HeaderSpec>;

export const successHeaders = {
  etag: header('The version of the saved document, as `"3"`: send it back as `If-Match` to save over it.', {
    type: "string",
    pattern: '^"\\d+"$',
  }),
  "idempotent-replayed": header(
    "`true` when this answer replays an earlier purchase with the same `Idempotency-Key` (nothing was charged).",
    { type: "string", enum: ["true", "false"] },
  ),
} satisfies Record<string, HeaderSpec>;

export type SuccessHeader = keyof typeof successHeaders;

/** On answers that say when to retry (429, 503). */
export const retryAfterHeader = {
  "retry-after": header("Seconds to wait before retrying.", { type: "string", pattern: "^\\d+$" }),
} satisfies Record<string, HeaderSpec>;

/** On 401. */
export const authenticateHeader = {
  "www-authenticate": header("How to authenticate: a bearer token.", { type: "string", pattern: "^Bearer " }),
} satisfies Record<string, HeaderSpec>;
