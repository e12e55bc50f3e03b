import { type ApiEvent, apiEvent } from "@gogh/functions/event";
import { type RouteName, routes } from "@gogh/functions/routes";
import { defaults, type RouteSpec, splitKey } from "@gogh/functions/spec";
import type { CallOptions } from "@gogh/functions/testing";
import { popularSearch } from "./names";

/** A freshly signed-up person (refresh and sign-out use up their tokens) and someone to look up. */
export interface Caller {
  accessToken: string;
  refreshToken: string;
  friendId: string;
}

/**
 * A valid request per route, like the happy cases in packages/functions/src/routes.test.ts.
 * Typed by the table, so a new route does not type-check until it has one here.
 */
export const happyRequests: Record<RouteName, (caller: Caller) => CallOptions> = {
  "POST /v1/auth/signup": () => ({ body: { platform: "ios", deviceLabel: "bench" } }),
  "POST /v1/auth/refresh": ({ refreshToken }) => ({ body: { refreshToken } }),
  "POST /v1/auth/signout": ({ accessToken }) => ({ token: accessToken, body: {} }),
  "GET /v1/me": ({ accessToken }) => ({ token: accessToken }),
  "PATCH /v1/me": ({ accessToken }) => ({ token: accessToken, body: { name: "ベンチ テスト", bio: "hello", timeZone: "Asia/Tokyo" } }),
  "GET /v1/users/search": ({ accessToken }) => ({ token: accessToken, query: { q: popularSearch } }),
  "GET /v1/users/{friendId}": ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
};

export function successStatus(name: RouteName): number {
  const spec: RouteSpec = routes[name];
  return spec.status ?? (spec.response ? 200 : 204);
}

/** The API Gateway v2 event for a call, built as the route tests' call() builds it. */
export function eventFor(name: RouteName, options: CallOptions): ApiEvent {
  const { method, path: template } = splitKey(name);
  const pathParameters = options.path ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(pathParameters[key] ?? ""));
  const headers: Record<string, string> = { "user-agent": "gogh-bench" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([key, value]): [string, string] => [key, String(value)]));
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body && Buffer.byteLength(body) > defaults.maxBodyBytes) throw new Error(`bench body for ${name} is over the default limit`);
  return apiEvent({ routeKey: name, method, path, rawQueryString: query.toString(), headers, pathParameters, body });
}
