// App control: maintenance mode, minimum client versions per platform and feature flags, set by
// operators and read by every route (see control.ts), and the public config the client starts with.
import * as z from "zod/mini";
import { now } from "../clock";
import { afterCommit, type Executor, transaction } from "../db";
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

export const setMaintenance = fn(Maintenance, (maintenance) =>
  transaction((tx) => setMaintenanceWithin(tx, maintenance)),
);

export const setMinimumVersions = fn(MinimumVersions, (versions) =>
  transaction((tx) => setMinimumVersionsWithin(tx, versions)),
);

export const setFeatureFlags = fn(z.object({ flags: FeatureFlags }), ({ flags }) =>
  transaction((tx) => setFeatureFlagsWithin(tx, flags)),
);

/** In the caller's transaction (an audited console action); the cached settings go after its commit. */
export function setMaintenanceWithin(tx: Executor, maintenance: Maintenance): Promise<void> {
  return saveSettingWithin(tx, "maintenance", maintenance);
}

export function setMinimumVersionsWithin(tx: Executor, versions: MinimumVersions): Promise<void> {
  return saveSettingWithin(tx, "minimum_versions", versions);
}

export function setFeatureFlagsWithin(tx: Executor, flags: FeatureFlags): Promise<void> {
  return saveSettingWithin(tx, "feature_flags", flags);
}

async function saveSettingWithin(tx: Executor, name: string, value: unknown): Promise<void> {
  await repo.saveSetting(tx, name, value, now());
  afterCommit(tx, forgetControl);
}
