import { beforeAll, describe, expect, it } from "vitest";
import { metricNamespace } from "../packages/functions/src/metric-names";
import { requestMetrics } from "../packages/functions/src/metrics";
import { ofType, one } from "./testing/query";
import { stacksFor } from "./testing/scenarios";
import { type Evaluation } from "./testing/stack";

/** Production's alarms and budget (infra/monitoring.ts), as SST and the AWS provider would create them. */
const stacks = stacksFor("productionBare", "productionFull", "staging");

const alarms = (evaluation: Evaluation) =>
  new Map(ofType(evaluation, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) => [alarm.name, alarm.inputs]));
const topicArn = "arn:aws:sns:ap-northeast-1:123456789012:AlarmsTopic";

describe("infra/monitoring.ts", () => {
  it("subscribes GOGH_ALARM_EMAIL to the alarm topic as an email endpoint, with no Lambda", () => {
    expect(stacks.productionFull.errors).toEqual([]);
    expect(one(stacks.productionFull, "aws:sns/topicSubscription:TopicSubscription").inputs).toEqual({
      topic: topicArn,
      protocol: "email",
      endpoint: "oncall@gogh.example",
    });
    // topic.subscribe() would have made a Lambda whose handler is the address.
    const handlers = stacks.productionFull.rpcs
      .filter(({ method }) => method === "Runtime.Build")
      .map(({ input }) => String(input.handler));
    expect(handlers.filter((handler) => handler.includes("@"))).toEqual([]);
    expect(ofType(stacks.productionBare, "aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });

  it("alarms on Lambda's own errors and throttles, whatever our code logged", () => {
    const byName = alarms(stacks.productionBare);
    for (const [name, metricName] of [
      ["LambdaErrors", "Errors"],
      ["LambdaThrottles", "Throttles"],
    ] as const) {
      expect(byName.get(name), name).toMatchObject({
        namespace: "AWS/Lambda",
        metricName,
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: [topicArn],
      });
      // No dimension: every function of the account in the region, including ones added later.
      expect(byName.get(name)!.dimensions ?? {}, name).toEqual({});
    }
  });

  it("alarms on the 5xx rate API Gateway itself saw for this API", () => {
    const alarm = alarms(stacks.productionBare).get("ApiServerErrors")!;
    const apiId = `${one(stacks.productionBare, "aws:apigatewayv2/api:Api").name.toLowerCase()}-id`;
    const metrics = (alarm.metricQueries as { id: string; metric?: Record<string, any> }[])
      .filter((query) => query.metric)
      .map((query) => query.metric!);
    expect(metrics).toEqual([
      expect.objectContaining({
        namespace: "AWS/ApiGateway",
        metricName: "5xx",
        dimensions: { ApiId: apiId, Stage: "$default" },
      }),
      expect.objectContaining({
        namespace: "AWS/ApiGateway",
        metricName: "Count",
        dimensions: { ApiId: apiId, Stage: "$default" },
      }),
    ]);
    expect(alarm.alarmActions).toEqual([topicArn]);
  });

  it("watches what our log lines publish: throttled cache calls per request, and a failed SDK load", () => {
    const byName = alarms(stacks.productionBare);
    const line = requestMetrics(
      {
        route: "GET /v1/me",
        status: 200,
        durationMs: 1,
        dbQueries: 0,
        cacheOps: 1,
        cacheThrottled: 1,
        coldStart: false,
      },
      { stage: "production" },
    ) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };
    const published = line._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Dimensions.flatMap((dimensions) =>
        directive.Metrics.map((metric) => `${directive.Namespace}/${metric.Name}[${dimensions.join(",")}]`),
      ),
    );
    expect(byName.get("CacheThrottled")).toMatchObject({
      namespace: metricNamespace,
      metricName: "CacheThrottled",
      dimensions: { Stage: "production" },
    });
    expect(published).toContain(`${metricNamespace}/CacheThrottled[Stage]`);
  });

  it("warns at 80% of the monthly budget spent and at 100% forecast, through the same topic", () => {
    const budget = (evaluation: Evaluation) => one(evaluation, "aws:budgets/budget:Budget").inputs;
    expect(budget(stacks.productionBare)).toMatchObject({
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "50",
      limitUnit: "USD",
    });
    expect(budget(stacks.productionFull).limitAmount).toBe("120");
    expect(budget(stacks.productionBare).notifications).toEqual([
      expect.objectContaining({ notificationType: "ACTUAL", threshold: 80, subscriberSnsTopicArns: [topicArn] }),
      expect.objectContaining({ notificationType: "FORECASTED", threshold: 100, subscriberSnsTopicArns: [topicArn] }),
    ]);
  });

  it("lets only CloudWatch and Budgets of this account publish to the topic", () => {
    const policy = JSON.parse(one(stacks.productionBare, "aws:sns/topicPolicy:TopicPolicy").inputs.policy) as {
      Statement: { Principal: { Service: string }; Condition: unknown }[];
    };
    expect(policy.Statement.map((statement) => statement.Principal.Service)).toEqual([
      "cloudwatch.amazonaws.com",
      "budgets.amazonaws.com",
    ]);
    for (const statement of policy.Statement) {
      expect(statement.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
    }
  });

  it("makes no alarm, topic or budget outside production", () => {
    expect(alarms(stacks.staging).size).toBe(0);
    expect(ofType(stacks.staging, "aws:sns/topic:Topic")).toEqual([]);
    expect(ofType(stacks.staging, "aws:budgets/budget:Budget")).toEqual([]);
  });
});
