import { sql } from "kysely";
import { db } from "../db";

/**
 * Moves a running session's start `minutes` into the past, as if it had been running that long:
 * examples and benchmarks that finish a session at once still take the paying path.
 */
export async function backdateSession(sessionId: string, minutes: number): Promise<void> {
  await db()
    .updateTable("focus_sessions")
    .set({ started_at: sql`started_at - INTERVAL ${minutes} MINUTE` })
    .where("id", "=", sessionId)
    .where("status", "=", "running")
    .execute();
}
