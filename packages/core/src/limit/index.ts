// Limits: how many requests of one kind one person (or one network address) may make in a fixed
// window, for the routes people could abuse. Counted in the database, one primary-key upsert per
// check, never in Momento (whose whole account allows fewer operations a second than people
// make requests); an exceeded limit is a 429 with Retry-After until the window ends.
import { createHash } from "node:crypto";
import { now } from "../clock";
import { db } from "../db";
import { RateLimited } from "../error";
import * as repo from "./repo";

export interface Rule {
  /** Names the counter: short ASCII, unique among rules. */
  name: string;
  max: number;
  windowSeconds: number;
  /** What is counted, for the message ("friend requests"). */
  what: string;
}

/**
 * Counts one request against `rule` for `subject` (a user id, or `addressSubject(...)`), or
 * refuses it with 429 once the window holds `max`. Refused requests are not counted, so a
 * client that waits Retry-After gets through. One query.
 */
export async function take(rule: Rule, subject: string): Promise<void> {
  const at = now();
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  const bucket = `${rule.name}:${subject}`;
  if (await repo.take(db(), bucket, windowStart, rule.max)) return;
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - at.getTime()) / 1000));
  throw new RateLimited(retryAfter, `At most ${rule.max} ${rule.what} ${per(rule.windowSeconds)}; try again later.`);
}

/** A network address as a limit's subject: hashed, so the table holds no address. */
export function addressSubject(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

function per(windowSeconds: number): string {
  if (windowSeconds === 60) return "a minute";
  if (windowSeconds === 3600) return "an hour";
  if (windowSeconds === 86_400) return "a day";
  return `per ${windowSeconds} seconds`;
}
