import { afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { verifyAccessToken } from "../auth";
import { advanceClock, resetClock } from "../clock";
import { db } from "../db";
import * as Transfer from "./index";

afterEach(() => resetClock());

const passphrase = "correct horse battery";
let addresses = 0;
const address = () => `198.18.${Math.floor(++addresses / 250)}.${addresses % 250}`;

async function liveSessions(userId: string) {
  return db()
    .selectFrom("auth_sessions")
    .select(["id", "revoke_reason"])
    .where("account_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

describe("issue", () => {
  it("shows the code once, grouped by four, and keeps only hashes of it and of the passphrase", async () => {
    const device = await Account.signup({});
    const issued = await Transfer.issue({ userId: device.userId, passphrase });
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(Transfer.codeLifetimeSeconds * 1000 - 60_000);
    const rows = await db()
      .selectFrom("transfer_codes")
      .select(["code_hash", "passphrase_hash", "expires_at"])
      .where("account_id", "=", device.userId)
      .execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(issued.code.replace(/-/g, ""));
    expect(stored).not.toContain(passphrase);
    expect(rows[0]!.passphrase_hash).toMatch(/^scrypt\$/);
  });

  it("replaces the account's earlier code", async () => {
    const device = await Account.signup({});
    const first = await Transfer.issue({ userId: device.userId, passphrase });
    await Transfer.issue({ userId: device.userId, passphrase });
    await expect(Transfer.redeem({ code: first.code, passphrase, address: address() })).rejects.toMatchObject({
      status: 401,
      code: "invalid_transfer_code",
    });
  });
});

describe("redeem", () => {
  it("signs the new device in to the same account and ends the old device's sessions", async () => {
    const old = await Account.signup({ platform: "ios", deviceLabel: "Old phone" });
    const { code } = await Transfer.issue({ userId: old.userId, passphrase });
    const moved = await Transfer.redeem({
      code,
      passphrase,
      platform: "android",
      deviceLabel: "New phone",
      address: address(),
    });
    expect(moved.userId).toBe(old.userId);
    await expect(Account.refresh({ refreshToken: old.refreshToken })).rejects.toMatchObject({
      code: "invalid_refresh_token",
    });
    const live = await liveSessions(old.userId);
    expect(live.map((session) => session.id)).toEqual([(await verifyAccessToken(moved.accessToken)).sessionId]);
    await expect(Account.refresh({ refreshToken: moved.refreshToken })).resolves.toMatchObject({ userId: old.userId });
  });

  it("reads the code as people type it: any case, without hyphens, full width, O for 0", async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    const typed = code
      .toLowerCase()
      .replace(/-/g, " ")
      .replace(/0/g, "o")
      .replace(/[a-z1-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    await expect(Transfer.redeem({ code: typed, passphrase, address: address() })).resolves.toMatchObject({
      userId: device.userId,
    });
  });

  it("works once: a second redemption of the same code is refused", async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    await Transfer.redeem({ code, passphrase, address: address() });
    await expect(Transfer.redeem({ code, passphrase, address: address() })).rejects.toMatchObject({ status: 401 });
  });

  it("lets exactly one of many redemptions at once through", async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => Transfer.redeem({ code, passphrase, address: address() })),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((outcome) => outcome.status === "rejected")) {
      expect(outcome.reason).toMatchObject({ status: 401, code: "invalid_transfer_code" });
    }
    expect(await liveSessions(device.userId)).toHaveLength(1);
  });

  it("refuses a wrong passphrase and leaves the code usable", async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    await expect(
      Transfer.redeem({ code, passphrase: "wrong horse battery", address: address() }),
    ).rejects.toMatchObject({
      status: 401,
      code: "invalid_transfer_code",
    });
    expect(await liveSessions(device.userId)).toHaveLength(1);
    await expect(Transfer.redeem({ code, passphrase, address: address() })).resolves.toMatchObject({
      userId: device.userId,
    });
  });

  it(`refuses a code after ${Transfer.codeLifetimeSeconds / 3600} hours`, async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    advanceClock(Transfer.codeLifetimeSeconds * 1000 + 1000);
    await expect(Transfer.redeem({ code, passphrase, address: address() })).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a banned account, as a refresh does", async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    await Account.ban({ userId: device.userId, reason: "spam" });
    await expect(Transfer.redeem({ code, passphrase, address: address() })).rejects.toMatchObject({
      status: 403,
      code: "account_banned",
    });
  });
});

describe("guessing", () => {
  it(`is stopped after ${Transfer.codeTryLimit.max} tries of one code, even with more at once, right passphrase or not`, async () => {
    const device = await Account.signup({});
    const { code } = await Transfer.issue({ userId: device.userId, passphrase });
    const extra = 3;
    const outcomes = await Promise.allSettled(
      Array.from({ length: Transfer.codeTryLimit.max + extra }, (_, i) =>
        Transfer.redeem({ code, passphrase: `wrong guess ${i}`, address: address() }),
      ),
    );
    const reasons = outcomes.map((outcome) => (outcome.status === "rejected" ? outcome.reason.status : 200));
    expect(reasons.filter((status) => status === 401)).toHaveLength(Transfer.codeTryLimit.max);
    expect(reasons.filter((status) => status === 429)).toHaveLength(extra);
    // The right passphrase, from yet another address, waits for the next day too.
    await expect(Transfer.redeem({ code, passphrase, address: address() })).rejects.toMatchObject({
      status: 429,
      code: "rate_limited",
    });
    advanceClock(Transfer.codeTryLimit.windowSeconds * 1000);
    // The code expired meanwhile (it lives a day): the limit never outlasts what it protects by much.
    await expect(Transfer.redeem({ code, passphrase, address: address() })).rejects.toMatchObject({ status: 401 });
  });

  it(`is stopped after ${Transfer.addressTryLimit.max} tries from one address an hour, whatever the codes`, async () => {
    const extra = 5;
    const outcomes = await Promise.allSettled(
      Array.from({ length: Transfer.addressTryLimit.max + extra }, (_, i) =>
        Transfer.redeem({ code: `ABCD-EFGH-${String(1000 + i).slice(-4)}`, passphrase, address: "198.19.0.1" }),
      ),
    );
    const statuses = outcomes.map((outcome) => (outcome.status === "rejected" ? outcome.reason.status : 200));
    expect(statuses.filter((status) => status === 401)).toHaveLength(Transfer.addressTryLimit.max);
    expect(statuses.filter((status) => status === 429)).toHaveLength(extra);
  });
});
