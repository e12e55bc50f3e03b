import { metricNamespace } from "../packages/functions/src/metric-names";
import { stage } from "./stage";

/**
 * Production alarms, on the metrics each request's log line carries (CloudWatch Embedded Metric
 * Format, packages/functions/src/metrics.ts): no extra API calls from the Lambdas. Alarms go to
 * an SNS topic; GOGH_ALARM_EMAIL subscribes an address to it at deploy time.
 */
const period = 300;

function create() {
  const topic = new sst.aws.SnsTopic("Alarms");
  const email = process.env.GOGH_ALARM_EMAIL?.trim();
  if (email) topic.subscribe("AlarmsEmail", email.startsWith("arn:") ? email : `mailto:${email}`);
  const dimensions = { Stage: $app.stage };
  const requests = (extra: Record<string, string> = {}) => ({
    metric: {
      namespace: metricNamespace,
      metricName: "Requests",
      dimensions: { ...dimensions, ...extra },
      period,
      stat: "Sum",
    },
  });

  // More than 1% of requests answered 5xx in two five-minute periods running.
  const serverErrors = new aws.cloudwatch.MetricAlarm("ServerErrorRate", {
    alarmDescription: "More than 1% of API requests failed with 5xx (see the `request failed` log lines).",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 1,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: "notBreaching",
    metricQueries: [
      { id: "failed", returnData: false, ...requests({ StatusClass: "5xx" }) },
      { id: "all", returnData: false, ...requests() },
      { id: "rate", expression: "100 * FILL(failed, 0) / all", label: "5xx %", returnData: true },
    ],
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });

  // Momento refusing calls for its rate limit: requests still succeed from the database, but the
  // cache is not helping and the account limit needs raising (or a feature is over-calling it).
  const cacheThrottled = new aws.cloudwatch.MetricAlarm("CacheThrottled", {
    alarmDescription: "Momento throttled more than 50 cache calls in five minutes, twice running.",
    namespace: metricNamespace,
    metricName: "CacheThrottled",
    dimensions,
    statistic: "Sum",
    period,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 50,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });

  return { topic, serverErrors, cacheThrottled };
}

export const monitoring = stage.alarms ? create() : undefined;
