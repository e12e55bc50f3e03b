import type { Migration } from "kysely/migration";
import * as accounts from "./0001_accounts";
import * as profiles from "./0002_profiles";
import * as friends from "./0007_friends";
import * as wallet from "./0003_wallet";
import * as focus from "./0004_focus";
import * as spaces from "./0005_spaces";
import * as stickers from "./0011_stickers";
import * as avatarsRooms from "./0010_avatars_rooms";
import * as items from "./0008_items";
import * as app from "./0009_app";
import * as focusTotals from "./0013_focus_totals";
import * as admin from "./0012_admin";
import * as presence from "./0014_presence";
import * as rateLimits from "./0015_rate_limits";
import * as friendLocks from "./0016_friend_locks";
import * as profileSearchSuffixes from "./0017_profile_search_suffixes";
import * as identities from "./0018_identities";
import * as transferCodes from "./0019_transfer_codes";
import * as accountErasures from "./0020_account_erasures";
import * as reports from "./0021_reports";
import * as auditOperatorAction from "./0022_audit_operator_action";
import * as dropProfileSearchGrams from "./0023_drop_profile_search_grams";

/** Forward-only, in order. Listed here (not read from disk) so bundles and tests see the same set. */
export const migrations: Record<string, Migration> = {
  "0001_accounts": accounts,
  "0002_profiles": profiles,
  "0007_friends": friends,
  "0003_wallet": wallet,
  "0004_focus": focus,
  "0005_spaces": spaces,
  "0010_avatars_rooms": avatarsRooms,
  "0011_stickers": stickers,
  "0008_items": items,
  "0009_app": app,
  "0013_focus_totals": focusTotals,
  "0012_admin": admin,
  "0014_presence": presence,
  "0015_rate_limits": rateLimits,
  "0016_friend_locks": friendLocks,
  "0017_profile_search_suffixes": profileSearchSuffixes,
  "0018_identities": identities,
  "0019_transfer_codes": transferCodes,
  "0020_account_erasures": accountErasures,
  "0021_reports": reports,
  "0022_audit_operator_action": auditOperatorAction,
  "0023_drop_profile_search_grams": dropProfileSearchGrams,
};
