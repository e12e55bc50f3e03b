import { publicPrefixes } from "../packages/core/src/storage/prefixes";
import { corsOrigins } from "./stage";

/**
 * User-made content. One private bucket: clients PUT uploads straight into it with presigned
 * URLs (under `pending/`), the API publishes checked objects under the public prefixes, and
 * only CloudFront reads it. Code reads `Resource.Storage` (see packages/core/src/config.ts).
 */
export const bucket = new sst.aws.Bucket("Content", {
  // No public access: the bucket policy lets only CloudFront read.
  access: "cloudfront",
  // Presigned PUTs from browser tools; the Unity client is not a browser and needs none.
  cors: { allowOrigins: corsOrigins, allowMethods: ["PUT"], allowHeaders: ["content-type"], maxAge: "1 hour" },
  // An upload nobody completed (presigned URLs live 5 minutes) is gone the next day.
  lifecycle: [{ id: "abandoned-uploads", prefix: "pending/", expiresIn: "1 day" }],
});

/** CloudFront in front of the bucket, serving the public prefixes only (pending and hidden objects are unreachable). */
export const cdn = new sst.aws.Router("Cdn");
for (const prefix of publicPrefixes) cdn.routeBucket(`/${prefix.replace(/\/$/, "")}`, bucket);

/**
 * Where things are, linked to every route (profile cards carry avatar URLs); `endpoint` is set
 * only locally. Rights on the bucket are separate: see `storagePermissions`.
 */
export const storage = new sst.Linkable("Storage", {
  properties: { bucket: bucket.name, cdnUrl: cdn.url, region: bucket.nodes.bucket.region, endpoint: "" },
});

/**
 * What routes that read or write objects may do, and nothing more: objects in this one bucket
 * (ListBucket so that a missing object is a 404, not a 403).
 */
export const storagePermissions = [
  { actions: ["s3:ListBucket"], resources: [bucket.arn] },
  { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [$interpolate`${bucket.arn}/*`] },
];
