import type { Evaluation, Resource } from "./stack";

/** Reading an evaluated stack: the AWS resources it would create and what SST's CLI was asked to build. */

export const ofType = (evaluation: Evaluation, type: string): Resource[] =>
  evaluation.resources.filter((resource) => resource.type === type);

export function one(evaluation: Evaluation, type: string): Resource {
  const found = ofType(evaluation, type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]!;
}

export interface PolicyStatement {
  Effect: string;
  Action: string[];
  Resource: string[];
  Principal?: Record<string, string[]>;
  Condition?: Record<string, Record<string, string[]>>;
}

export function statementsOf(policyJson: string | undefined): PolicyStatement[] {
  return policyJson ? (JSON.parse(policyJson) as { Statement: PolicyStatement[] }).Statement : [];
}

export interface LambdaView {
  /** The aws:lambda/function:Function resource. */
  lambda: Resource;
  /** Statements of the role's inline policy (what the code may do besides writing logs). */
  statements: PolicyStatement[];
  /** What the component asked the CLI to build (`sst deploy`) or to run locally (`sst dev`). */
  build: Record<string, any>;
  /** Names of the linked resources, as the build receives them. */
  links: string[];
}

/** The Lambda behind a component of the given name (a route's handler, the admin console). */
export function lambdaOf(evaluation: Evaluation, componentName: string): LambdaView {
  const lambda = evaluation.resources.find(
    (resource) => resource.type === "aws:lambda/function:Function" && resource.name === `${componentName}Function`,
  );
  if (!lambda) throw new Error(`No Lambda for ${componentName}`);
  const role = evaluation.resources.find(
    (resource) => resource.type === "aws:iam/role:Role" && String(lambda.inputs.role).endsWith(`:${resource.name}`),
  );
  const build = evaluation.rpcs.find(
    ({ method, input }) =>
      (method === "Runtime.Build" || method === "Runtime.AddTarget") && input.functionID === componentName,
  )?.input;
  if (!role || !build) throw new Error(`No role or build for ${componentName}`);
  const inline = (role.inputs.inlinePolicies as { policy: string }[] | undefined)?.[0]?.policy;
  return { lambda, statements: statementsOf(inline), build, links: Object.keys(build.links ?? {}).sort() };
}

/** Every route of the HTTP API, by route key ("GET /v1/me"), with the Lambda that serves it. */
export function routeLambdas(evaluation: Evaluation): Map<string, LambdaView> {
  const integrations = new Map(
    ofType(evaluation, "aws:apigatewayv2/integration:Integration").map((integration) => [
      `integrations/${integration.name.toLowerCase()}-id`,
      integration,
    ]),
  );
  const lambdaNames = new Map(
    ofType(evaluation, "aws:lambda/function:Function").map((lambda) => [lambda.name, lambda.name]),
  );
  return new Map(
    ofType(evaluation, "aws:apigatewayv2/route:Route").map((route) => {
      const integration = integrations.get(String(route.inputs.target));
      const lambdaName = String(integration?.inputs.integrationUri).split(":").at(-1)!;
      if (!lambdaNames.has(lambdaName)) throw new Error(`Route ${route.inputs.routeKey} reaches no Lambda`);
      return [String(route.inputs.routeKey), lambdaOf(evaluation, lambdaName.replace(/Function$/, ""))];
    }),
  );
}

/** Statements SST adds to every function under `sst dev` (the live bridge), left out to compare stages. */
export const withoutDevBridge = (statements: PolicyStatement[]) =>
  statements.filter(
    (statement) =>
      !statement.Action.includes("appsync:*") && !statement.Resource.some((arn) => arn.includes("sst-asset")),
  );
