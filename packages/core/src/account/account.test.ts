import { afterEach, describe, expect, it } from "vitest";
import { verifyAccessToken } from "../auth";
import { advanceClock, resetClock } from "../clock";
import { db } from "../db";
import * as Account from "./index";

afterEach(() => resetClock());

async function sessionOf(userId: string) {
  return db()
    .selectFrom("auth_sessions")
    .select(["revoked_at", "revoke_reason", "platform", "device_label"])
    .where("account_id", "=", userId)
    .execute();
}

describe("signup", () => {
  it("creates an account with a session and returns tokens that verify", async () => {
    const tokens = await Account.signup({ platform: "android", deviceLabel: "Pixel 9" });
    expect(tokens.expiresIn).toBe(900);
    expect(await verifyAccessToken(tokens.accessToken)).toMatchObject({ userId: tokens.userId });
    expect(await sessionOf(tokens.userId)).toEqual([
      { revoked_at: null, revoke_reason: null, platform: "android", device_label: "Pixel 9" },
    ]);
  });

  it("stores only a hash of the refresh token", async () => {
    const tokens = await Account.signup({});
    const stored = await db()
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("account_id", "=", tokens.userId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(tokens.refreshToken);
  });
});

describe("refresh", () => {
  it("rotates: the new refresh token works and the old one does not", async () => {
    const first = await Account.signup({});
    const second = await Account.refresh({ refreshToken: first.refreshToken });
    expect(second.userId).toBe(first.userId);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await Account.refresh({ refreshToken: second.refreshToken });
    expect(third.userId).toBe(first.userId);
  });

  it("revokes the whole session when a rotated token is presented again", async () => {
    const first = await Account.signup({});
    const second = await Account.refresh({ refreshToken: first.refreshToken });
    await expect(Account.refresh({ refreshToken: first.refreshToken })).rejects.toMatchObject({
      status: 401,
      code: "refresh_token_reused",
    });
    // The thief's copy and the owner's newer token are both dead now.
    await expect(Account.refresh({ refreshToken: second.refreshToken })).rejects.toMatchObject({
      status: 401,
      code: "invalid_refresh_token",
    });
    expect((await sessionOf(first.userId))[0]!.revoke_reason).toBe("refresh_token_reused");
  });

  it("lets exactly one of many concurrent refreshes with the same token win", async () => {
    const first = await Account.signup({});
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => Account.refresh({ refreshToken: first.refreshToken })),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const issued = await db()
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("account_id", "=", first.userId)
      .execute();
    expect(issued).toHaveLength(2);
  });

  it("refuses an unknown token", async () => {
    await expect(Account.refresh({ refreshToken: "x".repeat(43) })).rejects.toMatchObject({
      status: 401,
      code: "invalid_refresh_token",
    });
  });

  it("refuses a refresh token older than 60 days", async () => {
    const tokens = await Account.signup({});
    advanceClock(61 * 24 * 60 * 60 * 1000);
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).rejects.toMatchObject({
      code: "invalid_refresh_token",
    });
  });

  it("refuses a malformed token before touching the database", async () => {
    await expect(Account.refresh({ refreshToken: "short" })).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
    });
  });
});

describe("access tokens", () => {
  it("expire after 15 minutes", async () => {
    const tokens = await Account.signup({});
    advanceClock(14 * 60 * 1000);
    await expect(verifyAccessToken(tokens.accessToken)).resolves.toMatchObject({ userId: tokens.userId });
    advanceClock(2 * 60 * 1000);
    await expect(verifyAccessToken(tokens.accessToken)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });

  it("are refused when tampered with", async () => {
    const { accessToken } = await Account.signup({});
    const [header, payload, signature] = accessToken.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, "base64url").toString()),
        sub: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      }),
    ).toString("base64url");
    await expect(verifyAccessToken(`${header}.${forged}.${signature}`)).rejects.toMatchObject({ status: 401 });
  });
});

describe("signout", () => {
  it("revokes this device's session only", async () => {
    const phone = await Account.signup({});
    const tablet = await Account.refresh({ refreshToken: phone.refreshToken });
    const claims = await verifyAccessToken(tablet.accessToken);
    await Account.signout({ userId: phone.userId, sessionId: claims.sessionId });
    await expect(Account.refresh({ refreshToken: tablet.refreshToken })).rejects.toMatchObject({
      code: "invalid_refresh_token",
    });
  });

  it("does not revoke a session of another account", async () => {
    const mine = await Account.signup({});
    const theirs = await Account.signup({});
    const theirSession = (await verifyAccessToken(theirs.accessToken)).sessionId;
    await Account.signout({ userId: mine.userId, sessionId: theirSession });
    await expect(Account.refresh({ refreshToken: theirs.refreshToken })).resolves.toMatchObject({
      userId: theirs.userId,
    });
  });

  it("revokes every session with allDevices", async () => {
    const userA = await Account.signup({});
    const sessions = await db()
      .selectFrom("auth_sessions")
      .select("id")
      .where("account_id", "=", userA.userId)
      .execute();
    await Account.signout({ userId: userA.userId, sessionId: sessions[0]!.id, allDevices: true });
    expect((await sessionOf(userA.userId)).every((session) => session.revoke_reason === "signout_all")).toBe(true);
  });
});

describe("ban", () => {
  it("refuses refresh with account_banned and revokes every session", async () => {
    const tokens = await Account.signup({});
    await Account.ban({ userId: tokens.userId, reason: "spam" });
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).rejects.toMatchObject({
      status: 403,
      code: "account_banned",
    });
    expect((await sessionOf(tokens.userId))[0]!.revoke_reason).toBe("banned");
  });

  it("with an end refuses refresh until then, and keeps the sessions for afterwards", async () => {
    const tokens = await Account.signup({});
    await Account.ban({ userId: tokens.userId, reason: "cool-down", until: new Date(Date.now() + 60_000) });
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).rejects.toMatchObject({
      code: "account_banned",
    });
    advanceClock(61_000);
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).resolves.toMatchObject({
      userId: tokens.userId,
    });
  });

  it("is lifted by unban", async () => {
    const tokens = await Account.signup({});
    await Account.ban({ userId: tokens.userId, reason: "mistake", until: new Date(Date.now() + 3_600_000) });
    await Account.unban({ userId: tokens.userId });
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).resolves.toMatchObject({
      userId: tokens.userId,
    });
  });

  it("is a 404 for an unknown account", async () => {
    await expect(Account.ban({ userId: "01HZZZZZZZZZZZZZZZZZZZZZZZ", reason: "x" })).rejects.toMatchObject({
      status: 404,
    });
  });
});
