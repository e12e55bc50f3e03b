import * as Deletion from "@gogh/core/deletion";
import { log } from "@gogh/core/log";

/** Scheduled every 5 minutes (infra/jobs.ts); `pnpm dev` runs it every minute. */
export const handler = async (): Promise<{ finished: number; failed: number }> => {
  const result = await Deletion.finishErasures({ limit: 20 });
  log(result.failed > 0 ? "warn" : "info", "account erasures", result);
  return result;
};
