import { signAccessToken } from "@gogh/core/auth";
import { newId } from "@gogh/core/id";
import { describe, expect, it } from "vitest";
import { call, signUp } from "./testing";

describe("route()", () => {
  it("maps a use case's NotFound to 404 in the uniform error shape", async () => {
    const token = await signAccessToken({ userId: newId(), sessionId: newId() });
    const response = await call("GET /v1/me", { token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("logs one line per request with ids and counts but no token or body", async () => {
    const { accessToken, userId } = await signUp();
    const response = await call("PATCH /v1/me", { token: accessToken, body: { name: "Secret Name" } });
    expect(response.log).toMatchObject({ level: "info", route: "PATCH /v1/me", status: 200, userId, coldStart: false });
    expect(typeof response.log.durationMs).toBe("number");
    expect(JSON.stringify(response.log)).not.toContain(accessToken);
    expect(JSON.stringify(response.log)).not.toContain("Secret Name");
  });

  it("names every failing field with a message a person can act on", async () => {
    const { accessToken } = await signUp();
    const response = await call("PATCH /v1/me", {
      token: accessToken,
      body: { name: "x".repeat(21), timeZone: 9, colour: "red" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "body", message: "Unknown field: colour." },
        { path: "body.timeZone", message: "Expected string." },
      ]),
    );
    const search = await call("GET /v1/users/search", { token: accessToken, query: { q: "a", limit: 99 } });
    expect(search.body.error.details).toEqual([{ path: "query.limit", message: "At most 50." }]);
  });

  it("refuses an Authorization header that is not a bearer token", async () => {
    const response = await call("GET /v1/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("invalid_token");
  });

  it("accepts a route whose fields are all optional without a body", async () => {
    const response = await call("POST /v1/auth/signup");
    expect(response.status).toBe(201);
  });
});
