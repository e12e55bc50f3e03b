import * as Account from "@gogh/core/account";
import { rowCounts } from "@gogh/core/db/testing";
import * as Focus from "@gogh/core/focus";
import * as Friend from "@gogh/core/friend";
import { insertPeople } from "@gogh/core/profile/testing";
import * as Sticker from "@gogh/core/sticker";
import { describe, expect, it } from "vitest";
import type { ExampleRequest } from "./example";
import { type RouteName, routes } from "./routes";
import type { RouteSpec } from "./spec";
import { call, type CallResult, newCaller } from "./testing";

/** `count` copies of a request at once; the answers by status. */
async function burst(name: RouteName, count: number, request: (index: number) => ExampleRequest) {
  const responses = await Promise.all(Array.from({ length: count }, (_, index) => call(name, request(index))));
  const byStatus = new Map<number, CallResult[]>();
  for (const response of responses) byStatus.set(response.status, [...(byStatus.get(response.status) ?? []), response]);
  return { responses, byStatus, count: (status: number) => byStatus.get(status)?.length ?? 0 };
}

/** Every refused request says so in the standard error shape, with a Retry-After within the window. */
function expectRefused(responses: CallResult[], windowSeconds: number) {
  expect(responses.length).toBeGreaterThan(0);
  for (const response of responses) {
    expect(response.body.error.code).toBe("rate_limited");
    expect(response.body.error.message).toMatch(/At most \d+ /);
    const retryAfter = Number(response.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(response.log.errorCode).toBe("rate_limited");
  }
}

describe("per-person limits, with more requests at once than each allows", () => {
  it(`sign-up: ${Account.signupLimit.max} an hour from one address, and nothing written for the rest`, async () => {
    const before = await rowCounts();
    const extra = 5;
    const signups = await burst("POST /v1/auth/signup", Account.signupLimit.max + extra, () => ({
      sourceIp: "198.51.100.23",
    }));
    expect(signups.count(201)).toBe(Account.signupLimit.max);
    expect(signups.count(429)).toBe(extra);
    expectRefused(signups.byStatus.get(429)!, Account.signupLimit.windowSeconds);
    expect((await rowCounts()).accounts).toBe(before.accounts! + Account.signupLimit.max);
    // Another address is counted on its own.
    expect((await call("POST /v1/auth/signup", { sourceIp: "198.51.100.24" })).status).toBe(201);
  });

  it(`friend requests: ${Friend.requestLimit.max} an hour, counted whether the Friend ID exists or not`, async () => {
    const caller = await newCaller();
    const extra = 10;
    // Nobody here has this Friend ID: guessing is counted like asking someone real.
    const sent = await burst("POST /v1/friends/requests", Friend.requestLimit.max + extra, () => ({
      token: caller.accessToken,
      body: { friendId: "ZZZZZZZZ" },
    }));
    expect(sent.count(404)).toBe(Friend.requestLimit.max);
    expect(sent.count(429)).toBe(extra);
    expectRefused(sent.byStatus.get(429)!, Friend.requestLimit.windowSeconds);
  });

  it(`blocks: ${Friend.blockLimit.max} blocks and unblocks an hour`, async () => {
    const caller = await newCaller();
    const extra = 10;
    const others = await insertPeople(Array.from({ length: Friend.blockLimit.max + extra }, (_, i) => `Blocked ${i}`));
    const blocked = await burst("POST /v1/blocks/{friendId}", others.length, (index) => ({
      token: caller.accessToken,
      path: { friendId: others[index]!.friendId },
    }));
    expect(blocked.count(204), JSON.stringify([...blocked.byStatus.keys()])).toBe(Friend.blockLimit.max);
    expect(blocked.count(429)).toBe(extra);
    expectRefused(blocked.byStatus.get(429)!, Friend.blockLimit.windowSeconds);
    const unblock = await call("DELETE /v1/blocks/{friendId}", {
      token: caller.accessToken,
      path: { friendId: others[0]!.friendId },
    });
    expect(unblock.status).toBe(429);
  });

  it(`search: ${Friend.searchLimit.max} a minute`, async () => {
    const caller = await newCaller();
    const extra = 10;
    const searches = await burst("GET /v1/users/search", Friend.searchLimit.max + extra, () => ({
      token: caller.accessToken,
      query: { q: "さくら" },
    }));
    expect(searches.count(200)).toBe(Friend.searchLimit.max);
    expect(searches.count(429)).toBe(extra);
    expectRefused(searches.byStatus.get(429)!, Friend.searchLimit.windowSeconds);
    // Someone else searches on.
    expect(
      (await call("GET /v1/users/search", { token: (await newCaller()).accessToken, query: { q: "a" } })).status,
    ).toBe(200);
  });

  it(`focus start: ${Focus.startLimit.max} an hour, refused ones counted like any other`, async () => {
    const caller = await newCaller();
    const extra = 5;
    const started = await burst("POST /v1/focus/sessions", Focus.startLimit.max + extra, () => ({
      token: caller.accessToken,
      body: { mode: "countup" },
    }));
    // One session runs; the other starts within the limit were told so.
    expect(started.count(201)).toBe(1);
    expect(started.count(409)).toBe(Focus.startLimit.max - 1);
    expect(started.count(429)).toBe(extra);
    expectRefused(started.byStatus.get(429)!, Focus.startLimit.windowSeconds);
  });

  it(`sticker uploads: ${Sticker.maxUploadsPerDay} a day`, async () => {
    const caller = await newCaller();
    const extra = 5;
    const granted = await burst("POST /v1/stickers/uploads", Sticker.maxUploadsPerDay + extra, () => ({
      token: caller.accessToken,
      body: { contentType: "image/png", byteLength: 2048 },
    }));
    expect(granted.count(201)).toBe(Sticker.maxUploadsPerDay);
    expect(granted.count(429)).toBe(extra);
    for (const response of granted.byStatus.get(429)!) {
      expect(response.body.error.code).toBe("rate_limited");
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
  });
});

it("marks exactly the limited routes in the table, so the OpenAPI document lists their 429", () => {
  const limited = Object.entries(routes as Record<string, RouteSpec>)
    .filter(([, spec]) => spec.rateLimited)
    .map(([name]) => name);
  expect(limited.sort()).toEqual(
    [
      "POST /v1/auth/signup",
      "POST /v1/friends/requests",
      "POST /v1/blocks/{friendId}",
      "DELETE /v1/blocks/{friendId}",
      "GET /v1/users/search",
      "POST /v1/focus/sessions",
      "POST /v1/stickers/uploads",
      "POST /v1/me/identities",
      "POST /v1/auth/identity",
      "POST /v1/me/transfer-code",
      "POST /v1/auth/transfer",
      "POST /v1/reports",
    ].sort(),
  );
});
