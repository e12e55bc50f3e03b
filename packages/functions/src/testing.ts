import type { Tokens } from "@gogh/core/account";
import { logSink } from "@gogh/core/log";
import { apiEvent } from "./event";
import { loadHandler } from "./load";
import type { RouteName } from "./routes";
import { splitKey } from "./spec";

export interface CallOptions {
  token?: string;
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  /** JSON-encoded unless it is already a string (send malformed bodies as strings). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestLog {
  level: string;
  status: number;
  route: string;
  userId?: string;
  dbQueries: number;
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
  const { method, path: template } = splitKey(name);
  const pathParameters = options.path ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(pathParameters[key] ?? ""));
  const headers: Record<string, string> = { "user-agent": "vitest" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([key, value]): [string, string] => [key, String(value)]));
  const handler = await loadHandler(name);
  const event = apiEvent({
    routeKey: name,
    method,
    path,
    rawQueryString: query.toString(),
    headers,
    pathParameters,
    body: typeof options.body === "string" ? options.body : options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const result = await handler(event);
  const log = requestLogs.get(event.requestContext.requestId);
  requestLogs.delete(event.requestContext.requestId);
  if (!log) throw new Error(`route ${name} logged no request line`);
  return { status: result.statusCode, headers: result.headers, body: result.body ? JSON.parse(result.body) : undefined, log };
}

export async function signUp(): Promise<Tokens> {
  const { status, body } = await call("POST /v1/auth/signup");
  if (status !== 201) throw new Error(`sign-up failed with ${status}: ${JSON.stringify(body)}`);
  return body as Tokens;
}
