import { beforeAll, describe, expect, it } from "vitest";
import { publicPrefixes } from "../packages/core/src/storage/prefixes";
import { ofType, one, statementsOf } from "./testing/query";
import { stacksFor } from "./testing/scenarios";
import { type Evaluation } from "./testing/stack";

/** The content bucket and its CDN (infra/storage.ts), as SST's Bucket and Router build them. */
const stacks = stacksFor("productionBare", "productionFull", "staging");

describe("infra/storage.ts", () => {
  it("lets only this stage's distribution read, and only the public prefixes", () => {
    const distribution = one(stacks.productionBare, "aws:cloudfront/distribution:Distribution");
    const distributionArn = `arn:aws:cloudfront::123456789012:distribution/${distribution.name.toLowerCase()}-id`;
    const statements = statementsOf(one(stacks.productionBare, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    const grants = statements.filter((statement) => statement.Effect === "Allow");
    expect(grants).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: ["cloudfront.amazonaws.com"] },
        Action: ["s3:GetObject"],
        Resource: publicPrefixes.map((prefix) => `arn:aws:s3:::contentbucket/${prefix}*`),
        Condition: { StringEquals: { "AWS:SourceArn": [distributionArn] } },
      },
    ]);
    // Plain HTTP is refused for everyone, as SST's default.
    expect(statements.filter((statement) => statement.Effect === "Deny")).toMatchObject([
      { Condition: { Bool: { "aws:SecureTransport": ["false"] } } },
    ]);
  });

  it("keeps the bucket private: public access blocked", () => {
    expect(one(stacks.productionBare, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });

  it("routes only the public prefixes through the CDN", () => {
    const routed = ofType(stacks.productionBare, "pulumi-nodejs:dynamic:Resource")
      .filter((resource) => resource.name.endsWith(".sst.aws.KvRoutesUpdate"))
      .map((resource) => String(resource.inputs.entry).split(",").at(-1));
    expect(routed.sort()).toEqual(publicPrefixes.map((prefix) => `/${prefix.replace(/\/$/, "")}`).sort());
  });

  it("has a CORS rule only where browser origins are named, never one without an origin", () => {
    const rules = (evaluation: Evaluation) =>
      ofType(evaluation, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").flatMap(
        (configuration) => configuration.inputs.corsRules as { allowedOrigins: string[] }[],
      );
    expect(rules(stacks.productionBare)).toEqual([]);
    expect(rules(stacks.productionFull)).toEqual([
      expect.objectContaining({
        allowedOrigins: ["https://app.gogh.example", "https://docs.gogh.example"],
        allowedMethods: ["PUT"],
        allowedHeaders: ["content-type"],
      }),
    ]);
    expect(rules(stacks.staging)).toEqual([expect.objectContaining({ allowedOrigins: ["*"] })]);
    for (const evaluation of [stacks.productionBare, stacks.productionFull, stacks.staging]) {
      for (const rule of rules(evaluation)) expect(rule.allowedOrigins.length).toBeGreaterThan(0);
    }
  });

  it("expires uploads nobody completed after a day", () => {
    expect(
      one(stacks.productionBare, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules,
    ).toEqual([
      { id: "abandoned-uploads", status: "Enabled", expiration: { days: 1 }, filter: { prefix: "pending/" } },
    ]);
  });
});
