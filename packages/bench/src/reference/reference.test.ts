import * as Cache from "@gogh/core/cache";
import * as Wallet from "@gogh/core/wallet";
import { routeEvent } from "@gogh/functions/event";
import { examples } from "@gogh/functions/examples";
import { call, newCaller } from "@gogh/functions/testing";
import { describe, expect, it } from "vitest";
import { handler as getMe } from "./get-me";
import { handler as listFriends } from "./list-friends";
import { handler as purchase } from "./purchase";

// The hand-written references are a yardstick only if they do the same work: same answers, same
// refusals, the same statements.

describe("GET /v1/me by hand", () => {
  it("answers what the route answers", async () => {
    const caller = await newCaller();
    const request = { token: caller.accessToken };
    const route = await call("GET /v1/me", request);
    const byHand = await getMe(routeEvent("GET /v1/me", request));
    expect(byHand.statusCode).toBe(200);
    expect(JSON.parse(byHand.body)).toEqual(route.body);
  });

  it("refuses a missing, forged or expired token as the route does", async () => {
    const caller = await newCaller();
    const forged = `${caller.accessToken.slice(0, -4)}AAAA`;
    for (const token of ["", forged, "not.a.token"]) {
      const route = await call("GET /v1/me", { token });
      const byHand = await getMe(routeEvent("GET /v1/me", { token }));
      expect(byHand.statusCode, token).toBe(route.status);
      expect(JSON.parse(byHand.body).error.code, token).toBe(route.body.error.code);
    }
  });
});

describe("GET /v1/friends by hand", () => {
  it("answers what the route answers, page by page, with the same statements", async () => {
    const caller = await newCaller();
    for (let index = 0; index < 3; index++) await examples["GET /v1/friends"].valid(caller);
    let cursor: string | undefined;
    let pages = 0;
    do {
      const request = { token: caller.accessToken, query: { limit: 2, ...(cursor ? { cursor } : {}) } };
      Cache.resetCache();
      const route = await call("GET /v1/friends", request);
      const byHand = await listFriends(routeEvent("GET /v1/friends", request));
      expect(byHand.statusCode).toBe(200);
      expect(JSON.parse(byHand.body)).toEqual(route.body);
      cursor = route.body.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
  });

  it("refuses a limit out of range", async () => {
    const caller = await newCaller();
    const byHand = await listFriends(routeEvent("GET /v1/friends", { token: caller.accessToken, query: { limit: 0 } }));
    expect(byHand.statusCode).toBe(400);
  });
});

describe("POST /v1/items/{id}/purchase by hand", () => {
  it("charges, records and answers as the route does, and a retry with the key answers the first purchase", async () => {
    const byRoute = await newCaller();
    const byHandCaller = await newCaller();
    const routeRequest = await examples["POST /v1/items/{id}/purchase"].valid(byRoute);
    const handRequest = await examples["POST /v1/items/{id}/purchase"].valid(byHandCaller);
    const route = await call("POST /v1/items/{id}/purchase", routeRequest);
    const first = await purchase(routeEvent("POST /v1/items/{id}/purchase", handRequest));
    expect(first.statusCode).toBe(201);
    const body = JSON.parse(first.body);
    const shape = ({ purchaseId: _id, purchasedAt: _at, ...rest }: Record<string, unknown>) => rest;
    expect(shape(body)).toEqual(shape(route.body));
    expect(first.headers["idempotent-replayed"]).toBe("false");
    const again = await purchase(routeEvent("POST /v1/items/{id}/purchase", handRequest));
    expect(JSON.parse(again.body)).toEqual(body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await Wallet.balanceOf({ userId: byHandCaller.userId })).toBe(body.balance);
    const ledger = await Wallet.ledger({ userId: byHandCaller.userId, limit: 1 });
    expect(ledger.items[0]).toMatchObject({
      amount: -body.price,
      balanceAfter: body.balance,
      reference: body.purchaseId,
    });
  });

  it("makes the route's round trips once the item is in memory: the same SQL", async () => {
    const [warm, counted] = [await newCaller(), await newCaller()];
    await purchase(
      routeEvent("POST /v1/items/{id}/purchase", await examples["POST /v1/items/{id}/purchase"].valid(warm)),
    );
    const request = await examples["POST /v1/items/{id}/purchase"].valid(counted);
    const realFetch = globalThis.fetch;
    let roundTrips = 0;
    globalThis.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes("/psdb.v1alpha1.Database/")) roundTrips++;
      return realFetch(input, init);
    };
    try {
      expect((await purchase(routeEvent("POST /v1/items/{id}/purchase", request))).statusCode).toBe(201);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(roundTrips).toBe(examples["POST /v1/items/{id}/purchase"].cost.queries);
  });
});
