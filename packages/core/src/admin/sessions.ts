// Console sessions: sign-in (after the throttle), the session cookie, sign-out.
import { createHash, randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { now } from "../clock";
import { db, transaction } from "../db";
import { RateLimited, Unauthorized } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import { audit } from "./audit";
import { csrfTokenFor } from "./csrf";
import { toOperator } from "./operators";
import { decoyHash, verifyPassword } from "../passphrase";
import * as repo from "./repo";
import { requireRole } from "./roles";
import { Actor, canonicalEmail, Credentials, type SessionInfo } from "./schema";
import { countAttempt, throttle, throttleKey } from "./throttle";

/** Sessions end after 30 minutes without a request, and 12 hours after login whatever happens. */
export const sessionTiming = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60, touchEverySeconds: 60 };

/**
 * Checks the password (scrypt, constant-time compare; an unknown email costs the same) after
 * the throttle, then opens a new session: a new token every login, the previous one revoked.
 * The attempt is counted before the password is checked, on the operator (by canonical email)
 * and on the address, in one transaction over the locked counters: parallel guesses take turns,
 * and no more than the limit are ever checked. A success takes its attempt back.
 */
export const login = fn(Credentials, async ({ email, password, ip, previousToken }) => {
  const at = now();
  const keys = { account: throttleKey("account", email), ip: throttleKey("ip", ip) };
  await transaction(async (tx) => {
    const lockedUntil = Math.max(
      await countAttempt(tx, keys.account, throttle.accountFailures, at),
      await countAttempt(tx, keys.ip, throttle.ipFailures, at),
    );
    if (lockedUntil > at.getTime()) {
      // Thrown inside: the attempt is not counted while a lock holds.
      throw new RateLimited(Math.ceil((lockedUntil - at.getTime()) / 1000), "Too many failed logins; try again later.");
    }
  });

  const found = await repo.findOperatorByEmail(db(), email);
  // The collation also matches other spellings (accents, ignorable characters): only the canonical one is this operator.
  const operator = found && canonicalEmail(found.email) === email ? found : undefined;
  const valid = await verifyPassword(password, operator?.password_hash ?? decoyHash);
  if (!operator || !valid || operator.status !== "active") {
    throw new Unauthorized("The email or the password is wrong.", "invalid_credentials");
  }

  const token = randomBytes(32).toString("base64url");
  const sessionId = newId(at.getTime());
  const actor: Actor = { id: operator.id, email: operator.email, role: operator.role, ip };
  await transaction(async (tx) => {
    if (previousToken) await repo.revokeSessionByTokenHash(tx, hashToken(previousToken), at);
    await repo.insertSession(tx, {
      id: sessionId,
      tokenHash: hashToken(token),
      operatorId: operator.id,
      ip,
      at,
      expiresAt: new Date(at.getTime() + sessionTiming.absoluteSeconds * 1000),
    });
    await repo.deleteThrottle(tx, keys.account);
    await repo.takeBackAttempt(tx, keys.ip, throttle.ipFailures);
    await audit(tx, actor, { action: "operator.login", targetType: "session", targetId: sessionId });
  });
  return { token, csrfToken: csrfTokenFor(token), operator: toOperator(operator) };
});

/** The operator behind a session cookie, or undefined when it is unknown, revoked, idle or old. */
export const authenticate = fn(
  z.object({ token: z.string().check(z.maxLength(100)) }),
  async ({ token }): Promise<SessionInfo | undefined> => {
    const row = await repo.findSessionByTokenHash(db(), hashToken(token));
    const at = now();
    if (!row || row.revoked_at || row.status !== "active") return undefined;
    if (row.expires_at <= at) return undefined;
    const idleFor = at.getTime() - row.last_seen_at.getTime();
    if (idleFor > sessionTiming.idleSeconds * 1000) return undefined;
    if (idleFor > sessionTiming.touchEverySeconds * 1000) await repo.touchSession(db(), row.session_id, at);
    return { sessionId: row.session_id, operator: toOperator(row), csrfToken: csrfTokenFor(token) };
  },
);

export const logout = fn(z.object({ actor: Actor, sessionId: Id }), async ({ actor, sessionId }) => {
  await transaction(async (tx) => {
    await repo.revokeSession(tx, sessionId, now());
    await audit(tx, actor, { action: "operator.logout", targetType: "session", targetId: sessionId });
  });
});

/** Ends every session of an operator (a lost laptop); admins for others, anyone for themselves. */
export const revokeSessions = fn(z.object({ actor: Actor, operatorId: Id }), async ({ actor, operatorId }) => {
  if (operatorId !== actor.id) requireRole(actor, "admin");
  await transaction(async (tx) => {
    await repo.revokeOperatorSessions(tx, operatorId, now());
    await audit(tx, actor, { action: "operator.revoke_sessions", targetType: "operator", targetId: operatorId });
  });
});

/** SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force. */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
