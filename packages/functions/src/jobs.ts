import type { StorageAccess } from "./spec";

/**
 * Work that runs on a schedule rather than on a request: one Lambda each (infra/jobs.ts), with
 * the rights its entry declares and no more, like the routes.
 */
export interface JobSpec {
  /** Handler file under packages/functions/src, without extension; it exports `handler`. */
  handler: string;
  summary: string;
  schedule: `rate(${string})`;
  timeout: number;
  storage?: StorageAccess;
}

export const jobs = {
  "finish-erasures": {
    handler: "jobs/finish-erasures",
    summary:
      "The last pass of each account deletion whose access tokens have all expired: erase again, remove the content (hidden images too).",
    schedule: "rate(5 minutes)",
    timeout: 120,
    storage: {
      read: ["avatars/", "rooms/", "pending/"],
      delete: ["avatars/", "rooms/", "stickers/", "hidden/", "pending/"],
    },
  },
} satisfies Record<string, JobSpec>;
