// Sign-in throttling: failed attempts counted per operator (by canonical email) and per address.
import { createHash } from "node:crypto";
import type { Executor } from "../db";
import * as repo from "./repo";

/** Per account: 5 failures within 15 minutes lock it for 15 minutes. Per IP: 30 failures. */
export const throttle = { windowSeconds: 15 * 60, lockSeconds: 15 * 60, accountFailures: 5, ipFailures: 30 };

/** A counter's key: a hash, so any email or address fits the ASCII column. */
export function throttleKey(kind: "account" | "ip", value: string): string {
  return `${kind}:${createHash("sha256").update(value).digest("base64url")}`;
}

/**
 * Counts an attempt on a key's locked row (made at the first), starting a new window when the
 * last one has passed, and locks the key once the count reaches `maxFailures`. Returns when a
 * lock already holding it ends (0 when none), without counting.
 */
export async function countAttempt(tx: Executor, key: string, maxFailures: number, at: Date): Promise<number> {
  const row = await repo.lockThrottle(tx, key, at);
  const lockedUntil = row.locked_until?.getTime() ?? 0;
  if (lockedUntil > at.getTime()) return lockedUntil;
  const windowOpen = row.window_started_at.getTime() > at.getTime() - throttle.windowSeconds * 1000;
  const failures = windowOpen ? row.failures + 1 : 1;
  await repo.updateThrottle(tx, {
    key,
    failures,
    windowStartedAt: windowOpen ? row.window_started_at : at,
    lockedUntil: failures >= maxFailures ? new Date(at.getTime() + throttle.lockSeconds * 1000) : null,
  });
  return 0;
}
