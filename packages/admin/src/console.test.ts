import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import * as Account from "@gogh/core/account";
import * as Admin from "@gogh/core/admin";
import { rowCounts } from "@gogh/core/db/testing";
import * as Profile from "@gogh/core/profile";
import { call } from "@gogh/functions/testing";
import { type Browser, launchBrowser, screenshot } from "../test/browser";
import { type AdminServer, startAdmin } from "./local";

// The console in real headless Chromium: log in, find, ban, and the defences that must hold.
const password = "a long enough passphrase";
const hostileName = "<script>x=1</script>";

let server: AdminServer;
let browser: Browser;
let page: Page;
let target: Account.Tokens;
let hostile: string;

async function operator(role: Admin.Role, email: string) {
  await Admin.createOperator({ email, name: `${role} <b>op</b>`, role, password });
  return email;
}

async function person(name: string): Promise<Account.Tokens> {
  const tokens = await Account.signup({});
  await Profile.updateMe({ userId: tokens.userId, changes: { name } });
  return tokens;
}

async function logIn(into: Page, email: string): Promise<void> {
  await into.goto(`${server.url}/login`);
  await into.fill("input[name=email]", email);
  await into.fill("input[name=password]", password);
  await into.click("button[type=submit]");
  await into.waitForURL(`${server.url}/`);
}

beforeAll(async () => {
  await Promise.all([operator("admin", "admin@example.com"), operator("viewer", "viewer@example.com")]);
  target = await person("ヒマワリ");
  hostile = (await person(hostileName)).userId;
  server = await startAdmin();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the console in a browser", () => {
  it("sends anyone without a session to the login page, and logs an operator in", async () => {
    await page.goto(`${server.url}/users`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "login");
    await logIn(page, "admin@example.com");
    expect(await page.textContent("[data-testid=signups]")).toMatch(/Sign-ups today/);
    await screenshot(page, "dashboard");
  });

  it("refuses a login posted without the login form's cookie", async () => {
    const forged = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "admin@example.com", password, _csrf: "x".repeat(43) }),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a wrong password on the page", async () => {
    const fresh = await browser.context.newPage();
    await fresh.goto(`${server.url}/login`);
    await fresh.fill("input[name=email]", "viewer@example.com");
    await fresh.fill("input[name=password]", "not the password");
    const [response] = await Promise.all([
      fresh.waitForResponse(`${server.url}/login`),
      fresh.click("button[type=submit]"),
    ]);
    expect(response.status()).toBe(401);
    expect(await fresh.textContent(".error")).toBe("The email or the password is wrong.");
    await fresh.close();
  });

  it("finds a person by a hiragana query for a katakana name, bans them, and the API refuses their refresh", async () => {
    await page.goto(`${server.url}/users`);
    await page.fill("input[name=q]", "ひまわり");
    await page.click("text=Search");
    await page.click("[data-testid=results] a:text('ヒマワリ')");
    expect(new URL(page.url()).pathname).toBe(`/users/${target.userId}`);
    await screenshot(page, "user");

    await page.fill("input[name=reason]", "Spam in spaces");
    await page.click("button:text('Ban')");
    expect(await page.textContent(".notice")).toBe("The user is banned.");
    expect(await page.textContent("[data-testid=standing]")).toMatch(/Banned permanently: Spam in spaces/);
    expect(await page.textContent("main")).toMatch(/at most 15 minutes/);

    const refresh = await call("POST /v1/auth/refresh", { body: { refreshToken: target.refreshToken } });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe("account_banned");

    await page.goto(`${server.url}/audit?targetId=${target.userId}`);
    expect(await page.textContent("[data-testid=audit] tbody")).toMatch(/user\.ban[\s\S]*Spam in spaces/);
    await screenshot(page, "audit");
  });

  it("turns maintenance on, and the API answers 503 until it is off again", async () => {
    const caller = await Account.signup({});
    await page.goto(`${server.url}/app`);
    await page.check("input[name=enabled]");
    await page.fill("textarea[name=message]", "Back at 10:00");
    await page.click("text=Save maintenance");
    expect(await page.textContent("[data-testid=maintenance-state]")).toMatch(/^On/);
    await screenshot(page, "app-control");

    const refused = await call("GET /v1/me", { token: caller.accessToken });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toEqual({ code: "maintenance", message: "Back at 10:00" });

    await page.uncheck("input[name=enabled]");
    await page.click("text=Save maintenance");
    expect(await page.textContent("[data-testid=maintenance-state]")).toBe("Off.");
    expect((await call("GET /v1/me", { token: caller.accessToken })).status).toBe(200);
  });

  it("hides a reported person from the reports page, closing their reports", async () => {
    const reporter = await Account.signup({});
    const reported = await person("Rude name");
    const { friendId } = await Profile.getMe({ userId: reported.userId });
    const filed = await call("POST /v1/reports", {
      token: reporter.accessToken,
      body: { target: { type: "user", friendId }, reason: "harassment", note: "<b>rude</b> to everyone" },
    });
    expect(filed.status).toBe(202);
    await page.goto(`${server.url}/reports`);
    const entry = `[data-testid=report-user-${reported.userId}]`;
    expect(await page.textContent(entry)).toMatch(/Rude name[\s\S]*harassment[\s\S]*<b>rude<\/b> to everyone/);
    await screenshot(page, "reports");
    await page.click(`${entry} button:text('Hide')`);
    expect(await page.textContent(".notice")).toBe("Hidden, and every report of it closed.");
    expect(await page.$(entry)).toBeNull();
    expect((await Profile.getMe({ userId: reported.userId })).name).toMatch(/^Guest /);
  });

  it("deletes an account from the user page once its Friend ID is typed, and the API refuses its refresh", async () => {
    const leaving = await person("Leaving");
    const { friendId } = await Profile.getMe({ userId: leaving.userId });
    await page.goto(`${server.url}/users/${leaving.userId}`);
    await page.fill("input[name=confirmFriendId]", friendId);
    await page.click("button:text('Delete this account')");
    expect(await page.textContent(".notice")).toMatch(/^The account is deleted/);
    const refresh = await call("POST /v1/auth/refresh", { body: { refreshToken: leaving.refreshToken } });
    expect(refresh.status).toBe(401);
    const gone = await page.goto(`${server.url}/users/${leaving.userId}`);
    expect(gone?.status()).toBe(404);
  });

  it("shows the other main pages", async () => {
    for (const [path, name] of [
      ["/spaces", "spaces"],
      ["/economy", "economy"],
      ["/moderation", "moderation"],
      ["/operators", "operators"],
    ] as const) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await screenshot(page, name);
      if (name === "economy") expect(await page.textContent("[data-testid=catalog]")).toMatch(/desk-oak/);
    }
  });

  it("refuses a POST without the CSRF token, or with another session's, and writes nothing", async () => {
    const before = await rowCounts();
    const url = `${server.url}/users/${hostile}/ban`;
    // The browser's own cookies ride along: only the token is missing.
    const without = await page.request.post(url, { form: { reason: "forged" }, maxRedirects: 0 });
    expect(without.status()).toBe(403);
    expect(await without.text()).toMatch(/did not come from this console/);
    const wrong = await page.request.post(url, { form: { reason: "forged", _csrf: "x".repeat(43) }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    const huge = await page.request.post(url, { form: { reason: "x".repeat(100_000) }, maxRedirects: 0 });
    expect(huge.status()).toBe(413);
    expect(await rowCounts()).toEqual(before);
    expect((await Account.standing({ userId: hostile }))?.status).toBe("active");
  });

  it("shows a script in a display name as text, and nothing runs", async () => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await page.goto(`${server.url}/users/${hostile}`);
    expect(response?.headers()["content-security-policy"]).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(await response?.text()).toContain("&lt;script&gt;x=1&lt;/script&gt;");
    expect(await page.textContent("[data-testid=name]")).toBe(hostileName);
    expect(await page.evaluate(() => (globalThis as { x?: unknown }).x)).toBeUndefined();
    expect(await page.locator("main script").count()).toBe(0);
    // The operator's own name is escaped too.
    expect(await page.textContent("[data-testid=operator]")).toBe("admin <b>op</b> (admin)");
    expect(dialogs).toEqual([]);
  });

  it("keeps a viewer to reading: no ban form, and a ban posted anyway is refused", async () => {
    await browser.context.clearCookies();
    await logIn(page, "viewer@example.com");
    await page.goto(`${server.url}/users/${hostile}`);
    expect(await page.locator("input[name=reason]").count()).toBe(0);
    expect(await page.locator("nav a:text('Operators')").count()).toBe(0);
    const csrf = await page.getAttribute("header input[name=_csrf]", "value");
    const before = await rowCounts();
    const refused = await page.request.post(`${server.url}/users/${hostile}/ban`, {
      form: { reason: "by a viewer", _csrf: csrf! },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toMatch(/needs the moderator role/);
    expect(await rowCounts()).toEqual(before);
  });

  it("ends the session at logout: the old cookie opens nothing", async () => {
    const [cookie] = await browser.context.cookies(server.url);
    await page.click("text=Log out");
    expect(new URL(page.url()).pathname).toBe("/login");
    const replay = await fetch(`${server.url}/`, {
      headers: { cookie: `${cookie!.name}=${cookie!.value}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe("/login");
  });
});
