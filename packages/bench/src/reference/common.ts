// What a hand-written Lambda needs around its SQL, the yardstick for a route's cold start: the
// raw PlanetScale driver, the configuration read straight from the environment, an HS256 check
// with node:crypto and plain input checks. No Kysely, no zod, no SST `Resource`, no route()
// wrapper; the same answers and the same error shape for what the bench sends.
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Connection, connect } from "@planetscale/database";

export interface Event {
  headers: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext: { requestId: string };
}

export interface Result {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function resource<T>(name: string): T {
  return JSON.parse(process.env[`SST_RESOURCE_${name}`] ?? "{}") as T;
}

let connection: Connection | undefined;

export function database(): Connection {
  if (!connection) {
    const { host, username, password } = resource<{ host: string; username: string; password: string }>("Database");
    const url = new URL(/^https?:\/\//.test(host) ? host : `https://${host}`);
    url.username = username;
    url.password = password;
    // The global fetch at each call (not at connect), so that the bench can watch the calls.
    connection = connect({ url: url.toString(), fetch: (input, init) => fetch(input, init) });
  }
  return connection;
}

export function cdnUrl(key: string): string {
  return `${resource<{ cdnUrl: string }>("Storage").cdnUrl.replace(/\/$/, "")}/${key}`;
}

/** DATETIME as the driver returns it ("2026-11-30 12:01:03.195", UTC) → ISO 8601. */
export function isoTime(value: string): string {
  return new Date(`${value.replace(" ", "T")}Z`).toISOString();
}

const base64url = (text: string) => Buffer.from(text, "base64url");

/** The caller's id from `Authorization: Bearer <HS256 JWT>` as the API signs it, or a 401. */
export function userIdOf(event: Event): string {
  const header = event.headers.authorization;
  if (!header) throw new Refusal(401, "unauthorized", "Sign in first.");
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const parts = token?.split(".") ?? [];
  if (parts.length !== 3) throw invalidToken();
  const [head, body, signature] = parts as [string, string, string];
  const secret = resource<{ value: string }>("JwtSecret").value;
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = base64url(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
  let header_: { alg?: unknown };
  let claims: { iss?: unknown; aud?: unknown; sub?: unknown; sid?: unknown; iat?: unknown; exp?: unknown };
  try {
    header_ = JSON.parse(base64url(head).toString("utf8"));
    claims = JSON.parse(base64url(body).toString("utf8"));
  } catch {
    throw invalidToken();
  }
  const now = Math.floor(Date.now() / 1000);
  const { iss, aud, sub, sid, iat, exp } = claims;
  const audienceOk = aud === "gogh-api" || (Array.isArray(aud) && aud.includes("gogh-api"));
  if (
    header_.alg !== "HS256" ||
    iss !== "gogh" ||
    !audienceOk ||
    typeof sub !== "string" ||
    typeof sid !== "string" ||
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    exp <= now ||
    exp - iat > 15 * 60 ||
    iat > now + 5
  ) {
    throw invalidToken();
  }
  return sub;
}

function invalidToken(): Refusal {
  return new Refusal(401, "invalid_token", "The access token is invalid or expired.");
}

/** Runs the work, answering JSON with the request id, and any refusal in the API's error shape. */
export async function respond(
  event: Event,
  work: () => Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>,
): Promise<Result> {
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-request-id": event.requestContext.requestId,
  };
  try {
    const { status = 200, body, headers: own } = await work();
    return { statusCode: status, headers: { ...headers, ...own }, body: JSON.stringify(body) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return {
      statusCode: error.status,
      headers,
      body: JSON.stringify({ error: { code: error.code, message: error.message } }),
    };
  }
}

const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function checkId(value: string | undefined, field: string): string {
  if (value === undefined || !idPattern.test(value))
    throw new Refusal(400, "validation_failed", `${field} is not an id.`);
  return value;
}
