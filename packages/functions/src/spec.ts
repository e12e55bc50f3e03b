import * as z from "zod/mini";
import type { ErrorCode } from "./errors";
import type { SuccessHeader } from "./response-headers";

/** Who may call a route: `user` needs a valid access token, `public` takes one if given, `none` ignores auth. */
export type Auth = "user" | "none";
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
  /**
   * Objects of the content bucket the route reads, writes (a presigned upload counts: the URL
   * carries the Lambda's rights) or deletes, by key prefix. Its Lambda gets exactly these rights
   * and a route that declares none gets none (handing out CDN URLs needs no right).
   */
  storage?: StorageAccess;
  /** The route signs tokens although it takes none (sign-up, refresh): its Lambda gets the signing key. */
  signsTokens?: true;
  /** The route verifies Apple or Google identity tokens: its Lambda is linked to their keys' URLs and our client ids. */
  identityTokens?: true;
  /**
   * At most this many instances of the route's Lambda at once (reserved concurrency) on staging
   * and production: for routes whose bursts would crowd the database with writes or scans.
   */
  concurrency?: number;
  /** npm packages installed beside the bundle instead of bundled (native ones such as sharp); SST's `nodejs.install`. */
  install?: string[];
  /** Counted against a per-person (or per-address) limit: may answer 429 (README, "Limits"). */
  rateLimited?: true;
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
  /**
   * Answers a web page (text/html, a string `response`) instead of JSON: pages people open in a
   * browser, such as how to delete an account without the app. Errors are JSON as everywhere.
   */
  html?: true;
  /** Schema of the success body; absent for 204 routes. */
  response?: z.ZodMiniType;
  /** Status of a success; 200 by default, 204 when there is no response schema. */
  status?: number;
  /**
   * The error codes its use cases answer (errors.ts says what each means). Those route() answers
   * for any route like it (validation, auth, app control, storage, If-Match) are added by
   * `routeErrors`; the document lists both, and the tests fail on a code that is in neither.
   */
  errors?: readonly ErrorCode[];
  /** Headers a success carries besides those every response does (response-headers.ts). */
  successHeaders?: readonly SuccessHeader[];
}

/** Key prefixes of the content bucket: the public ones the CDN serves, then uploads and hidden stickers. */
export type StoragePrefix = "avatars/" | "rooms/" | "stickers/" | "pending/" | "hidden/";

export interface StorageAccess {
  read?: readonly StoragePrefix[];
  write?: readonly StoragePrefix[];
  delete?: readonly StoragePrefix[];
}

export const defaults = { memory: 256, timeout: 10, maxBodyBytes: 16 * 1024 } as const;

export function defineRoutes<const T extends Record<RouteKey, RouteSpec>>(table: T): T {
  return table;
}

/** Whether the route's headers schema requires `name` (lower case). */
export function requiresHeader(spec: RouteSpec, name: string): boolean {
  const schema = (spec.headers as z.ZodMiniObject | undefined)?.shape[name];
  return schema !== undefined && !z.safeParse(schema as z.ZodMiniType, undefined).success;
}

export function splitKey(key: string): { method: Method; path: string } {
  const [method, path] = key.split(" ") as [Method, string];
  return { method, path };
}

/** A GET: it changes nothing (held to a read's round trips; route() lets it run while the app settings load). */
export function isRead(key: string): boolean {
  return splitKey(key).method === "GET";
}
