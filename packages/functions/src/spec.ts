import type * as z from "zod/mini";

/** Who may call a route: `user` needs a valid access token, `public` takes one if given, `none` ignores auth. */
export type Auth = "user" | "public" | "none";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteKey = `${Method} /${string}`;

export interface RouteSpec {
  /** Handler file under packages/functions/src, without extension; it exports `handler`. */
  handler: string;
  auth: Auth;
  summary: string;
  /** Lambda memory in MB and timeout in seconds; defaults below. */
  memory?: number;
  timeout?: number;
  /** The route reads or writes S3 objects: its Lambda gets rights on the bucket (every route knows where it is). */
  storage?: boolean;
  /** npm packages installed beside the bundle instead of bundled (native ones such as sharp); SST's `nodejs.install`. */
  install?: string[];
  /** Largest accepted body in bytes; larger gets 413. */
  maxBodyBytes?: number;
  path?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Request headers the route reads (names in lower case, as API Gateway passes them). */
  headers?: z.ZodMiniType;
  /**
   * Served during maintenance and to clients below the minimum version: the routes that tell
   * the client about both (app config, notices).
   */
  exemptFromAppControl?: boolean;
  /** Schema of the success body; absent for 204 routes. */
  response?: z.ZodMiniType;
  /** Status of a success; 200 by default, 204 when there is no response schema. */
  status?: number;
  /** Set when a route is on its way out (see CHANGELOG.md): it answers with deprecation headers. */
  deprecated?: Deprecation;
}

/** Dates are ISO 8601 (`2027-01-31`); a route keeps answering for at least 90 days after `since`. */
export interface Deprecation {
  since: string;
  sunset: string;
  /** Where the replacement is described. */
  link?: string;
}

export const defaults = { memory: 256, timeout: 10, maxBodyBytes: 16 * 1024 } as const;

export function defineRoutes<const T extends Record<RouteKey, RouteSpec>>(table: T): T {
  return table;
}

export function splitKey(key: string): { method: Method; path: string } {
  const [method, path] = key.split(" ") as [Method, string];
  return { method, path };
}
