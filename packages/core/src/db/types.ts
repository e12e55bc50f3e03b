/**
 * Every table the code queries. Each module adds its own from its `tables.ts`
 * (`declare module "../db/types" { interface DB extends FriendTables {} }`), so the database
 * layer needs to import no module to type every query, and a module's tables stay beside it.
 */
export interface DB {}
