import type { ExampleRequest } from "./example";
import type { RouteName } from "./routes";
import { splitKey } from "./spec";

/** The parts of API Gateway HTTP API (payload format 2.0) events and results that we use. */
export interface ApiEvent {
  version: "2.0";
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    requestId: string;
    routeKey: string;
    timeEpoch: number;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  };
}

export interface ApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

export interface EventInput {
  routeKey: string;
  method: string;
  path: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string>;
  body?: Buffer | string;
  sourceIp?: string;
}

/**
 * Builds the event API Gateway would send: the local gateway and the route tests both use it,
 * so handlers only ever see one shape of input.
 */
export function apiEvent(input: EventInput): ApiEvent {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(input.headers ?? {})) headers[key.toLowerCase()] = value;
  const rawQueryString = input.rawQueryString ?? "";
  const query: Record<string, string> = {};
  // API Gateway joins repeated parameters with commas.
  for (const [key, value] of new URLSearchParams(rawQueryString))
    query[key] = key in query ? `${query[key]},${value}` : value;
  const body =
    input.body === undefined ? undefined : Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body);
  const textual = /^(application\/(.+\+)?json|text\/)/i.test(headers["content-type"] ?? "application/json");
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: input.routeKey,
    rawPath: input.path,
    rawQueryString,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters:
      input.pathParameters && Object.keys(input.pathParameters).length > 0 ? input.pathParameters : undefined,
    body:
      body === undefined || body.length === 0 ? undefined : textual ? body.toString("utf8") : body.toString("base64"),
    isBase64Encoded: body !== undefined && body.length > 0 && !textual,
    requestContext: {
      requestId: crypto.randomUUID(),
      routeKey: input.routeKey,
      timeEpoch: now,
      http: {
        method: input.method,
        path: input.path,
        protocol: "HTTP/1.1",
        sourceIp: input.sourceIp ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
    },
  };
}

/** The event for a request to a named route, as a client would send it through API Gateway. */
export function routeEvent(name: RouteName, request: ExampleRequest, userAgent = "gogh-test"): ApiEvent {
  const { method, path: template } = splitKey(name);
  const pathParameters = request.path ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(pathParameters[key] ?? ""));
  const headers: Record<string, string> = { "user-agent": userAgent };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  Object.assign(headers, request.headers);
  const query = new URLSearchParams(
    Object.entries(request.query ?? {}).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const body =
    typeof request.body === "string" || request.body === undefined ? request.body : JSON.stringify(request.body);
  return apiEvent({
    routeKey: name,
    method,
    path,
    rawQueryString: query.toString(),
    headers,
    pathParameters,
    body,
    sourceIp: request.sourceIp,
  });
}
