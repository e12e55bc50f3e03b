import { publicPrefixes } from "../packages/core/src/storage/prefixes";
import type { StorageAccess, StoragePrefix } from "../packages/functions/src/spec";
import { stage } from "./stage";

/**
 * User-made content. One private bucket: clients PUT uploads straight into it with presigned
 * URLs (under `pending/`), the API publishes checked objects under the public prefixes, and
 * only this stage's CloudFront distribution reads those. Code reads `Resource.Storage` (see
 * packages/core/src/config.ts).
 */

/** CloudFront in front of the bucket, serving the public prefixes only (pending and hidden objects are unreachable). */
export const cdn = new sst.aws.Router("Cdn");

export const bucket = new sst.aws.Bucket("Content", {
  // Not `access: "cloudfront"`, which lets every CloudFront distribution of every account read
  // the whole bucket: only this stage's distribution, and only the public prefixes.
  policy: [
    {
      principals: [{ type: "service", identifiers: ["cloudfront.amazonaws.com"] }],
      actions: ["s3:GetObject"],
      paths: publicPrefixes.map((prefix) => `${prefix}*`),
      conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [cdn.nodes.cdn.nodes.distribution.arn] }],
    },
  ],
  // Presigned PUTs from browser tools; the Unity client is not a browser and needs none. S3
  // refuses a CORS rule without origins, so a stage without any has no CORS rule at all.
  cors:
    stage.corsOrigins.length > 0
      ? { allowOrigins: stage.corsOrigins, allowMethods: ["PUT"], allowHeaders: ["content-type"], maxAge: "1 hour" }
      : false,
  // An upload nobody completed (presigned URLs live 5 minutes) is gone the next day.
  lifecycle: [{ id: "abandoned-uploads", prefix: "pending/", expiresIn: "1 day" }],
});

for (const prefix of publicPrefixes) cdn.routeBucket(`/${prefix.replace(/\/$/, "")}`, bucket);

/**
 * Where things are, linked to every Lambda (profile cards carry avatar URLs): names, no secret
 * and no right. `endpoint` is set only locally. Rights on the bucket come from `storageRights`.
 */
export const storage = new sst.Linkable("Storage", {
  properties: { bucket: bucket.name, cdnUrl: cdn.url, region: bucket.nodes.bucket.region, endpoint: "" },
});

const objectActions = { read: "s3:GetObject", write: "s3:PutObject", delete: "s3:DeleteObject" } as const;

/**
 * IAM statements for what a route (or the console) declares it does to objects: each action on
 * exactly its prefixes, nothing for a route that declares nothing. Readers also get ListBucket,
 * so that a missing object answers 404 rather than 403.
 */
export function storageRights(access: StorageAccess | undefined) {
  const statements = (Object.keys(objectActions) as (keyof typeof objectActions)[])
    .filter((kind) => (access?.[kind]?.length ?? 0) > 0)
    .map((kind) => ({
      actions: [objectActions[kind]],
      resources: access![kind]!.map((prefix: StoragePrefix) => $interpolate`${bucket.arn}/${prefix}*`),
    }));
  if (!access?.read?.length) return statements;
  return [{ actions: ["s3:ListBucket"], resources: [bucket.arn] }, ...statements];
}
