import { corsRules } from "../packages/functions/src/cors";
import { routes } from "../packages/functions/src/routes";
import { defaults, type RouteSpec } from "../packages/functions/src/spec";
import { cache } from "./cache";
import { database } from "./database";
import { identity } from "./identity";
import { lambdaBuild } from "./lambda";
import { jwtSecret } from "./secrets";
import { type ApiDomain, certificateRegion, stage } from "./stage";
import { storage, storageRights } from "./storage";

/** The HTTP API: one Lambda per entry of the route table, nothing listed by hand. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors:
    stage.corsOrigins.length > 0
      ? {
          // Methods, headers and exposed headers from the route table (shared with the local gateway).
          allowOrigins: stage.corsOrigins,
          allowMethods: corsRules.allowMethods,
          allowHeaders: corsRules.allowHeaders,
          exposeHeaders: corsRules.exposeHeaders,
          maxAge: `${corsRules.maxAgeSeconds} seconds`,
        }
      : false,
  accessLog: { retention: stage.logRetention },
  ...(stage.domain ? { domain: domainInApiRegion(stage.domain) } : {}),
  transform: {
    // Each route answers at most this rate (429 above it): a flood of one route stops at the
    // edge before it reaches a Lambda or the database.
    stage: (args) => {
      args.defaultRouteSettings = {
        throttlingRateLimit: stage.throttle.ratePerSecond,
        throttlingBurstLimit: stage.throttle.burst,
      };
    },
  },
});

/** With a domain outside Route 53, the name its DNS must point at (a CNAME): a deploy output. */
export const apiDnsTarget =
  stage.domain && "cert" in stage.domain ? api.nodes.domainName.domainNameConfiguration.targetDomainName : undefined;

/** API Gateway takes only a certificate of its own region: a wrong one fails the deploy here, with a reason. */
function domainInApiRegion(domain: ApiDomain) {
  if (!("cert" in domain)) return domain;
  return aws.getRegionOutput().region.apply((region) => {
    const certRegion = certificateRegion(domain.cert);
    if (certRegion !== region) {
      throw new Error(
        `GOGH_API_CERT_ARN is a certificate of ${certRegion}; the API is in ${region} and needs one issued there.`,
      );
    }
    return domain;
  });
}

/**
 * What a route's Lambda is linked to. Every route reads the database and the cache (app control
 * runs first on each) and may hand out CDN URLs (names, no rights); only routes that check or
 * sign tokens get the signing key, and only routes that verify Apple or Google identity tokens the
 * identity settings.
 */
function linksOf(spec: RouteSpec) {
  const checksOrSignsTokens = spec.auth !== "none" || spec.signsTokens === true;
  return [
    database,
    cache,
    storage,
    ...(checksOrSignsTokens ? [jwtSecret] : []),
    ...(spec.identityTokens ? [identity] : []),
  ];
}

for (const [key, spec] of Object.entries(routes) as [string, RouteSpec][]) {
  const rights = storageRights(spec.storage);
  api.route(key, {
    handler: `packages/functions/src/${spec.handler}.handler`,
    memory: `${spec.memory ?? stage.defaultMemory} MB`,
    timeout: `${spec.timeout ?? defaults.timeout} seconds`,
    // A native package (sharp) is installed for the Lambda's own platform instead of bundled.
    ...lambdaBuild(spec.install),
    logging: { retention: stage.logRetention },
    link: linksOf(spec),
    ...(rights.length > 0 ? { permissions: rights } : {}),
    ...(stage.reservedConcurrency && spec.concurrency ? { concurrency: { reserved: spec.concurrency } } : {}),
  });
}
