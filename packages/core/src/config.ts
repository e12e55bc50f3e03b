import { Resource } from "sst";

/**
 * The one configuration path: SST links in the cloud, the same `SST_RESOURCE_<Name>` variables
 * locally and in tests. Read lazily so that importing a module never touches configuration.
 */
export function databaseUrl(): string {
  const { host, username, password } = Resource.Database;
  // A bare host is PlanetScale (https); the local simulator is linked as http://127.0.0.1:PORT.
  const url = new URL(/^https?:\/\//.test(host) ? host : `https://${host}`);
  url.username = username;
  url.password = password;
  return url.toString();
}

let jwtKey: Uint8Array | undefined;

export function jwtSecret(): Uint8Array {
  if (!jwtKey) {
    const value = Resource.JwtSecret.value;
    if (value.length < 32) throw new Error("JwtSecret must be at least 32 characters.");
    jwtKey = new TextEncoder().encode(value);
  }
  return jwtKey;
}

export interface CacheConfig {
  apiKey: string;
  cacheName: string;
  /** Momento's HTTP API for the region, e.g. https://api.cache.cell-ap-northeast-1-1.prod.a.momentohq.com. */
  httpEndpoint: string;
}

export function cacheConfig(): CacheConfig {
  const { apiKey, cacheName, httpEndpoint } = Resource.Cache;
  return { apiKey, cacheName, httpEndpoint: httpEndpoint.replace(/\/$/, "") };
}

export interface StorageConfig {
  bucket: string;
  /** Where the public prefixes are served (CloudFront; the local CDN), without a trailing slash. */
  cdnUrl: string;
  region: string;
  /** Set only for the local S3 server ("http://127.0.0.1:PORT", path-style); in the cloud S3's own endpoint. */
  endpoint: string;
}

export function storageConfig(): StorageConfig {
  const { bucket, cdnUrl, region, endpoint } = Resource.Storage;
  return { bucket, cdnUrl: cdnUrl.replace(/\/$/, ""), region, endpoint: endpoint.replace(/\/$/, "") };
}

export type IdentityProvider = "apple" | "google";
export type IdentityPlatform = "ios" | "android";

export interface IdentityConfig {
  /** Where each provider publishes its signing keys (JWKS); the local key server's locally. */
  keysUrl: Record<IdentityProvider, string>;
  /**
   * Our client id per provider and platform: the audience its identity tokens must name. `none`
   * means that sign-in is not offered there (a stage that has not set it up).
   */
  clientIds: Record<IdentityProvider, Record<IdentityPlatform, string>>;
}

export function identityConfig(): IdentityConfig {
  const link = Resource.Identity;
  return {
    keysUrl: { apple: link.appleKeysUrl, google: link.googleKeysUrl },
    clientIds: {
      apple: { ios: link.appleIos, android: link.appleAndroid },
      google: { ios: link.googleIos, android: link.googleAndroid },
    },
  };
}

/** The SST stage this code runs in (`local` for the offline stack and the tests). */
export function stageName(): string {
  return Resource.App.stage;
}
