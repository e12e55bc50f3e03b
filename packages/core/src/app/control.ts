// What every route checks before it runs: maintenance and the minimum client version. Kept apart
// from the rest of the app module so the wrapper loads nothing else into every Lambda.
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { db } from "../db";
import { Invalid, Unavailable, UpgradeRequired } from "../error";
import * as repo from "./repo";
import {
  type ClientHeaders,
  type Control,
  FeatureFlags,
  Maintenance,
  MinimumVersions,
  Platform,
  Version,
} from "./schema";

export const controlKey = "app:control";
const controlTtlSeconds = 10 * 60;
/** Each Lambda keeps the settings this long: a change reaches every instance within it. */
export const controlMemorySeconds = 15;
const defaultRetryAfterSeconds = 300;

export const defaultControl: Control = {
  maintenance: { enabled: false, message: "", endsAt: null },
  minimumVersions: { ios: null, android: null },
  featureFlags: {},
};

const settings = { maintenance: Maintenance, minimum_versions: MinimumVersions, feature_flags: FeatureFlags };

/** The settings, from this Lambda's memory, else one cache read, else one query. */
export async function control(): Promise<Control> {
  const found = await Cache.cached(controlKey, controlTtlSeconds, loadControl, { memorySeconds: controlMemorySeconds });
  return found ?? loadControl();
}

/** Whether the settings are in this Lambda's memory: `enforce` then answers without a call. */
export function controlInMemory(): boolean {
  return Cache.inMemory(controlKey);
}

async function loadControl(): Promise<Control> {
  const rows = new Map((await repo.findSettings(db())).map((row) => [row.name, row.value]));
  // A row that no longer parses (an older shape) falls back to the default rather than failing every route.
  const read = <S extends z.ZodMiniType>(schema: S, name: keyof typeof settings, fallback: z.output<S>) => {
    const parsed = z.safeParse(schema, rows.get(name));
    return parsed.success ? parsed.data : fallback;
  };
  return {
    maintenance: read(Maintenance, "maintenance", defaultControl.maintenance),
    minimumVersions: read(MinimumVersions, "minimum_versions", defaultControl.minimumVersions),
    featureFlags: read(FeatureFlags, "feature_flags", defaultControl.featureFlags),
  };
}

/**
 * Refuses the request during maintenance (503 maintenance, Retry-After) and from a client
 * below its platform's minimum (426 upgrade_required). Clients that do not say their version
 * (scripts, the console) are not judged by it; route() has checked the headers' form.
 */
export async function enforce(headers: ClientHeaders): Promise<void> {
  const { maintenance, minimumVersions } = await control();
  if (maintenance.enabled) {
    const untilEnd = maintenance.endsAt ? Math.ceil((Date.parse(maintenance.endsAt) - now().getTime()) / 1000) : 0;
    throw new Unavailable(maintenance.message || "The service is under maintenance.", {
      code: "maintenance",
      retryAfter: untilEnd > 0 ? untilEnd : defaultRetryAfterSeconds,
    });
  }
  const version = headers["x-client-version"];
  const platform = z.safeParse(Platform, headers["x-client-platform"]);
  if (version === undefined || !platform.success) return;
  if (!z.safeParse(Version, version).success) {
    throw new Invalid("X-Client-Version is not a version.", [
      { path: "headers.x-client-version", message: "A version such as 1.4.2." },
    ]);
  }
  const minimum = minimumVersions[platform.data];
  if (minimum !== null && compareVersions(version, minimum) < 0) throw new UpgradeRequired(minimum);
}

export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Used by the setters: the next read anywhere sees the change once its memory copy lapses. */
export async function forgetControl(): Promise<void> {
  await Cache.drop(controlKey);
}
