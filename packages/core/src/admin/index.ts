// The admin console's domain: operators with roles, their sessions, login throttling, and the
// audit log that every action writes in the same transaction as the change it records. Every
// action is: role check → change through the owning module's `…Within(tx, …)` → audit row (tx)
// → commit → the effects the module queued with afterCommit (cache drops, S3 moves).
export * from "./schema";
export { mayAct, invalidField } from "./roles";
export { csrfMatches, csrfTokenFor } from "./csrf";
export { throttle } from "./throttle";
export { addOperator, changeOperator, createOperator, listOperators } from "./operators";
export { authenticate, login, logout, revokeSessions, sessionTiming } from "./sessions";
export { auditLog } from "./audit";
export {
  appControl,
  catalog,
  dashboard,
  findUsers,
  type FoundUser,
  listSpaces,
  moderationQueue,
  userDetail,
  userIdByFriendId,
} from "./views";
/** What the catalog pages show and save, as the item module defines them. */
export type { CatalogItem, Item as CatalogEntry } from "../item";
export { banUser, deleteUser, grantCoins, grantItem, resetUserName, unbanUser } from "./user-actions";
export { actOnReport, type ReportedContent, reportQueue } from "./report-actions";
export {
  createNotice,
  endNotice,
  saveCatalogItem,
  setFeatureFlags,
  setMaintenance,
  setMinimumVersions,
} from "./app-actions";
export { hideSticker, unhideSticker } from "./moderation-actions";
export { changeSpace, createSpace } from "./space-actions";
