// The console's CSRF tokens: derived from the session token, never stored.
import { createHash, timingSafeEqual } from "node:crypto";

/** Per session, derived from its token (never stored); a form's token must match it. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash("sha256").update(`csrf\0${sessionToken}`).digest("base64url");
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
