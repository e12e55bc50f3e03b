// Actions on the app as a whole: the catalog, maintenance, minimum versions, feature flags, notices.
import * as z from "zod/mini";
import { transaction } from "../db";
import { fn } from "../fn";
import { Id } from "../id";
import * as App from "../app";
import * as Item from "../item";
import * as Notice from "../notice";
import { audit } from "./audit";
import { requireRole } from "./roles";
import { Actor } from "./schema";

/** Creates or replaces a catalog item, validated like the seed file. */
export const saveCatalogItem = fn(z.object({ actor: Actor, item: Item.CatalogItem }), async ({ actor, item }) => {
  requireRole(actor, "admin");
  const before = (await Item.catalog()).items.find((candidate) => candidate.id === item.id);
  await transaction(async (tx) => {
    await Item.saveItemWithin(tx, item);
    await audit(tx, actor, {
      action: before ? "item.update" : "item.create",
      targetType: "item",
      targetId: item.id,
      before,
      after: item,
    });
  });
});

export const setMaintenance = fn(
  z.object({ actor: Actor, maintenance: App.Maintenance }),
  async ({ actor, maintenance }) => {
    requireRole(actor, "admin");
    const before = (await App.control()).maintenance;
    await transaction(async (tx) => {
      await App.setMaintenanceWithin(tx, maintenance);
      await audit(tx, actor, {
        action: "app.maintenance",
        targetType: "app",
        targetId: "maintenance",
        before,
        after: maintenance,
      });
    });
  },
);

export const setMinimumVersions = fn(
  z.object({ actor: Actor, versions: App.MinimumVersions }),
  async ({ actor, versions }) => {
    requireRole(actor, "admin");
    const before = (await App.control()).minimumVersions;
    await transaction(async (tx) => {
      await App.setMinimumVersionsWithin(tx, versions);
      await audit(tx, actor, {
        action: "app.minimum_versions",
        targetType: "app",
        targetId: "minimum_versions",
        before,
        after: versions,
      });
    });
  },
);

export const setFeatureFlags = fn(z.object({ actor: Actor, flags: App.FeatureFlags }), async ({ actor, flags }) => {
  requireRole(actor, "admin");
  const before = (await App.control()).featureFlags;
  await transaction(async (tx) => {
    await App.setFeatureFlagsWithin(tx, flags);
    await audit(tx, actor, {
      action: "app.feature_flags",
      targetType: "app",
      targetId: "feature_flags",
      before,
      after: flags,
    });
  });
});

export const createNotice = fn(z.object({ actor: Actor, notice: Notice.NoticeInput }), async ({ actor, notice }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await Notice.createWithin(tx, notice);
    await audit(tx, actor, { action: "notice.create", targetType: "notice", targetId: created.id, after: created });
    return created;
  });
});

export const endNotice = fn(z.object({ actor: Actor, noticeId: Id }), async ({ actor, noticeId }) => {
  requireRole(actor, "admin");
  await transaction(async (tx) => {
    await Notice.endWithin(tx, noticeId);
    await audit(tx, actor, { action: "notice.end", targetType: "notice", targetId: noticeId });
  });
});
