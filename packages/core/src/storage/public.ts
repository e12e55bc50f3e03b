// What every module that hands out CDN URLs needs, without the signer: profile cards carry
// avatar URLs, and those routes should not load what signing S3 requests takes.
import { storageConfig } from "../config";

export { publicPrefixes } from "./prefixes";

/**
 * Published documents never change under their key, so devices keep them a year; CDN edges keep
 * them 5 minutes and then revalidate (a 304 from S3), so that a document deleted with its account
 * is gone from every edge within 5 minutes of leaving the bucket, without an invalidation call.
 */
export const immutableCacheControl = "public, max-age=31536000, s-maxage=300, immutable";
/**
 * Objects moderation may take down: edges keep them 5 minutes, devices an hour, so that a
 * hidden sticker is gone from the CDN within minutes without an invalidation call.
 */
export const moderatedCacheControl = "public, max-age=3600, s-maxage=300";

/** Where clients read a published object. */
export function publicUrl(key: string): string {
  return `${storageConfig().cdnUrl}/${key}`;
}
