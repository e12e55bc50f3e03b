import { rowCounts } from "@gogh/core/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { type RouteName, routes } from "./routes";
import { defaults, type RouteSpec } from "./spec";
import { type CallOptions, call, signUp } from "./testing";

/**
 * Every route in the table, each with a happy call, a bad input and a query budget. A route
 * added to the table without an entry here fails the first test.
 */
interface Case {
  ok: (token: string, friendId: string) => CallOptions;
  bad?: (token: string) => CallOptions;
  status: number;
  maxQueries: number;
}

const cases: Record<RouteName, Case> = {
  "POST /v1/auth/signup": {
    ok: () => ({ body: { platform: "ios", deviceLabel: "iPhone" } }),
    bad: () => ({ body: { platform: "nokia", extra: true } }),
    status: 201,
    maxQueries: 8,
  },
  "POST /v1/auth/refresh": {
    ok: () => ({}), // filled in by the test with a fresh refresh token
    bad: () => ({ body: { refreshToken: 42 } }),
    status: 200,
    maxQueries: 6,
  },
  "POST /v1/auth/signout": {
    ok: (token) => ({ token, body: {} }),
    bad: (token) => ({ token, body: { allDevices: "yes" } }),
    status: 204,
    maxQueries: 1,
  },
  "GET /v1/me": { ok: (token) => ({ token }), status: 200, maxQueries: 1 },
  "PATCH /v1/me": {
    ok: (token) => ({ token, body: { name: "ルート テスト", bio: "hello", timeZone: "Asia/Tokyo" } }),
    bad: (token) => ({ token, body: { name: "", timeZone: "Nowhere/City" } }),
    status: 200,
    maxQueries: 6,
  },
  "GET /v1/users/search": {
    ok: (token) => ({ token, query: { q: "ルート" } }),
    bad: (token) => ({ token, query: { q: "", limit: 500 } }),
    status: 200,
    maxQueries: 2,
  },
  "GET /v1/users/{friendId}": {
    ok: (token, friendId) => ({ token, path: { friendId } }),
    bad: (token) => ({ token, path: { friendId: "0O1I" } }),
    status: 200,
    maxQueries: 1,
  },
};

const specs: Record<RouteName, RouteSpec> = routes;
const names = Object.keys(specs) as RouteName[];
const userRoutes = names.filter((name) => specs[name].auth === "user");
const routesWithInput = names.filter((name) => specs[name].body || specs[name].query || specs[name].path);
const routesWithBody = names.filter((name) => specs[name].body);

let token: string;
let friendId: string;

beforeAll(async () => {
  token = (await signUp()).accessToken;
  friendId = (await call("GET /v1/me", { token })).body.friendId;
});

it("has a case for every route in the table", () => {
  expect(Object.keys(cases).sort()).toEqual([...names].sort());
});

describe.each(names)("%s", (name) => {
  it("answers its happy path within its query budget, with a body matching the table", async () => {
    const fresh = await signUp();
    const options = name === "POST /v1/auth/refresh" ? { body: { refreshToken: fresh.refreshToken } } : cases[name].ok(fresh.accessToken, friendId);
    const response = await call(name, options);
    expect(response.status, JSON.stringify(response.body)).toBe(cases[name].status);
    expect(response.headers["x-request-id"]).toBe(response.log.requestId);
    expect(response.log.dbQueries).toBeLessThanOrEqual(cases[name].maxQueries);
    const schema = specs[name].response;
    if (schema) expect(schema.safeParse(response.body).success).toBe(true);
    else expect(response.body).toBeUndefined();
  });
});

describe.each(userRoutes)("%s without a valid token", (name) => {
  it("answers 401 and writes nothing", async () => {
    const counts = await rowCounts();
    const missing = await call(name, cases[name].ok("", friendId));
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthorized");
    expect(missing.headers["www-authenticate"]).toContain("Bearer");
    const forged = await call(name, cases[name].ok(`${token.slice(0, -4)}AAAA`, friendId));
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("invalid_token");
    expect(await rowCounts()).toEqual(counts);
  });
});

describe.each(routesWithInput)("%s with bad input", (name) => {
  it("answers 400 naming the failing fields and writes nothing", async () => {
    const bad = cases[name].bad;
    expect(bad, `add a bad input for ${name}`).toBeDefined();
    const counts = await rowCounts();
    const response = await call(name, bad!(token));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.length).toBeGreaterThan(0);
    for (const detail of response.body.error.details) expect(detail.path).toMatch(/^(body|query|path)(\.|$)/);
    expect(await rowCounts()).toEqual(counts);
  });
});

describe.each(routesWithBody)("%s with an unreadable body", (name) => {
  const auth = (): Record<string, string> => (specs[name].auth === "user" ? { authorization: `Bearer ${token}` } : {});

  it("answers 400 invalid_json for broken JSON", async () => {
    const response = await call(name, { body: "{not json", headers: auth() });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_json");
  });

  it("answers 415 for a body that is not JSON", async () => {
    const response = await call(name, { body: "name=x", headers: { ...auth(), "content-type": "application/x-www-form-urlencoded" } });
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
