import { accountExamples } from "./account/examples";
import { appExamples } from "./app/examples";
import { focusExamples } from "./focus/examples";
import { friendExamples } from "./friend/examples";
import { itemExamples } from "./item/examples";
import { noticeExamples } from "./notice/examples";
import { profileExamples } from "./profile/examples";
import { spaceExamples } from "./space/examples";
import { stickerExamples } from "./sticker/examples";
import { avatarExamples } from "./avatar/examples";
import { roomExamples } from "./room/examples";
import { walletExamples } from "./wallet/examples";
import { type RouteName, routes } from "./routes";
import type { RouteSpec } from "./spec";

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

export const examples: Examples<RouteName> = {
  ...accountExamples,
  ...profileExamples,
  ...friendExamples,
  ...focusExamples,
  ...spaceExamples,
  ...stickerExamples,
  ...avatarExamples,
  ...roomExamples,
  ...walletExamples,
  ...itemExamples,
  ...appExamples,
  ...noticeExamples,
};

export function successStatus(name: RouteName): number {
  const spec: RouteSpec = routes[name];
  return spec.status ?? (spec.response ? 200 : 204);
}
