// App control: maintenance mode, minimum client versions per platform and feature flags, set by
// operators and read by every route (see control.ts), and the public config the client starts with.
import * as z from "zod/mini";
import { now } from "../clock";
import { db } from "../db";
import { fn } from "../fn";
import * as Item from "../item";
import { control, forgetControl } from "./control";
import * as repo from "./repo";
import { type AppConfig, FeatureFlags, Maintenance, MinimumVersions } from "./schema";

export * from "./schema";
export { compareVersions, control, controlMemorySeconds, enforce } from "./control";

/** What a client reads at start: the settings and the catalog version. */
export async function config(): Promise<AppConfig> {
  const [settings, catalogVersion] = await Promise.all([control(), Item.catalogVersion()]);
  return { ...settings, catalogVersion };
}

export const setMaintenance = fn(Maintenance, async (maintenance) => {
  await repo.saveSetting(db(), "maintenance", maintenance, now());
  await forgetControl();
});

export const setMinimumVersions = fn(MinimumVersions, async (versions) => {
  await repo.saveSetting(db(), "minimum_versions", versions, now());
  await forgetControl();
});

export const setFeatureFlags = fn(z.object({ flags: FeatureFlags }), async ({ flags }) => {
  await repo.saveSetting(db(), "feature_flags", flags, now());
  await forgetControl();
});
