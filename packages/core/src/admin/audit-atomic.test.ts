import { sql } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import * as Account from "../account";
import * as App from "../app";
import * as Cache from "../cache";
import { controlKey } from "../app/control";
import { db } from "../db";
import { databaseState } from "../db/testing";
import * as Item from "../item";
import * as Notice from "../notice";
import { publishedSticker } from "../sticker/testing";
import * as Admin from "./index";

// Every audited action writes its change and its audit row in one transaction, and runs its
// effects outside the database (cache drops, S3 moves) only once that transaction commits. Here
// the audit insert fails after the change has been made: nothing of either may stay, and no
// effect may run.

const actor: Admin.Actor = { id: "01J00000000000000000000000", email: "a@example.com", role: "admin", ip: "192.0.2.1" };

/** A marked value under a cache key: still there afterwards means the key was never dropped. */
async function watchCacheKey(key: string, stale: object): Promise<() => Promise<unknown>> {
  await Cache.set(key, stale, 600);
  onTestFinished(() => Cache.drop(key));
  return () => Cache.get(key);
}

describe("an audited action whose audit row cannot be written", () => {
  it("app settings: no setting changes and the cached settings are not dropped", async () => {
    const cached = await watchCacheKey(controlKey, { ...(await App.control()), stale: true });
    await expectNothingLeft(() =>
      Admin.setMaintenance({ actor, maintenance: { enabled: true, message: "Back soon", endsAt: null } }),
    );
    await expectNothingLeft(() => Admin.setMinimumVersions({ actor, versions: { ios: "9.0.0", android: null } }));
    await expectNothingLeft(() => Admin.setFeatureFlags({ actor, flags: { new_shop: true } }));
    expect(await cached()).toMatchObject({ stale: true });
  });

  it("notices: none is created or ended, and the cached list is not dropped", async () => {
    const noticeInput = {
      title: { ja: "おしらせ" },
      body: { ja: "本文" },
      platforms: ["ios" as const],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const notice = await Notice.create(noticeInput);
    const cached = await watchCacheKey(Notice.unendedKey, { stale: true });
    await expectNothingLeft(() => Admin.createNotice({ actor, notice: { ...noticeInput, title: { ja: "二つ目" } } }));
    await expectNothingLeft(() => Admin.endNotice({ actor, noticeId: notice.id }));
    expect(await cached()).toMatchObject({ stale: true });
  });

  it("the catalog: no item is saved or granted, and the cached catalog is not dropped", async () => {
    const { userId } = await Account.signup({});
    const cached = await watchCacheKey(Item.catalogKey, { ...(await Item.catalog()), stale: true });
    await expectNothingLeft(() =>
      Admin.saveCatalogItem({
        actor,
        item: {
          id: "never-sold",
          kind: "furniture",
          category: "desk",
          name: { ja: "机", en: "Desk" },
          price: 10,
          rarity: "common",
        },
      }),
    );
    await expectNothingLeft(() => Admin.grantItem({ actor, userId, itemId: "desk-oak", note: "prize" }));
    expect(await cached()).toMatchObject({ stale: true });
  });

  it("stickers: the status stays and the image is not moved", async () => {
    const { userId } = await Account.signup({});
    const sticker = await publishedSticker(userId);
    await expectNothingLeft(() => Admin.hideSticker({ actor, stickerId: sticker.id, reason: "Not ours to show" }));
    expect((await fetch(sticker.url)).status).toBe(200);
  });

  it("people and spaces: no ban, coins, name or space change", async () => {
    const { userId } = await Account.signup({});
    await expectNothingLeft(() => Admin.banUser({ actor, userId, reason: "spam" }));
    await expectNothingLeft(() => Admin.grantCoins({ actor, userId, amount: 50, note: "sorry" }));
    await expectNothingLeft(() => Admin.resetUserName({ actor, userId }));
    await expectNothingLeft(() =>
      Admin.createSpace({ actor, space: { slug: "never-made", name: "Never", capacity: 5 } }),
    );
  });
});

/** Runs the action with the audit log broken and proves every table is as it was. */
async function expectNothingLeft(action: () => Promise<unknown>): Promise<void> {
  const before = await databaseState();
  await sql`RENAME TABLE admin_audit_log TO admin_audit_log_away`.execute(db());
  try {
    await expect(action()).rejects.toThrow(/admin_audit_log/);
  } finally {
    await sql`RENAME TABLE admin_audit_log_away TO admin_audit_log`.execute(db());
  }
  expect(await databaseState()).toEqual(before);
}
