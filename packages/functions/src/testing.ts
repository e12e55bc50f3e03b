import type { Tokens } from "@gogh/core/account";
import { logSink } from "@gogh/core/log";
import { routeEvent } from "./event";
import type { Caller, ExampleRequest } from "./example";
import { loadHandler } from "./load";
import type { RouteName } from "./routes";

export type CallOptions = ExampleRequest;

export interface RequestLog {
  level: string;
  status: number;
  route: string;
  requestId: string;
  userId?: string;
  dbQueries: number;
  cacheCalls: number;
  cacheOps: number;
  errorCode?: string;
  [field: string]: unknown;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: any;
  /** The structured line route() logged for this request. */
  log: RequestLog;
}

// Request lines by request id, instead of on stdout.
const requestLogs = new Map<string, RequestLog>();
logSink.write = (line) => {
  const entry = JSON.parse(line) as RequestLog;
  if (typeof entry.requestId === "string") requestLogs.set(entry.requestId, entry);
};

/** Invokes a route's real handler with the event API Gateway would send. */
export async function call(name: RouteName, options: CallOptions = {}): Promise<CallResult> {
  const handler = await loadHandler(name);
  const event = routeEvent(name, options);
  const result = await handler(event);
  const log = requestLogs.get(event.requestContext.requestId);
  requestLogs.delete(event.requestContext.requestId);
  if (!log) throw new Error(`route ${name} logged no request line`);
  const json = !result.headers["content-type"]?.startsWith("text/html");
  return {
    status: result.statusCode,
    headers: result.headers,
    body: result.body ? (json ? JSON.parse(result.body) : result.body) : undefined,
    log,
  };
}

let addressesGiven = 0;

/** A different address for every sign-up, so that tests making many people stay under the per-address limit. */
export function testAddress(): string {
  addressesGiven++;
  return `10.${(addressesGiven >> 16) & 255}.${(addressesGiven >> 8) & 255}.${addressesGiven & 255}`;
}

export async function signUp(): Promise<Tokens> {
  const { status, body } = await call("POST /v1/auth/signup", { sourceIp: testAddress() });
  if (status !== 201) throw new Error(`sign-up failed with ${status}: ${JSON.stringify(body)}`);
  return body as Tokens;
}

/** A new person, ready to be an example's caller (`friendId` is their own until a test sets another). */
export async function newCaller(): Promise<Caller> {
  const { accessToken, refreshToken, userId } = await signUp();
  const { body } = await call("GET /v1/me", { token: accessToken });
  return { userId, accessToken, refreshToken, friendId: body.friendId };
}
