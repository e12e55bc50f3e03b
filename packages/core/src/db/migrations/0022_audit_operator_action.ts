import { type Kysely, sql } from "kysely";

// The audit log filtered by an operator and an action together (a moderator's bans, say) had only
// (operator_id, id) or (action, id) to read through, and read every row of the other filter's
// history to fill a page. Both together are one index range, newest first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE admin_audit_log ADD KEY admin_audit_operator_action (operator_id, action, id)`.execute(db);
}
