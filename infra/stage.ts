/**
 * What differs between stages, in one place: personal dev stages (`sst dev --stage <name>`),
 * `staging` and `production`. Everything not decided here is the same on every stage. Values
 * that belong to an account rather than to the code (domains, certificates, who gets alarms)
 * are inputs: environment variables of the deploy (see README "Deploying"), never literals here.
 */
import { defaults } from "../packages/functions/src/spec";

export type StageKind = "personal" | "staging" | "production";

export interface StageSettings {
  /** Lambda memory in MB for routes the table gives none (CPU grows with memory: faster cold starts). */
  defaultMemory: number;
  /** How long CloudWatch keeps Lambda and access logs. */
  logRetention: "3 days" | "1 week" | "1 month" | "3 months";
  /**
   * Browser origins allowed to call the API. The Unity client is not a browser and needs none;
   * personal and staging stages accept any origin so browser tools (the OpenAPI docs page) work.
   */
  corsOrigins: string[];
  /** Custom domain of the API, when the deploy names one. */
  domain?: { name: string; cert?: string };
  /** CloudWatch alarms on 5xx rate and cache throttling (infra/monitoring.ts). */
  alarms: boolean;
}

export const stageKind: StageKind =
  $app.stage === "production" ? "production" : $app.stage === "staging" ? "staging" : "personal";
export const isProduction = stageKind === "production";

const input = (name: string): string | undefined => process.env[name]?.trim() || undefined;
const list = (name: string): string[] | undefined =>
  input(name)
    ?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);

/**
 * GOGH_API_DOMAIN (with GOGH_API_CERT_ARN when the zone is not in Route 53) names the API's
 * domain on staging and production; GOGH_CORS_ORIGINS narrows CORS there.
 */
function domain(): StageSettings["domain"] {
  const name = input("GOGH_API_DOMAIN");
  return name ? { name, cert: input("GOGH_API_CERT_ARN") } : undefined;
}

const settings: Record<StageKind, () => StageSettings> = {
  personal: () => ({ defaultMemory: defaults.memory, logRetention: "3 days", corsOrigins: ["*"], alarms: false }),
  // Staging mirrors production's sizes so that what is measured there holds in production.
  staging: () => ({
    defaultMemory: 512,
    logRetention: "1 week",
    corsOrigins: list("GOGH_CORS_ORIGINS") ?? ["*"],
    domain: domain(),
    alarms: false,
  }),
  production: () => ({
    defaultMemory: 512,
    logRetention: "3 months",
    corsOrigins: list("GOGH_CORS_ORIGINS") ?? [],
    domain: domain(),
    alarms: true,
  }),
};

export const stage: StageSettings = settings[stageKind]();

/** Kept for the files that read them directly. */
export const logRetention = stage.logRetention;
export const corsOrigins: $util.Input<string[]> = stage.corsOrigins;
