import { beforeAll } from "vitest";
import { type Evaluation, evaluateStack, type Scenario } from "./stack";

/**
 * The deploys the infra tests evaluate, shared by the test files (each runs once per change of
 * the program): what an operator would run, with the inputs README "Deploying" lists.
 */
export const apiRegionCertificate =
  "arn:aws:acm:ap-northeast-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

/** A route another engineer adds to the table, declaring its own needs (the handler file exists). */
export const addedRoute = {
  "POST /v1/presence/ping": {
    handler: "space/heartbeat",
    auth: "user",
    summary: "Added by a test: infra must follow the table.",
    memory: 768,
    timeout: 7,
    storage: { read: ["rooms/"], write: ["avatars/"] },
    concurrency: 3,
  },
};

export const scenarios = {
  /** `sst dev --stage alice`: a developer's own stage, live. */
  personalDev: { stage: "alice", dev: true },
  /** staging: its domain's zone in Route 53, no CORS origins named, and a route added to the table. */
  staging: { stage: "staging", env: { GOGH_API_DOMAIN: "api.staging.gogh.example" }, extraRoutes: addedRoute },
  /** production with none of the optional inputs. */
  productionBare: { stage: "production" },
  /** production with every input: browser origins, a domain outside Route 53, alarm mail, console addresses, budget. */
  productionFull: {
    stage: "production",
    env: {
      GOGH_CORS_ORIGINS: "https://app.gogh.example, https://docs.gogh.example",
      GOGH_API_DOMAIN: "api.gogh.example",
      GOGH_API_CERT_ARN: apiRegionCertificate,
      GOGH_ALARM_EMAIL: "oncall@gogh.example",
      GOGH_ADMIN_ALLOWED_IPS: "203.0.113.7, 198.51.100.0/24, 2001:db8::/48",
      GOGH_MONTHLY_BUDGET_USD: "120",
    },
  },
  /** production given a certificate of another region than the API's. */
  productionForeignCertificate: {
    stage: "production",
    env: {
      GOGH_API_DOMAIN: "api.gogh.example",
      GOGH_API_CERT_ARN: "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof scenarios;

/**
 * The evaluated stacks of the named deploys, for a test file: evaluated in its beforeAll (each
 * run once across files, see evaluateStack), read by its tests.
 */
export function stacksFor<Name extends ScenarioName>(...names: Name[]): Record<Name, Evaluation> {
  const stacks = {} as Record<Name, Evaluation>;
  beforeAll(async () => {
    const evaluations = await Promise.all(names.map((name) => evaluateStack(scenarios[name])));
    names.forEach((name, index) => (stacks[name] = evaluations[index]!));
  }, 600_000);
  return stacks;
}
