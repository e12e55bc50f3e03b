import * as Cache from "@gogh/core/cache";
import { rowCounts } from "@gogh/core/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { type RouteName, routes } from "./routes";
import { defaults, type RouteSpec } from "./spec";
import type { Caller } from "./example";
import { examples, successStatus } from "./examples";
import { call, newCaller } from "./testing";
import { overRoundTripGoal, roundTripGoalOf } from "./round-trips";

const specs: Record<RouteName, RouteSpec> = routes;
const names = Object.keys(specs) as RouteName[];
const userRoutes = names.filter((name) => specs[name].auth === "user");
const routesWithInput = names.filter((name) => specs[name].body || specs[name].query || specs[name].path);
const routesWithBody = names.filter((name) => specs[name].body);
const routesWithCursor = names.filter((name) =>
  (specs[name].query as { shape?: object } | undefined)?.shape?.hasOwnProperty("cursor"),
);

let caller: Caller;

beforeAll(async () => {
  caller = await newCaller();
});

describe.each(names)("%s", (name) => {
  it("answers its happy path at its cost in queries and Momento operations, with a body matching the table", async () => {
    const example = async () => examples[name].valid({ ...(await newCaller()), friendId: caller.friendId });
    const [first, second] = [await example(), await example()];
    // A fresh Lambda that someone else's request warms, so that no memory entry expires and no
    // look at the memo changes falls due while counting.
    Cache.resetCache();
    await Cache.lookAtChangesNow();
    await call(name, first);
    const response = await call(name, second);
    expect(response.status, JSON.stringify(response.body)).toBe(successStatus(name));
    expect(response.headers["x-request-id"]).toBe(response.log.requestId);
    expect({ queries: response.log.dbQueries, cacheOps: response.log.cacheOps }).toEqual(examples[name].cost);
    const schema = specs[name].response;
    if (schema) expect(schema.safeParse(response.body).success).toBe(true);
    else expect(response.body).toBeUndefined();
  });
});

describe.each(names)("%s's database round trips", (name) => {
  const { queries } = examples[name].cost;
  const goal = roundTripGoalOf(name);
  if (overRoundTripGoal[name] === undefined) {
    it(`stay within the goal of ${goal} (a transaction's BEGIN and COMMIT counted)`, () => {
      expect(queries).toBeLessThanOrEqual(goal);
    });
  } else {
    it(`are still above the goal of ${goal}, as round-trips.ts says`, () => {
      expect(queries).toBeGreaterThan(goal);
    });
  }
});

describe.each(userRoutes)("%s without a valid token", (name) => {
  it("answers 401 and writes nothing", async () => {
    // Built first: some examples create what they need (a friend request) before the call.
    const withoutToken = await examples[name].valid({ ...caller, accessToken: "" });
    const forgedToken = await examples[name].valid({
      ...caller,
      accessToken: `${caller.accessToken.slice(0, -4)}AAAA`,
    });
    const counts = await rowCounts();
    const missing = await call(name, withoutToken);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthorized");
    expect(missing.headers["www-authenticate"]).toContain("Bearer");
    const forged = await call(name, forgedToken);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("invalid_token");
    expect(await rowCounts()).toEqual(counts);
  });
});

describe.each(routesWithInput)("%s with bad input", (name) => {
  it("answers 400 naming the failing fields and writes nothing", async () => {
    const invalid = examples[name].invalid;
    expect(invalid, `add an invalid example for ${name}`).toBeDefined();
    const counts = await rowCounts();
    const response = await call(name, invalid!(caller));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.length).toBeGreaterThan(0);
    for (const detail of response.body.error.details) expect(detail.path).toMatch(/^(body|query|path|headers)(\.|$)/);
    expect(await rowCounts()).toEqual(counts);
  });
});

describe.each(routesWithBody)("%s with an unreadable body", (name) => {
  const auth = (): Record<string, string> =>
    specs[name].auth === "user" ? { authorization: `Bearer ${caller.accessToken}` } : {};

  it("answers 400 invalid_json for broken JSON", async () => {
    const response = await call(name, { body: "{not json", headers: auth() });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_json");
  });

  it("answers 415 for a body that is not JSON", async () => {
    const response = await call(name, {
      body: "name=x",
      headers: { ...auth(), "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
  });

  it("answers 413 for a body over the route's limit and writes nothing", async () => {
    const counts = await rowCounts();
    const limit = specs[name].maxBodyBytes ?? defaults.maxBodyBytes;
    const response = await call(name, { body: JSON.stringify({ padding: "x".repeat(limit) }), headers: auth() });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
    expect(await rowCounts()).toEqual(counts);
  });
});

describe.each(routesWithCursor)("%s with a cursor it did not return", (name) => {
  it("answers 400 at query.cursor", async () => {
    const request = await examples[name].valid({ ...(await newCaller()), friendId: caller.friendId });
    for (const cursor of ["bm90LWEtY3Vyc29y", "not a cursor!"]) {
      const response = await call(name, { ...request, query: { ...request.query, cursor } });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([
        { path: "query.cursor", message: "Not a cursor this list returned." },
      ]);
    }
  });
});
