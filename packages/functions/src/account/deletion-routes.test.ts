import { accessTokenSeconds } from "@gogh/core/auth";
import { advanceClock, resetClock } from "@gogh/core/clock";
import { afterEach, describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";

afterEach(() => resetClock());

describe("DELETE /v1/me", () => {
  it("takes the caller out of everyone's search and friend list at once, and their tokens stop working", async () => {
    const leaving = await newCaller();
    const friend = await newCaller();
    const name = `Leaving${Date.now().toString(36)}`;
    await call("PATCH /v1/me", { token: leaving.accessToken, body: { name } });
    await call("POST /v1/friends/requests", { token: leaving.accessToken, body: { friendId: friend.friendId } });
    await call("POST /v1/friends/requests", { token: friend.accessToken, body: { friendId: leaving.friendId } });
    expect((await call("GET /v1/friends", { token: friend.accessToken })).body.items).toHaveLength(1);

    const deleted = await call("DELETE /v1/me", { token: leaving.accessToken });
    expect(deleted.status).toBe(204);

    expect((await call("GET /v1/friends", { token: friend.accessToken })).body.items).toEqual([]);
    const search = await call("GET /v1/users/search", { token: friend.accessToken, query: { q: name } });
    expect(search.body.items).toEqual([]);
    const card = await call("GET /v1/users/{friendId}", {
      token: friend.accessToken,
      path: { friendId: leaving.friendId },
    });
    expect(card.status).toBe(404);

    // The refresh token is dead at once; the access token finds nothing, then lapses.
    expect((await call("POST /v1/auth/refresh", { body: { refreshToken: leaving.refreshToken } })).status).toBe(401);
    expect((await call("GET /v1/me", { token: leaving.accessToken })).status).toBe(404);
    expect((await call("DELETE /v1/me", { token: leaving.accessToken })).status).toBe(204);
    advanceClock(accessTokenSeconds * 1000);
    const lapsed = await call("GET /v1/me", { token: leaving.accessToken });
    expect(lapsed.status).toBe(401);
    expect(lapsed.body.error.code).toBe("invalid_token");
  });
});

describe("GET /account-deletion", () => {
  it("is a page anyone can open, that runs no script", async () => {
    const page = await call("GET /account-deletion");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.body).toContain("Delete your Gogh account");
    expect(page.body).toContain("Goghのアカウントを削除する");
    expect(page.body).not.toMatch(/<script|\son\w+=/i);
  });
});
