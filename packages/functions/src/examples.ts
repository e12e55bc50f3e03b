import type { RouteName } from "./routes";
import { routes } from "./routes";
import type { RouteSpec } from "./spec";

/** Who makes an example request: a freshly signed-up person (refresh and sign-out use up their tokens). */
export interface Caller {
  accessToken: string;
  refreshToken: string;
  /** Someone to look up. */
  friendId: string;
}

export interface ExampleRequest {
  token?: string;
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  /** JSON-encoded unless it is already a string (send malformed bodies as strings). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Example {
  /** A request the route accepts. */
  valid(caller: Caller): ExampleRequest;
  /** A request it must refuse with 400 (routes that take input). */
  invalid?(caller: Caller): ExampleRequest;
}

/**
 * One valid and one invalid request per route: the route tests and the benchmark both use
 * them. Typed by the table, so a new route does not type-check until it has its examples.
 */
export const examples: Record<RouteName, Example> = {
  "POST /v1/auth/signup": {
    valid: () => ({ body: { platform: "ios", deviceLabel: "iPhone" } }),
    invalid: () => ({ body: { platform: "nokia", extra: true } }),
  },
  "POST /v1/auth/refresh": {
    valid: ({ refreshToken }) => ({ body: { refreshToken } }),
    invalid: () => ({ body: { refreshToken: 42 } }),
  },
  "POST /v1/auth/signout": {
    valid: ({ accessToken }) => ({ token: accessToken, body: {} }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { allDevices: "yes" } }),
  },
  "GET /v1/me": {
    valid: ({ accessToken }) => ({ token: accessToken }),
  },
  "PATCH /v1/me": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { name: "さくら テスト", bio: "hello", timeZone: "Asia/Tokyo" },
    }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { name: "", timeZone: "Nowhere/City" } }),
  },
  "GET /v1/users/search": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { q: "さくら" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { q: "", limit: 500 } }),
  },
  "GET /v1/users/{friendId}": {
    valid: ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { friendId: "0O1I" } }),
  },
};

export function successStatus(name: RouteName): number {
  const spec: RouteSpec = routes[name];
  return spec.status ?? (spec.response ? 200 : 204);
}
