// App control on the wire: maintenance, minimum client versions, feature flags.
import * as z from "zod/mini";

/** The store platforms: each has a minimum version, and notices target them. */
export const Platform = z.enum(["ios", "android"]);
export type Platform = z.infer<typeof Platform>;
/** Every platform the app runs on (a device signs up as one, and names it in X-Client-Platform). */
export const DevicePlatform = z.enum(["ios", "android", "windows", "macos"]);
/** Dotted numbers, compared number by number: "1.10.0" is after "1.9.3". */
export const Version = z.string().check(z.regex(/^\d{1,5}(\.\d{1,5}){0,3}$/, "A version such as 1.4.2."));

/**
 * What any client may send with any request: route() checks them against these before anything
 * else, and app control judges them (maintenance, minimum version). Clients that send neither
 * (scripts, the console) are not judged.
 */
export const ClientHeaders = z.object({
  "x-client-version": z.optional(Version),
  "x-client-platform": z.optional(DevicePlatform),
});
export type ClientHeaders = z.infer<typeof ClientHeaders>;

export const Maintenance = z.strictObject({
  enabled: z.boolean(),
  message: z.string().check(z.maxLength(500)),
  /** When the operators expect to be back; it sets Retry-After. */
  endsAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type Maintenance = z.infer<typeof Maintenance>;

export const MinimumVersions = z.strictObject({ ios: z.nullable(Version), android: z.nullable(Version) });
export type MinimumVersions = z.infer<typeof MinimumVersions>;

export const FlagName = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,47}$/, "A lower-case flag name."));
export const FeatureFlags = z
  .record(FlagName, z.boolean())
  .check(z.refine((flags) => Object.keys(flags).length <= 100, "At most 100 feature flags."));
export type FeatureFlags = z.infer<typeof FeatureFlags>;

export const Control = z.object({
  maintenance: Maintenance,
  minimumVersions: MinimumVersions,
  featureFlags: FeatureFlags,
});
export type Control = z.infer<typeof Control>;

export const AppConfig = z.object({
  maintenance: Maintenance,
  minimumVersions: MinimumVersions,
  featureFlags: FeatureFlags,
  /** Compare with the one stored beside the client's copy of GET /v1/items. */
  catalogVersion: z.string(),
});
export type AppConfig = z.infer<typeof AppConfig>;
