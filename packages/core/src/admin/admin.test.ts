import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import * as Account from "../account";
import * as App from "../app";
import { advanceClock, resetClock } from "../clock";
import { rowCounts } from "../db/testing";
import { Conflict, Forbidden, NotFound, RateLimited, Unauthorized } from "../error";
import { newId } from "../id";
import * as Item from "../item";
import * as Notice from "../notice";
import * as Profile from "../profile";
import * as Sticker from "../sticker";
import { uploadedSticker } from "../sticker/testing";
import * as Wallet from "../wallet";
import * as Admin from "./index";
import { hashPassword, verifyPassword } from "../passphrase";

const password = "correct horse battery staple";

async function operator(role: Admin.Role = "admin", ip = "192.0.2.1"): Promise<Admin.Actor> {
  const created = await Admin.createOperator({
    email: `${role}-${newId().toLowerCase()}@example.com`,
    name: `Test ${role}`,
    role,
    password,
  });
  return { id: created.id, email: created.email, role, ip };
}

async function person(name?: string): Promise<string> {
  const { userId } = await Account.signup({});
  if (name) await Profile.updateMe({ userId, changes: { name } });
  return userId;
}

async function auditOf(targetId: string) {
  const admin = await operator();
  return (await Admin.auditLog({ actor: admin, filter: { targetId } })).items;
}

afterEach(() => resetClock());

describe("passwords", () => {
  it("are salted per password and verified only by the right one", async () => {
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(password, first)).toBe(true);
    expect(await verifyPassword(`${password}!`, first)).toBe(false);
    expect(await verifyPassword(password, "plain-text")).toBe(false);
  });

  it("refuses a short password for a new operator and writes nothing", async () => {
    const before = await rowCounts();
    await expect(
      Admin.createOperator({ email: "short@example.com", name: "Short", role: "admin", password: "too short" }),
    ).rejects.toThrow(/validation|not valid/i);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("login and sessions", () => {
  it("opens a session whose cookie token authenticates the operator, with a CSRF token of its own", async () => {
    const actor = await operator("viewer");
    const session = await Admin.login({ email: actor.email.toUpperCase(), password, ip: actor.ip });
    const found = await Admin.authenticate({ token: session.token });
    expect(found?.operator).toMatchObject({ id: actor.id, role: "viewer" });
    expect(found?.csrfToken).toBe(session.csrfToken);
    expect(Admin.csrfMatches(found!.csrfToken, session.csrfToken)).toBe(true);
    expect(Admin.csrfMatches(found!.csrfToken, undefined)).toBe(false);
    const other = await Admin.login({ email: actor.email, password, ip: actor.ip });
    expect(Admin.csrfMatches(found!.csrfToken, other.csrfToken)).toBe(false);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const actor = await operator();
    const attempts = [
      { email: actor.email, password: "wrong password!!", ip: "198.51.100.7" },
      { email: "nobody@example.com", password, ip: "198.51.100.7" },
    ];
    for (const attempt of attempts) {
      const refused = Admin.login(attempt);
      await expect(refused).rejects.toBeInstanceOf(Unauthorized);
      await expect(refused).rejects.toThrow("The email or the password is wrong.");
    }
  });

  it("locks an account after 5 failures, even for the right password, but not other accounts from that IP", async () => {
    const [actor, neighbour] = await Promise.all([operator(), operator()]);
    for (let i = 0; i < Admin.throttle.accountFailures; i++) {
      await expect(
        Admin.login({ email: actor.email, password: "wrong password!!", ip: "203.0.113.5" }),
      ).rejects.toBeInstanceOf(Unauthorized);
    }
    await expect(Admin.login({ email: actor.email, password, ip: "203.0.113.9" })).rejects.toBeInstanceOf(RateLimited);
    await expect(Admin.login({ email: neighbour.email, password, ip: "203.0.113.5" })).resolves.toBeDefined();
    advanceClock(Admin.throttle.lockSeconds * 1000 + 1000);
    await expect(Admin.login({ email: actor.email, password, ip: "203.0.113.9" })).resolves.toBeDefined();
  });

  it("locks an IP that tries many accounts", async () => {
    // Fewer failures than in production: each one costs a scrypt run.
    const ipFailures = Admin.throttle.ipFailures;
    Admin.throttle.ipFailures = 4;
    onTestFinished(() => {
      Admin.throttle.ipFailures = ipFailures;
    });
    const ip = "203.0.113.77";
    for (let i = 0; i < Admin.throttle.ipFailures; i++) {
      await expect(Admin.login({ email: `guess${i}@example.com`, password, ip })).rejects.toBeInstanceOf(Unauthorized);
    }
    const actor = await operator();
    await expect(Admin.login({ email: actor.email, password, ip })).rejects.toBeInstanceOf(RateLimited);
    await expect(Admin.login({ email: actor.email, password, ip: "203.0.113.78" })).resolves.toBeDefined();
  });

  it("checks no more than 5 of 12 parallel wrong passwords, and then refuses the right one", async () => {
    const actor = await operator();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        Admin.login({ email: actor.email, password: `wrong password ${i}`, ip: `198.51.100.${100 + i}` }),
      ),
    );
    const reasons = results.map((result) => (result.status === "rejected" ? result.reason : result.value));
    expect(reasons.filter((reason) => reason instanceof Unauthorized)).toHaveLength(Admin.throttle.accountFailures);
    expect(reasons.filter((reason) => reason instanceof RateLimited)).toHaveLength(12 - Admin.throttle.accountFailures);
    await expect(Admin.login({ email: actor.email, password, ip: "198.51.100.200" })).rejects.toBeInstanceOf(
      RateLimited,
    );
  });

  it("counts failures on the operator however the email is spelled, and locks every spelling", async () => {
    const actor = await operator();
    const [local, domain] = actor.email.split("@") as [string, string];
    const fullWidth = [...local].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("");
    const spellings = [
      `${local}\u0001@${domain}`,
      actor.email.toUpperCase(),
      `  ${actor.email}\t`,
      `${local}\u200b@${domain}`,
      `${fullWidth}@${domain}`,
    ];
    for (const [i, email] of spellings.entries()) {
      await expect(Admin.login({ email, password: "wrong password!!", ip: `198.51.100.${i}` })).rejects.toBeInstanceOf(
        Unauthorized,
      );
    }
    for (const email of [actor.email, spellings[0]!]) {
      await expect(Admin.login({ email, password, ip: "198.51.100.99" })).rejects.toBeInstanceOf(RateLimited);
    }
    advanceClock(Admin.throttle.lockSeconds * 1000 + 1000);
    // Every spelling of the canonical email is this operator.
    expect((await Admin.login({ email: spellings[0]!, password, ip: "198.51.100.99" })).operator.id).toBe(actor.id);
  });

  it("answers any email with 401, never 500, and matches only the operator's own spelling", async () => {
    const actor = await operator();
    const [local, domain] = actor.email.split("@") as [string, string];
    const emails = [
      "ユーザー@例え.jp",
      "😀@example.com",
      "\ud800@example.com",
      "name%01@example.com",
      "",
      "@",
      "a".repeat(5000),
      "x'); DROP TABLE admin_operators; --@example.com",
      // The column's collation ignores accents: the lookup finds the operator, but it is not their email.
      `${local.replace(/^./, "à")}@${domain}`,
    ];
    for (const email of emails) {
      const refused = await Admin.login({ email, password, ip: "198.51.100.150" }).catch((error: unknown) => error);
      expect(refused, JSON.stringify(email)).toBeInstanceOf(Unauthorized);
    }
  });

  it("stores an operator's email in its canonical form", async () => {
    const created = await Admin.createOperator({
      email: " Ｗｉｄｅ\u0007-admin@Example.COM ",
      name: "Wide",
      role: "viewer",
      password,
    });
    expect(created.email).toBe("wide-admin@example.com");
    expect(Admin.canonicalEmail("ＷＩＤＥ-admin\u200d@example.com")).toBe(created.email);
  });

  it("rotates at login: the session the browser held before stops working", async () => {
    const actor = await operator();
    const first = await Admin.login({ email: actor.email, password, ip: actor.ip });
    const second = await Admin.login({ email: actor.email, password, ip: actor.ip, previousToken: first.token });
    expect(second.token).not.toBe(first.token);
    expect(await Admin.authenticate({ token: first.token })).toBeUndefined();
    expect(await Admin.authenticate({ token: second.token })).toBeDefined();
  });

  it("ends after 30 idle minutes, and after 12 hours however busy", async () => {
    const actor = await operator();
    const idle = await Admin.login({ email: actor.email, password, ip: actor.ip });
    const busy = await Admin.login({ email: actor.email, password, ip: actor.ip });
    advanceClock(Admin.sessionTiming.idleSeconds * 1000 - 5000);
    expect(await Admin.authenticate({ token: busy.token })).toBeDefined();
    advanceClock(10_000);
    expect(await Admin.authenticate({ token: idle.token })).toBeUndefined();
    for (let hour = 0; hour < 11; hour++) {
      advanceClock(20 * 60 * 1000);
      expect(await Admin.authenticate({ token: busy.token })).toBeDefined();
      advanceClock(20 * 60 * 1000);
      expect(await Admin.authenticate({ token: busy.token })).toBeDefined();
    }
    advanceClock(60 * 60 * 1000 - 30 * 60 * 1000);
    expect(await Admin.authenticate({ token: busy.token })).toBeUndefined();
  });

  it("is revoked by logout, and every session of a disabled operator ends at once", async () => {
    const [admin, other] = await Promise.all([operator(), operator("moderator")]);
    const session = await Admin.login({ email: admin.email, password, ip: admin.ip });
    const info = await Admin.authenticate({ token: session.token });
    await Admin.logout({ actor: admin, sessionId: info!.sessionId });
    expect(await Admin.authenticate({ token: session.token })).toBeUndefined();

    const theirs = await Admin.login({ email: other.email, password, ip: other.ip });
    await Admin.changeOperator({ actor: admin, operatorId: other.id, status: "disabled" });
    expect(await Admin.authenticate({ token: theirs.token })).toBeUndefined();
    await expect(Admin.login({ email: other.email, password, ip: other.ip })).rejects.toBeInstanceOf(Unauthorized);
  });
});

describe("roles", () => {
  it("keep viewers read-only and moderators away from admin work, writing nothing", async () => {
    const [viewer, moderator] = await Promise.all([operator("viewer"), operator("moderator")]);
    const userId = await person();
    const before = await rowCounts();
    await expect(Admin.banUser({ actor: viewer, userId, reason: "spam" })).rejects.toBeInstanceOf(Forbidden);
    await expect(Admin.resetUserName({ actor: viewer, userId })).rejects.toBeInstanceOf(Forbidden);
    await expect(Admin.grantCoins({ actor: moderator, userId, amount: 5, note: "x" })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(
      Admin.createSpace({ actor: moderator, space: { slug: "nope", name: "Nope", capacity: 5 } }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(Admin.listOperators({ actor: moderator })).rejects.toBeInstanceOf(Forbidden);
    expect(await rowCounts()).toEqual(before);
    await expect(Admin.dashboard({ actor: viewer })).resolves.toBeDefined();
  });
});

describe("actions", () => {
  it("ban a user with an audit row of before and after; the API refuses their refresh", async () => {
    const moderator = await operator("moderator");
    const tokens = await Account.signup({});
    await Admin.banUser({ actor: moderator, userId: tokens.userId, reason: "spam" });
    await expect(Account.refresh({ refreshToken: tokens.refreshToken })).rejects.toMatchObject({
      code: "account_banned",
    });
    const [entry] = await auditOf(tokens.userId);
    expect(entry).toMatchObject({
      action: "user.ban",
      operatorId: moderator.id,
      operatorEmail: moderator.email,
      ip: moderator.ip,
      before: { status: "active", banReason: null },
      after: { status: "banned", banReason: "spam", bannedUntil: null },
    });

    await Admin.unbanUser({ actor: moderator, userId: tokens.userId });
    expect((await auditOf(tokens.userId))[0]).toMatchObject({ action: "user.unban", after: { status: "active" } });
  });

  it("write nothing, not even an audit row, when the action fails", async () => {
    const admin = await operator();
    const before = await rowCounts();
    await expect(Admin.banUser({ actor: admin, userId: newId(), reason: "x" })).rejects.toBeInstanceOf(NotFound);
    await expect(
      Admin.banUser({ actor: admin, userId: await person(), reason: "x", until: new Date(Date.now() - 1000) }),
    ).rejects.toThrow(/future/);
    const afterPerson = await rowCounts();
    expect(afterPerson.admin_audit_log).toBe(before.admin_audit_log);
    await Admin.createSpace({ actor: admin, space: { slug: "dup-slug", name: "One", capacity: 5 } });
    const counts = await rowCounts();
    await expect(
      Admin.createSpace({ actor: admin, space: { slug: "dup-slug", name: "Two", capacity: 5 } }),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await rowCounts()).toEqual(counts);
  });

  it("reset a name to the one people start with, and the search stops finding the old one", async () => {
    const moderator = await operator("moderator");
    const userId = await person("ひみつのなまえ");
    await Admin.resetUserName({ actor: moderator, userId });
    const me = await Profile.getMe({ userId });
    expect(me.name).toBe(`Guest ${me.friendId.slice(-4)}`);
    expect((await Profile.search({ q: "ひみつ" })).items).toEqual([]);
    expect((await auditOf(userId))[0]).toMatchObject({
      action: "user.reset_name",
      before: { name: "ひみつのなまえ" },
      after: { name: me.name },
    });
  });

  it("grant coins into the ledger with the operator's note in the audit row", async () => {
    const admin = await operator();
    const userId = await person();
    await Admin.grantCoins({ actor: admin, userId, amount: 120, note: "Sorry for the outage" });
    expect(await Wallet.balanceOf({ userId })).toBe(120);
    const [entry] = (await Wallet.ledger({ userId })).items;
    expect(entry).toMatchObject({ amount: 120, reason: "admin_grant" });
    expect((await auditOf(userId))[0]).toMatchObject({
      action: "wallet.grant",
      before: { balance: 0 },
      after: { balance: 120, amount: 120, note: "Sorry for the outage", reference: entry!.reference },
    });
  });

  it("create, rename and close a space; closed spaces leave the app's list", async () => {
    const admin = await operator();
    const space = await Admin.createSpace({ actor: admin, space: { slug: "quiet-room", name: "Quiet", capacity: 12 } });
    await Admin.changeSpace({ actor: admin, spaceId: space.id, name: "静かな部屋" });
    await Admin.changeSpace({ actor: admin, spaceId: space.id, status: "closed" });
    expect((await Admin.listSpaces({ actor: admin })).find((s) => s.id === space.id)).toMatchObject({
      name: "静かな部屋",
      status: "closed",
    });
    const actions = (await auditOf(space.id)).map((entry) => entry.action);
    expect(actions).toEqual(["space.close", "space.rename", "space.create"]);
  });
});

describe("economy and app control", () => {
  it("save a catalog item validated like the seed file, and refuse one that is not", async () => {
    const admin = await operator();
    const item = {
      id: "lamp-paper",
      kind: "furniture" as const,
      category: "lamp",
      name: { ja: "和紙ランプ", en: "Paper lamp" },
      price: 250,
      rarity: "rare" as const,
    };
    await Admin.saveCatalogItem({ actor: admin, item });
    expect((await Item.catalog()).items.find((found) => found.id === "lamp-paper")).toMatchObject({ price: 250 });
    await Admin.saveCatalogItem({ actor: admin, item: { ...item, price: 300 } });
    const actions = (await auditOf("lamp-paper")).map((entry) => [
      entry.action,
      (entry.after as { price: number }).price,
    ]);
    expect(actions).toEqual([
      ["item.update", 300],
      ["item.create", 250],
    ]);

    const before = await rowCounts();
    await expect(
      Admin.saveCatalogItem({ actor: admin, item: { ...item, id: "starter-priced", starter: true } }),
    ).rejects.toMatchObject({ details: [{ path: "item.price", message: expect.stringMatching(/starter/) }] });
    expect(await rowCounts()).toEqual(before);
  });

  it("grant an item once, audited with the operator's reason", async () => {
    const admin = await operator();
    const userId = await person();
    expect(await Admin.grantItem({ actor: admin, userId, itemId: "desk-oak", note: "contest prize" })).toBe(true);
    expect(await Admin.grantItem({ actor: admin, userId, itemId: "desk-oak", note: "again" })).toBe(false);
    expect((await Item.inventory({ userId })).items.map((owned) => owned.itemId)).toContain("desk-oak");
    expect((await auditOf(userId)).map((entry) => entry.after)).toEqual([
      { itemId: "desk-oak", note: "again", granted: false },
      { itemId: "desk-oak", note: "contest prize", granted: true },
    ]);
  });

  it("turn maintenance on and the routes refuse with 503, then off again, each audited", async () => {
    const admin = await operator();
    const maintenance = { enabled: true, message: "Back soon", endsAt: null };
    await Admin.setMaintenance({ actor: admin, maintenance });
    await expect(App.enforce({})).rejects.toMatchObject({ status: 503, code: "maintenance" });
    await Admin.setMaintenance({ actor: admin, maintenance: { ...maintenance, enabled: false } });
    await expect(App.enforce({})).resolves.toBeUndefined();
    const [off, on] = await auditOf("maintenance");
    expect(on).toMatchObject({ action: "app.maintenance", before: { enabled: false }, after: { enabled: true } });
    expect(off).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
  });

  it("set minimum versions and feature flags, refusing a bad version with nothing written", async () => {
    const admin = await operator();
    await Admin.setMinimumVersions({ actor: admin, versions: { ios: "1.4.0", android: null } });
    await Admin.setFeatureFlags({ actor: admin, flags: { new_shop: true } });
    expect(await App.control()).toMatchObject({
      minimumVersions: { ios: "1.4.0", android: null },
      featureFlags: { new_shop: true },
    });
    const before = await rowCounts();
    await expect(
      Admin.setMinimumVersions({ actor: admin, versions: { ios: "latest", android: null } }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await rowCounts()).toEqual(before);
  });

  it("schedule and end a notice; a failed change leaves no audit row", async () => {
    const admin = await operator();
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const notice = await Admin.createNotice({
      actor: admin,
      notice: { title: { ja: "おしらせ" }, body: { ja: "本文" }, platforms: ["ios"], startsAt, endsAt },
    });
    expect((await Notice.active({ platform: "ios" })).items.map((item) => item.id)).toContain(notice.id);
    await Admin.endNotice({ actor: admin, noticeId: notice.id });
    expect((await Notice.active({ platform: "ios" })).items.map((item) => item.id)).not.toContain(notice.id);
    expect((await auditOf(notice.id)).map((entry) => entry.action)).toEqual(["notice.end", "notice.create"]);

    const before = await rowCounts();
    await expect(Admin.endNotice({ actor: admin, noticeId: newId() })).rejects.toBeInstanceOf(NotFound);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("moderation", () => {
  it("hides a sticker off the CDN and brings it back, audited, by moderators only", async () => {
    const [moderator, viewer] = await Promise.all([operator("moderator"), operator("viewer")]);
    const userId = await person();
    const sticker = await Sticker.complete({ userId, stickerId: await uploadedSticker(userId) });
    expect((await Admin.moderationQueue({ actor: viewer })).items.map((item) => item.id)).toContain(sticker.id);
    expect((await fetch(sticker.url)).status).toBe(200);

    await expect(Admin.hideSticker({ actor: viewer, stickerId: sticker.id, reason: "x" })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await Admin.hideSticker({ actor: moderator, stickerId: sticker.id, reason: "Not ours to show" });
    expect((await fetch(sticker.url)).status).toBe(404);
    expect((await Sticker.list({ userId })).items).toEqual([]);
    const hidden = await Admin.moderationQueue({ actor: viewer, status: "hidden" });
    expect(hidden.items.find((item) => item.id === sticker.id)?.hiddenReason).toBe("Not ours to show");

    await Admin.unhideSticker({ actor: moderator, stickerId: sticker.id });
    expect((await fetch(sticker.url)).status).toBe(200);
    expect((await auditOf(sticker.id)).map((entry) => entry.action)).toEqual(["sticker.unhide", "sticker.hide"]);
  });
});

describe("the audit log", () => {
  it("filters by operator, action, target and day, and pages newest first", async () => {
    const [first, second] = await Promise.all([operator(), operator()]);
    const userIds = await Promise.all([person(), person(), person()]);
    for (const userId of userIds) await Admin.banUser({ actor: first, userId, reason: "spam" });
    await Admin.unbanUser({ actor: second, userId: userIds[0]! });

    const byFirst = await Admin.auditLog({ actor: second, filter: { operatorId: first.id, action: "user.ban" } });
    expect(byFirst.items.map((entry) => entry.targetId)).toEqual([...userIds].reverse());

    const page = await Admin.auditLog({
      actor: second,
      filter: { operatorId: first.id, action: "user.ban", limit: 2 },
    });
    expect(page.items).toHaveLength(2);
    const rest = await Admin.auditLog({
      actor: second,
      filter: { operatorId: first.id, action: "user.ban", limit: 2, cursor: page.nextCursor! },
    });
    expect(rest.items.map((entry) => entry.targetId)).toEqual([userIds[0]]);
    expect(rest.nextCursor).toBeNull();

    const today = new Date().toISOString().slice(0, 10);
    const byDay = await Admin.auditLog({ actor: second, filter: { operatorId: second.id, from: today, to: today } });
    expect(byDay.items.map((entry) => entry.action)).toEqual(["user.unban"]);
    const longAgo = await Admin.auditLog({ actor: second, filter: { operatorId: second.id, to: "2020-01-01" } });
    expect(longAgo.items).toEqual([]);
  });

  it("answers every combination of filters through an index that exists", async () => {
    const actor = await operator();
    const userId = await person();
    await Admin.banUser({ actor, userId, reason: "spam" });
    await Admin.unbanUser({ actor, userId });
    const filters = [
      {},
      { action: "user.unban" },
      { operatorId: actor.id },
      { operatorId: actor.id, action: "user.unban" },
      { targetId: userId, action: "user.unban" },
      { targetId: userId, operatorId: actor.id, action: "user.unban" },
    ];
    for (const filter of filters) {
      const { items } = await Admin.auditLog({ actor, filter: { ...filter, limit: 100 } });
      expect(items.find((entry) => entry.targetId === userId)?.action).toBe("user.unban");
    }
  });
});

describe("what operators look at", () => {
  it("finds people by a hiragana query whatever the kana, by Friend ID and by id", async () => {
    const admin = await operator("viewer");
    const userId = await person("ミドリカワ");
    const me = await Profile.getMe({ userId });
    expect((await Admin.findUsers({ actor: admin, q: "みどりか" })).map((found) => found.friendId)).toContain(
      me.friendId,
    );
    expect(await Admin.findUsers({ actor: admin, q: me.friendId.toLowerCase() })).toContainEqual(
      expect.objectContaining({ userId, friendId: me.friendId }),
    );
    expect(await Admin.findUsers({ actor: admin, q: userId })).toEqual([
      { userId, friendId: me.friendId, name: "ミドリカワ" },
    ]);
  });

  it("counts today's sign-ups on the dashboard", async () => {
    const admin = await operator("viewer");
    const before = await Admin.dashboard({ actor: admin });
    await person();
    const after = await Admin.dashboard({ actor: admin });
    expect(after.signupsToday).toBe(before.signupsToday + 1);
    expect(after.focusingNow).toBeGreaterThanOrEqual(0);
  });

  it("shows a user's standing, balance and ledger on one page", async () => {
    const admin = await operator();
    const userId = await person("ページ");
    await Admin.grantCoins({ actor: admin, userId, amount: 7, note: "welcome" });
    const detail = await Admin.userDetail({ actor: admin, userId });
    expect(detail).toMatchObject({ profile: { name: "ページ" }, standing: { status: "active" }, balance: 7 });
    expect(detail.ledger).toHaveLength(1);
    await expect(Admin.userDetail({ actor: admin, userId: newId() })).rejects.toBeInstanceOf(NotFound);
  });
});
