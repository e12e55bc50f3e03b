import { describe, expect, it } from "vitest";
import { contractProblems } from "./contract";
import type { ApiResult } from "./event";
import { call, newCaller } from "./testing";

// The check every test's requests go through (load.ts, test/contract-setup.ts), shown on answers
// the document does not allow.
const base = { "cache-control": "no-store", "x-request-id": "req-1" };
const json = { ...base, "content-type": "application/json; charset=utf-8" };
const error = (code: string, extra: object = {}) => JSON.stringify({ error: { code, message: "m", ...extra } });

describe("the contract check against openapi.json", () => {
  it("passes what the routes answer", async () => {
    const caller = await newCaller();
    const me = await call("GET /v1/me", { token: caller.accessToken });
    const result: ApiResult = { statusCode: me.status, headers: me.headers, body: JSON.stringify(me.body) };
    expect(contractProblems("GET /v1/me", result)).toEqual([]);
    const left = await call("POST /v1/auth/signout", { token: caller.accessToken, body: {} });
    expect(left.status).toBe(204);
    expect(left.headers["content-type"]).toBeUndefined();
  });

  it.each([
    [
      "a status the route does not list",
      "GET /v1/me",
      { statusCode: 418, headers: json, body: error("teapot") },
      /answered 418/,
    ],
    [
      "an error code its document does not list",
      "PATCH /v1/me",
      { statusCode: 409, headers: json, body: error("session_running") },
      /answered 409/,
    ],
    [
      "a code of another route under a listed status",
      "GET /v1/me",
      { statusCode: 404, headers: json, body: error("item_not_found") },
      /answered 404 item_not_found, which its document does not list/,
    ],
    [
      "a 412 without currentVersion",
      "PUT /v1/me/avatar",
      { statusCode: 412, headers: json, body: error("version_mismatch") },
      /currentVersion/,
    ],
    [
      "a field the error shape does not have",
      "GET /v1/me",
      { statusCode: 404, headers: json, body: error("not_found", { userId: "x" }) },
      /additional properties/,
    ],
    [
      "a 503 without Retry-After",
      "GET /v1/me",
      { statusCode: 503, headers: json, body: error("database_unavailable") },
      /required header retry-after is missing/,
    ],
    [
      "a header it does not declare",
      "GET /v1/me",
      { statusCode: 500, headers: { ...json, "x-powered-by": "gogh" }, body: error("internal") },
      /header x-powered-by is not in its document/,
    ],
    [
      "a response without its request id",
      "GET /v1/me",
      { statusCode: 500, headers: { "content-type": "application/json" }, body: error("internal") },
      /required header x-request-id is missing/,
    ],
    [
      "a 204 with a content type",
      "POST /v1/auth/signout",
      { statusCode: 204, headers: json, body: "" },
      /content-type/,
    ],
    [
      "a success body missing a field",
      "GET /v1/me/wallet",
      { statusCode: 200, headers: json, body: JSON.stringify({}) },
      /must have required property 'balance'/,
    ],
    [
      "an ETag that is not a version",
      "GET /v1/me/avatar",
      {
        statusCode: 200,
        headers: { ...json, etag: "W/abc" },
        body: JSON.stringify({ version: 0, url: null, updatedAt: null }),
      },
      /header etag/,
    ],
  ] as const)("finds %s", (_, name, result, problem) => {
    expect(contractProblems(name, result as ApiResult).join("\n")).toMatch(problem);
  });
});
