// Runs an SST program (bundled by infra/testing/stack.ts the way `sst deploy` bundles it) in a
// fresh process under Pulumi's runtime mocks, and writes what it asked for as JSON.
//
// What stands in for what:
// - Pulumi's mocks stand in for AWS: each resource "exists" with the outputs AWS would give it
//   (ids, ARNs, URLs), and provider functions (getRegion, getPolicyDocument, ...) answer as AWS's
//   provider would. Every SST component runs for real on top.
// - A small RPC server stands in for the `sst` CLI process, which serves SST's components while
//   `sst deploy` runs (the components call it over HTTP at SST_SERVER): it reports the bootstrap
//   bucket, and for `Runtime.Build` it does the CLI's own checks (the handler file exists, as in
//   pkg/runtime/node) and records the build input instead of running esbuild and npm, which the
//   bundle tests (packages/local/src/bench) already exercise.
//
// Usage: node run-program.mjs <program.mjs> <result.json>
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const [programPath, resultPath] = process.argv.slice(2);
const platformRequire = createRequire(programPath);
const pulumi = platformRequire("@pulumi/pulumi");

const region = "ap-northeast-1";
const account = "123456789012";
const resources = [];
const invokes = [];
const rpcs = [];
const errors = [];
const root = process.env.GOGH_TEST_ROOT;

// Like the Pulumi language host, the first error ends the program (its pending outputs would
// never resolve): it is what `sst deploy` would stop with.
let failed;
const failure = new Promise((resolve) => (failed = resolve));
const fail = (error) => {
  errors.push(String(error?.message ?? error));
  failed();
};
process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);

/** SST's node runtime looks for the handler's file with these extensions (pkg/runtime/node). */
const nodeExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
function handlerFile(handler) {
  const base = handler.slice(0, handler.lastIndexOf("."));
  return nodeExtensions.map((extension) => join(root, base + extension)).find((file) => existsSync(file));
}

const emptyBundle = mkdtempSync(join(tmpdir(), "gogh-sst-bundle-"));
writeFileSync(join(emptyBundle, "bundle.mjs"), "export const handler = () => undefined;\n");

const cli = {
  "Provider.Aws.Bootstrap": () => ({
    asset: `sst-asset-${account}`,
    assetEcrRegistryId: account,
    assetEcrUrl: `${account}.dkr.ecr.${region}.amazonaws.com/sst-asset`,
    state: `sst-state-${account}`,
    appsyncHttp: "appsync.example.test",
    appsyncRealtime: "appsync-realtime.example.test",
  }),
  "Provider.Aws.Appsync": () => ({ http: "appsync.example.test", realtime: "appsync-realtime.example.test" }),
  "Runtime.Build": (input) => {
    if (!handlerFile(input.handler)) return { error: `handler not found: ${input.handler}` };
    return { result: { handler: "bundle.handler", out: emptyBundle, errors: [], sourcemaps: [] } };
  },
  "Runtime.AddTarget": (input) => {
    if (!handlerFile(input.handler)) return { error: `handler not found: ${input.handler}` };
    return { result: {} };
  },
};

const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const { method, params } = JSON.parse(body);
    rpcs.push({ method, input: params[0] });
    const answer = cli[method]?.(params[0]);
    const reply = !answer
      ? { error: `rpc: can't find method ${method}` }
      : "error" in answer || "result" in answer
        ? answer
        : { result: answer };
    response.end(JSON.stringify(reply));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.SST_SERVER = `http://127.0.0.1:${server.address().port}`;

/** Outputs AWS computes for the resources whose outputs the program reads. */
function computedOutputs(type, name, inputs) {
  const id = `${name.toLowerCase()}-id`;
  const service = type.split(":")[1].split("/")[0];
  const common = { id, arn: `arn:aws:${service}:${region}:${account}:${name}`, name: inputs.name ?? name };
  const bucket = name.toLowerCase();
  const specific = {
    "aws:apigatewayv2/api:Api": {
      apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
      executionArn: `arn:aws:execute-api:${region}:${account}:${id}`,
    },
    "aws:apigatewayv2/domainName:DomainName": {
      domainNameConfiguration: {
        ...inputs.domainNameConfiguration,
        targetDomainName: `d-${id}.execute-api.${region}.amazonaws.com`,
        hostedZoneId: "Z1YSHQZHG15GKL",
      },
    },
    "aws:lambda/functionUrl:FunctionUrl": { functionUrl: `https://${id}.lambda-url.${region}.on.aws/` },
    "aws:lambda/function:Function": {
      invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account}:function:${name}/invocations`,
      qualifiedArn: `arn:aws:lambda:${region}:${account}:function:${name}:$LATEST`,
    },
    "aws:s3/bucket:Bucket": {
      arn: `arn:aws:s3:::${bucket}`,
      bucket,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      region,
    },
    "aws:cloudfront/distribution:Distribution": {
      arn: `arn:aws:cloudfront::${account}:distribution/${id}`,
      domainName: `${id}.cloudfront.net`,
    },
    "aws:acm/certificate:Certificate": { domainValidationOptions: [] },
    "random:index/randomBytes:RandomBytes": {
      base64: Buffer.from("k".repeat(32)).toString("base64"),
      hex: "6b".repeat(32),
    },
  }[type];
  return { ...inputs, ...common, ...specific };
}

/** The policy document JSON the AWS provider renders from SST's statements. */
function policyDocument(inputs) {
  const capital = (value) => value && value.charAt(0).toUpperCase() + value.slice(1);
  const Statement = (inputs.statements ?? []).map((statement) => ({
    Effect: capital(statement.effect ?? "allow"),
    Action: statement.actions,
    Resource: statement.resources,
    ...(statement.principals
      ? { Principal: Object.fromEntries(statement.principals.map((p) => [p.type, p.identifiers])) }
      : {}),
    ...(statement.conditions
      ? {
          Condition: statement.conditions.reduce((all, c) => {
            all[c.test] = { ...all[c.test], [c.variable]: c.values };
            return all;
          }, {}),
        }
      : {}),
  }));
  return { json: JSON.stringify({ Version: "2012-10-17", Statement }), statements: inputs.statements ?? [] };
}

const providerFunctions = {
  "aws:index/getRegion:getRegion": () => ({
    id: region,
    name: region,
    region,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    id: account,
    accountId: account,
    arn: `arn:aws:iam::${account}:user/ci`,
    userId: "ci",
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": policyDocument,
  "aws:route53/getZone:getZone": (inputs) => ({ id: "Z123", zoneId: "Z123", name: inputs.name }),
};

await pulumi.runtime.setMocks(
  {
    newResource({ type, name, inputs, custom }) {
      // A dynamic resource carries its provider's serialized code; what it is asked to do is the rest.
      const { __provider, ...recorded } = inputs;
      resources.push({ type, name, custom: custom !== false, inputs: recorded });
      return { id: `${name.toLowerCase()}-id`, state: computedOutputs(type, name, inputs) };
    },
    call({ token, inputs }) {
      invokes.push({ token, inputs });
      const answer = providerFunctions[token];
      if (!answer) throw new Error(`No stand-in for the provider function ${token}`);
      return answer(inputs);
    },
  },
  "gogh",
  process.env.GOGH_TEST_STAGE,
  false,
);

let outputs = {};
try {
  const program = (await import(programPath)).default;
  outputs = (await Promise.race([pulumi.runtime.runInPulumiStack(program), failure])) ?? {};
} catch (error) {
  fail(error);
}
// Resources made inside apply() callbacks register after the program returns: wait for them
// as the Pulumi language host does before it exits.
if (errors.length === 0) await Promise.race([pulumi.runtime.disconnect().catch(fail), failure]);
server.close();

// Secrets reach the mocks as Pulumi's secret envelopes: unwrap them for the tests.
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const plain = (value) =>
  Array.isArray(value)
    ? value.map(plain)
    : value && typeof value === "object"
      ? value["4dabf18193072939515e22adb298388d"] === secretSignature
        ? plain(value.value)
        : Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]))
      : value;

writeFileSync(resultPath, JSON.stringify(plain({ resources, invokes, rpcs, outputs, errors })));
process.exit(0);
