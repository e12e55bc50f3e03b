import * as App from "@gogh/core/app";
import { resetCache } from "@gogh/core/cache";
import { rowCounts } from "@gogh/core/db/testing";
import * as Notice from "@gogh/core/notice";
import { afterEach, describe, expect, it } from "vitest";
import { call, newCaller } from "./testing";

// Operators' changes reach each Lambda once its memory copy lapses; tests skip the wait.
async function changeSettings(change: () => Promise<void>) {
  await change();
  resetCache();
}

afterEach(async () => {
  await changeSettings(async () => {
    await App.setMaintenance({ enabled: false, message: "", endsAt: null });
    await App.setMinimumVersions({ ios: null, android: null });
  });
});

describe("GET /v1/app/config", () => {
  it("tells a client the settings and the catalog version, without a token", async () => {
    await changeSettings(() => App.setFeatureFlags({ flags: { focus_together: true, stickers: false } }));
    const response = await call("GET /v1/app/config");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      maintenance: { enabled: false },
      minimumVersions: { ios: null, android: null },
      featureFlags: { focus_together: true, stickers: false },
      catalogVersion: expect.stringMatching(/^[\w-]{16}$/),
    });
  });

  it("costs no query and no cache operation while the Lambda holds the settings", async () => {
    await call("GET /v1/app/config");
    const response = await call("GET /v1/app/config");
    expect(response.log).toMatchObject({ dbQueries: 0, cacheOps: 0 });
  });
});

describe("maintenance", () => {
  it("answers 503 maintenance with the operators' message and Retry-After on every other route", async () => {
    const caller = await newCaller();
    const endsAt = new Date(Date.now() + 30 * 60 * 1000).toISOString();
    await changeSettings(() =>
      App.setMaintenance({ enabled: true, message: "Back at 15:00 JST / 15時に再開します", endsAt }),
    );
    const counts = await rowCounts();
    const refused = await call("PATCH /v1/me", { token: caller.accessToken, body: { name: "Maintenance" } });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toEqual({ code: "maintenance", message: "Back at 15:00 JST / 15時に再開します" });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(1700);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(1800);
    expect((await call("POST /v1/auth/signup")).status).toBe(503);
    expect(await rowCounts()).toEqual(counts);

    // The client can still learn why, and read the notices.
    expect((await call("GET /v1/app/config")).body.maintenance).toMatchObject({ enabled: true, endsAt });
    expect((await call("GET /v1/notices")).status).toBe(200);

    await changeSettings(() => App.setMaintenance({ enabled: false, message: "", endsAt: null }));
    expect((await call("GET /v1/me", { token: caller.accessToken })).status).toBe(200);
  });
});

describe("the settings on a Lambda that does not hold them", () => {
  it("are read while a read route runs, and still decide first; a write waits for them", async () => {
    const caller = await newCaller();
    await changeSettings(() => App.setMaintenance({ enabled: true, message: "", endsAt: null }));
    // A write never starts before the settings are known: on a cold Lambda, whose cache holds
    // nothing either, its only query loads them.
    const counts = await rowCounts();
    const write = await call("PATCH /v1/me", { token: caller.accessToken, body: { bio: "during maintenance" } });
    expect(write.body.error.code).toBe("maintenance");
    expect(write.log.dbQueries).toBe(1);
    expect(await rowCounts()).toEqual(counts);
    // Another cold Lambda: the settings come from the cache, and the read's own query goes out
    // meanwhile; the settings still answer.
    resetCache();
    const read = await call("GET /v1/me", { token: caller.accessToken });
    expect(read.body.error.code).toBe("maintenance");
    expect(read.log.cacheCalls).toBeGreaterThan(0);
    expect(read.log.dbQueries).toBe(1);
    // Held now: a read during maintenance costs nothing.
    const held = await call("GET /v1/me", { token: caller.accessToken });
    expect(held.body.error.code).toBe("maintenance");
    expect(held.log).toMatchObject({ dbQueries: 0, cacheCalls: 0 });
  });
});

describe("minimum client versions", () => {
  it("answers 426 upgrade_required to a client below its platform's minimum, and serves the rest", async () => {
    const caller = await newCaller();
    await changeSettings(() => App.setMinimumVersions({ ios: "2.1.0", android: null }));
    const asClient = (platform: string, version: string) =>
      call("GET /v1/me", {
        token: caller.accessToken,
        headers: { "x-client-platform": platform, "x-client-version": version },
      });
    const old = await asClient("ios", "2.0.9");
    expect(old.status).toBe(426);
    expect(old.body.error).toMatchObject({ code: "upgrade_required", message: expect.stringContaining("2.1.0") });
    expect((await asClient("ios", "2.1")).status).toBe(200);
    expect((await asClient("ios", "2.10.0")).status).toBe(200);
    expect((await asClient("android", "0.1.0")).status).toBe(200);
    expect((await call("GET /v1/me", { token: caller.accessToken })).status).toBe(200);
    // The config route itself answers, so the client can send people to the store.
    const config = await call("GET /v1/app/config", {
      headers: { "x-client-platform": "ios", "x-client-version": "1.0" },
    });
    expect(config.body.minimumVersions).toEqual({ ios: "2.1.0", android: null });
  });

  it("refuses client headers outside their documented enum and pattern, on every route", async () => {
    const caller = await newCaller();
    for (const [headers, path] of [
      [{ "x-client-platform": "web" }, "headers.x-client-platform"],
      [{ "x-client-platform": "iOS" }, "headers.x-client-platform"],
      [{ "x-client-version": "v1" }, "headers.x-client-version"],
    ] as const) {
      for (const name of ["GET /v1/me", "GET /v1/app/config", "GET /v1/notices"] as const) {
        const response = await call(name, { token: caller.accessToken, headers });
        expect(response.status, `${name} ${JSON.stringify(headers)}`).toBe(400);
        expect(response.body.error.details).toEqual([{ path, message: expect.any(String) }]);
      }
    }
    const desktop = await call("GET /v1/me", {
      token: caller.accessToken,
      headers: { "x-client-platform": "windows", "x-client-version": "1.0.0" },
    });
    expect(desktop.status).toBe(200);
  });

  it("refuses a version header that is not a version", async () => {
    const caller = await newCaller();
    const response = await call("GET /v1/me", {
      token: caller.accessToken,
      headers: { "x-client-platform": "android", "x-client-version": "latest" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { path: "headers.x-client-version", message: "A version such as 1.4.2." },
    ]);
  });

  it("compares versions number by number", () => {
    expect(App.compareVersions("1.10.0", "1.9.3")).toBe(1);
    expect(App.compareVersions("2", "2.0.0")).toBe(0);
    expect(App.compareVersions("2.0.1", "2.1")).toBe(-1);
  });
});

describe("GET /v1/notices", () => {
  it("lists running notices for the platform in the language asked, highest priority first", async () => {
    const hour = 60 * 60 * 1000;
    const at = (offset: number) => new Date(Date.now() + offset).toISOString();
    const running = { startsAt: at(-hour), endsAt: at(hour) };
    await Notice.create({
      title: { ja: "メンテナンスのお知らせ", en: "Maintenance" },
      body: { ja: "本文", en: "Body" },
      platforms: ["ios", "android"],
      priority: 10,
      ...running,
    });
    await Notice.create({
      title: { ja: "新しい家具" },
      body: { ja: "冬の窓" },
      platforms: ["ios"],
      priority: 50,
      ...running,
    });
    await Notice.create({ title: { ja: "Android だけ" }, body: { ja: "本文" }, platforms: ["android"], ...running });
    await Notice.create({
      title: { ja: "来週" },
      body: { ja: "本文" },
      platforms: ["ios"],
      startsAt: at(hour),
      endsAt: at(2 * hour),
    });
    const ended = await Notice.create({ title: { ja: "終了" }, body: { ja: "本文" }, platforms: ["ios"], ...running });
    await Notice.end({ id: ended.id });
    resetCache();

    const english = await call("GET /v1/notices", { query: { lang: "en" }, headers: { "x-client-platform": "ios" } });
    expect(english.body.items.map((notice: { title: string }) => notice.title)).toEqual(["新しい家具", "Maintenance"]);
    const android = await call("GET /v1/notices", { query: { platform: "android" } });
    expect(android.body.items.map((notice: { title: string }) => notice.title)).toEqual([
      "メンテナンスのお知らせ",
      "Android だけ",
    ]);
  });

  it("refuses a notice that ends before it starts, and writes nothing", async () => {
    const counts = await rowCounts();
    await expect(
      Notice.create({
        title: { ja: "逆" },
        body: { ja: "本文" },
        platforms: ["ios"],
        startsAt: "2027-01-02T00:00:00Z",
        endsAt: "2027-01-01T00:00:00Z",
      }),
    ).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: "endsAt" })] });
    expect(await rowCounts()).toEqual(counts);
  });
});
