import { metricNamespace } from "../packages/functions/src/metric-names";
import { api } from "./api";
import { stage } from "./stage";

/**
 * Production alarms, to an SNS topic (GOGH_ALARM_EMAIL subscribes an address to it):
 * - what clients saw: API Gateway's own 5xx count, which includes what our code never logs
 *   (a crash at init, a timeout, a throttled Lambda);
 * - Lambda's own Errors and Throttles (reserved concurrency at work shows up here);
 * - what our code reports in its log lines (CloudWatch Embedded Metric Format, no API call):
 *   throttled cache calls, and a Momento SDK that failed to load;
 * - spend: a monthly budget (GOGH_MONTHLY_BUDGET_USD) warned at 80% spent and 100% forecast.
 * Lambda metrics are the account's totals in the region: keep production in an account of its own.
 */
const period = 300;

function create() {
  const topic = new sst.aws.SnsTopic("Alarms");
  const account = aws.getCallerIdentityOutput().accountId;
  // CloudWatch and Budgets publish to the topic as services of this account, and nothing else may.
  new aws.sns.TopicPolicy("AlarmsPolicy", {
    arn: topic.arn,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"].map((service) => ({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sns:Publish",
        Resource: topic.arn,
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      })),
    }),
  });

  const email = process.env.GOGH_ALARM_EMAIL?.trim();
  if (email) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`GOGH_ALARM_EMAIL is not an address: "${email}".`);
    // An email endpoint, confirmed once from the mail SNS sends (topic.subscribe would take it for a handler).
    new aws.sns.TopicSubscription("AlarmsEmail", { topic: topic.arn, protocol: "email", endpoint: email });
  }

  const notify = { alarmActions: [topic.arn], okActions: [topic.arn] };
  const twiceRunning = { evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: "notBreaching" };
  const sum = (namespace: string, metricName: string, dimensions: Record<string, $util.Input<string>> = {}) => ({
    namespace,
    metricName,
    dimensions,
    period,
    stat: "Sum",
  });
  const apiDimensions = { ApiId: api.nodes.api.id, Stage: "$default" };

  // More than 1% of the API's answers were 5xx in two five-minute periods running (once 20 requests came).
  const apiServerErrors = new aws.cloudwatch.MetricAlarm("ApiServerErrors", {
    alarmDescription:
      "More than 1% of API requests got a 5xx from API Gateway (code, init crashes, timeouts, throttles).",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    ...twiceRunning,
    metricQueries: [
      { id: "failed", returnData: false, metric: sum("AWS/ApiGateway", "5xx", apiDimensions) },
      { id: "all", returnData: false, metric: sum("AWS/ApiGateway", "Count", apiDimensions) },
      { id: "rate", expression: "IF(all >= 20, 100 * FILL(failed, 0) / all, 0)", label: "5xx %", returnData: true },
    ],
    ...notify,
  });

  const accountMetricAlarm = (name: string, description: string, metric: ReturnType<typeof sum>, threshold: number) =>
    new aws.cloudwatch.MetricAlarm(name, {
      alarmDescription: description,
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: metric.dimensions,
      statistic: "Sum",
      period,
      comparisonOperator: "GreaterThanThreshold",
      threshold,
      ...twiceRunning,
      ...notify,
    });

  const lambdaErrors = accountMetricAlarm(
    "LambdaErrors",
    "Lambda invocations failed (uncaught errors, init crashes, timeouts): more than 5 in five minutes, twice running.",
    sum("AWS/Lambda", "Errors"),
    5,
  );
  const lambdaThrottles = accountMetricAlarm(
    "LambdaThrottles",
    "Lambda refused invocations for concurrency (a route at its reserved cap, or the account's): more than 10 in five minutes, twice running.",
    sum("AWS/Lambda", "Throttles"),
    10,
  );
  // Momento refusing calls for its rate limit: requests still succeed from the database, but the
  // cache is not helping and the account limit needs raising (or a feature is over-calling it).
  const cacheThrottled = accountMetricAlarm(
    "CacheThrottled",
    "Momento throttled more than 50 cache calls in five minutes, twice running.",
    sum(metricNamespace, "CacheThrottled", { Stage: $app.stage }),
    50,
  );
  const monthlyBudget = process.env.GOGH_MONTHLY_BUDGET_USD?.trim() || "50";
  if (!/^\d+(\.\d+)?$/.test(monthlyBudget))
    throw new Error(`GOGH_MONTHLY_BUDGET_USD is not an amount: "${monthlyBudget}".`);
  const budget = new aws.budgets.Budget("Spend", {
    budgetType: "COST",
    timeUnit: "MONTHLY",
    limitAmount: monthlyBudget,
    limitUnit: "USD",
    notifications: [
      { notificationType: "ACTUAL", threshold: 80 },
      { notificationType: "FORECASTED", threshold: 100 },
    ].map((notification) => ({
      ...notification,
      comparisonOperator: "GREATER_THAN",
      thresholdType: "PERCENTAGE",
      subscriberSnsTopicArns: [topic.arn],
    })),
  });

  return { topic, apiServerErrors, lambdaErrors, lambdaThrottles, cacheThrottled, budget };
}

export const monitoring = stage.alarms ? create() : undefined;
