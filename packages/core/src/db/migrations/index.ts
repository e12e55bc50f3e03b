import type { Migration } from "kysely/migration";
import * as accounts from "./0001_accounts";
import * as profiles from "./0002_profiles";

/** Forward-only, in order. Listed here (not read from disk) so bundles and tests see the same set. */
export const migrations: Record<string, Migration> = {
  "0001_accounts": accounts,
  "0002_profiles": profiles,
};
