import type { RouteName } from "./routes";

// What an example is. Apart from examples.ts, which gathers every module's, so that a module's
// examples never import the file that imports them.

/** Who makes an example request: a freshly signed-up person (refresh and sign-out use up their tokens). */
export interface Caller {
  userId: string;
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
  /** The client's address (127.0.0.1 when absent). */
  sourceIp?: string;
}

export interface Example {
  /** A request the route accepts (some first make what it needs, such as a friend request). */
  valid(caller: Caller): ExampleRequest | Promise<ExampleRequest>;
  /** A request it must refuse with 400 (routes that take input). */
  invalid?(caller: Caller): ExampleRequest;
  /**
   * What the valid request costs on a warm Lambda (one that served someone else's request just
   * before): database queries and Momento operations. The route tests assert both exactly.
   */
  cost: Cost;
}

export interface Cost {
  queries: number;
  cacheOps: number;
}

/**
 * One valid and one invalid request per route, and the queries its valid request may make:
 * the route tests and the benchmark both use them. Each module keeps its own beside its
 * handlers; typed by the table, so a new route does not type-check until it has its examples.
 */
export type Examples<K extends RouteName> = Record<K, Example>;
