// What every module that hands out CDN URLs needs, without the signer: profile cards carry
// avatar URLs, and those routes should not load what signing S3 requests takes.
import { storageConfig } from "../config";

export { publicPrefixes } from "./prefixes";

/** Published objects never change under their key: versioned documents, re-encoded images. */
export const immutableCacheControl = "public, max-age=31536000, immutable";
/**
 * Objects moderation may take down: edges keep them 5 minutes, devices an hour, so that a
 * hidden sticker is gone from the CDN within minutes without an invalidation call.
 */
export const moderatedCacheControl = "public, max-age=3600, s-maxage=300";

/** Where clients read a published object. */
export function publicUrl(key: string): string {
  return `${storageConfig().cdnUrl}/${key}`;
}
