import { jobs, type JobSpec } from "../packages/functions/src/jobs";
import { cache } from "./cache";
import { database } from "./database";
import { lambdaBuild } from "./lambda";
import { stage } from "./stage";
import { storage, storageRights } from "./storage";

/** The scheduled jobs of packages/functions/src/jobs.ts: one Lambda each, with the rights its entry declares. */
export const scheduled = Object.entries(jobs as Record<string, JobSpec>).map(([name, job]) => {
  const rights = storageRights(job.storage);
  const id = name.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());
  return new sst.aws.CronV2(`${id}Job`, {
    schedule: job.schedule,
    function: {
      handler: `packages/functions/src/${job.handler}.handler`,
      ...lambdaBuild(),
      timeout: `${job.timeout} seconds`,
      logging: { retention: stage.logRetention },
      link: [database, cache, storage],
      ...(rights.length > 0 ? { permissions: rights } : {}),
    },
  });
});
