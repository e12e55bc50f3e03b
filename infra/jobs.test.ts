import { describe, expect, it } from "vitest";
import { jobs, type JobSpec } from "../packages/functions/src/jobs";
import { lambdaOf } from "./testing/query";
import { stacksFor } from "./testing/scenarios";

const stacks = stacksFor("productionBare");
const bucket = "arn:aws:s3:::contentbucket";

describe("infra/jobs.ts: the scheduled jobs", () => {
  it("runs the account erasures' last pass every 5 minutes, with only the rights its entry declares", () => {
    const job = (jobs as Record<string, JobSpec>)["finish-erasures"]!;
    const schedule = stacks.productionBare.resources.find(
      (resource) =>
        resource.type === "aws:scheduler/schedule:Schedule" || resource.type === "aws:cloudwatch/eventRule:EventRule",
    );
    expect(schedule?.inputs.scheduleExpression).toBe(job.schedule);
    const lambda = lambdaOf(stacks.productionBare, "FinishErasuresJobHandler");
    expect(lambda.build.handler).toBe(`packages/functions/src/${job.handler}.handler`);
    expect(lambda.lambda.inputs.timeout).toBe(job.timeout);
    expect(lambda.links).toEqual(["Cache", "Database", "Storage"]);
    expect(lambda.statements.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [["s3:ListBucket"], [bucket]],
      [["s3:GetObject"], ["avatars/", "rooms/", "pending/"].map((prefix) => `${bucket}/${prefix}*`)],
      [
        ["s3:DeleteObject"],
        ["avatars/", "rooms/", "stickers/", "hidden/", "pending/"].map((prefix) => `${bucket}/${prefix}*`),
      ],
    ]);
  });
});
