import { beforeAll, describe, expect, it } from "vitest";
import { ofType, one, routeLambdas } from "./testing/query";
import { apiRegionCertificate, stacksFor } from "./testing/scenarios";
import { type Evaluation } from "./testing/stack";

/** What differs between stages (infra/stage.ts): the API's domain, log retention, and what the deploy names. */
const stacks = stacksFor("productionBare", "productionFull", "staging", "productionForeignCertificate");

describe("the API's custom domain", () => {
  it("outside Route 53: uses the named certificate and touches no DNS zone", () => {
    expect(stacks.productionFull.errors).toEqual([]);
    expect(one(stacks.productionFull, "aws:apigatewayv2/domainName:DomainName").inputs).toMatchObject({
      domainName: "api.gogh.example",
      domainNameConfiguration: { certificateArn: apiRegionCertificate, endpointType: "REGIONAL" },
    });
    expect(ofType(stacks.productionFull, "aws:acm/certificate:Certificate")).toEqual([]);
    expect(ofType(stacks.productionFull, "aws:route53/record:Record")).toEqual([]);
    const lookups = ofType(stacks.productionFull, "pulumi-nodejs:dynamic:Resource").filter((resource) =>
      resource.name.includes("HostedZoneLookup"),
    );
    expect(lookups).toEqual([]);
    // What the operator's DNS must point at, and the API's address on that domain.
    expect(stacks.productionFull.outputs).toMatchObject({
      apiDnsTarget: "d-apidomainname-id.execute-api.ap-northeast-1.amazonaws.com",
      api: "https://api.gogh.example",
    });
  });

  it("in Route 53: validates a certificate in the zone and points the name at the API", () => {
    expect(one(stacks.staging, "aws:acm/certificate:Certificate").inputs).toMatchObject({
      domainName: "api.staging.gogh.example",
      validationMethod: "DNS",
    });
    const records = ofType(stacks.staging, "aws:route53/record:Record").filter(
      (record) => record.inputs.name === "api.staging.gogh.example",
    );
    expect(records.map((record) => record.inputs.type).sort()).toEqual(["A", "AAAA"]);
  });

  it("refuses a certificate of another region than the API's, saying why", () => {
    expect(stacks.productionForeignCertificate.errors.join("\n")).toMatch(
      /GOGH_API_CERT_ARN is a certificate of us-east-1; the API is in ap-northeast-1/,
    );
    expect(ofType(stacks.productionForeignCertificate, "aws:apigatewayv2/domainName:DomainName")).toEqual([]);
  });

  it("is absent unless the deploy names one", () => {
    expect(ofType(stacks.productionBare, "aws:apigatewayv2/domainName:DomainName")).toEqual([]);
  });
});

describe("logs", () => {
  it("keeps production's logs three months and staging's a week", () => {
    const retention = (evaluation: Evaluation) =>
      new Set(ofType(evaluation, "aws:cloudwatch/logGroup:LogGroup").map((group) => group.inputs.retentionInDays));
    expect(retention(stacks.productionBare)).toEqual(new Set([90]));
    expect(retention(stacks.staging)).toEqual(new Set([7]));
    expect(routeLambdas(stacks.productionBare).size).toBeGreaterThan(0);
  });
});
