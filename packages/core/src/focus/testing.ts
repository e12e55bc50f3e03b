import { sql } from "kysely";
import { now } from "../clock";
import { db } from "../db";
import { newId } from "../id";
import * as repo from "./repo";

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

/**
 * A running pomodoro that started `minutes` ago, written as a start writes it but without the
 * start's per-person limit: benchmarks that finish sessions in a loop need more than it allows.
 */
export async function runningSessionSince(userId: string, minutes: number): Promise<string> {
  const at = new Date(now().getTime() - minutes * 60 * 1000);
  const id = newId(at.getTime());
  await repo.insertSession(db(), { id, userId, mode: "pomodoro", plannedMinutes: 25, tag: "bench", at });
  return id;
}
