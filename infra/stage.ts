/**
 * What differs between stages, in one place: personal dev stages (`sst dev --stage <name>`),
 * `staging` and `production`. Everything not decided here is the same on every stage. Values
 * that belong to an account rather than to the code (domains, certificates, who gets alarms,
 * who may open the console) are inputs: environment variables of the deploy (see README
 * "Deploying"), never literals here.
 */
import { defaults } from "../packages/functions/src/spec";
import { parseAddressList } from "./admin/allow-list";

export type StageKind = "personal" | "staging" | "production";

export interface StageSettings {
  /** Lambda memory in MB for routes the table gives none (CPU grows with memory: faster cold starts). */
  defaultMemory: number;
  /** How long CloudWatch keeps Lambda and access logs. */
  logRetention: "3 days" | "1 week" | "1 month" | "3 months";
  /**
   * Browser origins allowed to call the API and to PUT presigned uploads. The Unity client is not
   * a browser and needs none: empty means no CORS at all (S3 refuses a CORS rule without origins).
   */
  corsOrigins: string[];
  /** Custom domain of the API, when the deploy names one (see `domain()`). */
  domain?: ApiDomain;
  /** Per-route request limits of the API stage (every route gets these, each on its own). */
  throttle: { ratePerSecond: number; burst: number };
  /** Whether the route table's `concurrency` caps apply (they reserve part of the account's Lambda concurrency). */
  reservedConcurrency: boolean;
  /** Addresses (CIDR) that may open the admin console; none means nobody (infra/admin.ts). */
  adminAllowList: string[];
  /** CloudWatch alarms and the budget (infra/monitoring.ts). */
  alarms: boolean;
}

/** A domain in a Route 53 zone of the account (SST makes the certificate), or elsewhere with a certificate of the API's region. */
export type ApiDomain = { name: string } | { name: string; dns: false; cert: string };

export const stageKind: StageKind =
  $app.stage === "production" ? "production" : $app.stage === "staging" ? "staging" : "personal";
export const isProduction = stageKind === "production";

const input = (name: string): string | undefined => process.env[name]?.trim() || undefined;
const list = (name: string): string[] | undefined =>
  input(name)
    ?.split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

/**
 * GOGH_API_DOMAIN names the API's domain. Without GOGH_API_CERT_ARN the domain's zone must be in
 * Route 53 (SST validates a certificate and writes the records). With it, DNS is the operator's:
 * SST must not look for a zone (`dns: false`), and API Gateway takes only a certificate of its
 * own region (checked against the deploy's region in infra/api.ts).
 */
function domain(): ApiDomain | undefined {
  const name = input("GOGH_API_DOMAIN");
  if (!name) return undefined;
  const cert = input("GOGH_API_CERT_ARN");
  if (!cert) return { name };
  if (!/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(cert)) {
    throw new Error(`GOGH_API_CERT_ARN must be the ARN of an ACM certificate, not "${cert}".`);
  }
  return { name, dns: false, cert };
}

/** The region an ACM certificate ARN lives in. */
export const certificateRegion = (arn: string): string => arn.split(":")[3]!;

const adminAllowList = (): string[] => parseAddressList(input("GOGH_ADMIN_ALLOWED_IPS") ?? "");

const settings: Record<StageKind, () => StageSettings> = {
  personal: () => ({
    defaultMemory: defaults.memory,
    logRetention: "3 days",
    corsOrigins: ["*"],
    throttle: { ratePerSecond: 50, burst: 100 },
    // A personal account often has a small concurrency quota: reserving part of it can fail the deploy.
    reservedConcurrency: false,
    adminAllowList: adminAllowList(),
    alarms: false,
  }),
  // Staging mirrors production's sizes and limits so that what is measured there holds in production.
  staging: () => ({
    defaultMemory: 512,
    logRetention: "1 week",
    corsOrigins: list("GOGH_CORS_ORIGINS") ?? ["*"],
    domain: domain(),
    throttle: { ratePerSecond: 500, burst: 1000 },
    reservedConcurrency: true,
    adminAllowList: adminAllowList(),
    alarms: false,
  }),
  production: () => ({
    defaultMemory: 512,
    logRetention: "3 months",
    corsOrigins: list("GOGH_CORS_ORIGINS") ?? [],
    domain: domain(),
    throttle: { ratePerSecond: 500, burst: 1000 },
    reservedConcurrency: true,
    adminAllowList: adminAllowList(),
    alarms: true,
  }),
};

export const stage: StageSettings = settings[stageKind]();
