// Accounts: anonymous sign-up per device, access and refresh tokens, sign-out and bans.
// A signed-in device is a session; its refresh tokens rotate on every use, and presenting
// a rotated token again revokes the session (the token was copied).
import * as z from "zod/mini";
import { accessTokenSeconds, hashRefreshToken, newRefreshToken, refreshTokenDays, signAccessToken } from "../auth";
import { now } from "../clock";
import { db, type Executor, transaction } from "../db";
import { Forbidden, NotFound, Unauthorized } from "../error";
import { fn, parse } from "../fn";
import { Id, idFloor, newId } from "../id";
import * as Limit from "../limit";
import { createProfileWithin } from "../profile";
import * as repo from "./repo";
import { RefreshBody, SignupBody, type Tokens } from "./schema";

export * from "./schema";

/** Sign-ups from one network address: generous, since a carrier's NAT puts many phones behind one. */
export const signupLimit: Limit.Rule = {
  name: "signup",
  max: 20,
  windowSeconds: 3600,
  what: "sign-ups from one address",
};

/**
 * A new anonymous account, signed in. The API passes the caller's `address` and counts it
 * against signupLimit; seeds and benchmarks make accounts without one.
 */
export const signup = fn(
  z.extend(SignupBody, { address: z.optional(z.string().check(z.maxLength(64))) }),
  async ({ platform, deviceLabel, address }): Promise<Tokens> => {
    if (address !== undefined) await Limit.take(signupLimit, Limit.addressSubject(address));
    const session = await transaction(async (tx) => {
      const userId = await createWithin(tx, { platform });
      return startSessionWithin(tx, { userId, platform, deviceLabel });
    });
    return signedIn(session);
  },
);

/** A new account with its profile, inside the caller's transaction (sign-up, a first sign-in with Apple or Google). */
export async function createWithin(executor: Executor, input: { platform?: string }): Promise<string> {
  const userId = newId();
  await repo.insertAccount(executor, { id: userId, platform: input.platform ?? null, at: now() });
  await createProfileWithin(executor, userId);
  return userId;
}

/** A device signed in: its session and first refresh token. Turn it into tokens with `signedIn` after the commit. */
export interface NewSession {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

/** Signs a device in to `userId`, inside the caller's transaction (which decided that it may). */
export async function startSessionWithin(
  executor: Executor,
  input: { userId: string; platform?: string; deviceLabel?: string },
): Promise<NewSession> {
  const sessionId = newId();
  const at = now();
  await repo.insertSession(executor, {
    id: sessionId,
    accountId: input.userId,
    platform: input.platform ?? null,
    deviceLabel: input.deviceLabel ?? null,
    at,
  });
  const refreshToken = await issueRefreshToken(executor, { sessionId, accountId: input.userId, at });
  return { userId: input.userId, sessionId, refreshToken };
}

/** The tokens of a session started (and committed) with `startSessionWithin`. */
export function signedIn(session: NewSession): Promise<Tokens> {
  return tokens(session.userId, session.sessionId, session.refreshToken);
}

export const refresh = fn(RefreshBody, async ({ refreshToken }): Promise<Tokens> => {
  const tokenHash = hashRefreshToken(refreshToken);
  const found = await repo.findRefreshToken(db(), tokenHash);
  const at = now();
  if (!found) throw invalidRefreshToken();
  // The ban comes first so that a banned client is told why, not just signed out.
  if (found.status === "banned" && (found.banned_until === null || found.banned_until > at)) {
    throw new Forbidden("This account is banned.", "account_banned");
  }
  if (found.revoked_at || found.expires_at <= at) throw invalidRefreshToken();
  if (found.rotated_at) return refuseReuse(found.session_id, at);

  const next = await transaction(async (tx) => {
    if (!(await repo.claimRefreshToken(tx, tokenHash, at))) return undefined;
    await repo.touchSession(tx, found.session_id, at);
    return issueRefreshToken(tx, { sessionId: found.session_id, accountId: found.account_id, at });
  });
  // Another request rotated this token between our read and our claim: that is reuse too.
  if (!next) return refuseReuse(found.session_id, at);
  return tokens(found.account_id, found.session_id, next);
});

export const signout = fn(
  z.object({ userId: Id, sessionId: Id, allDevices: z._default(z.boolean(), false) }),
  async ({ userId, sessionId, allDevices }): Promise<void> => {
    const at = now();
    if (allDevices) return repo.revokeAllSessions(db(), userId, "signout_all", at);
    await repo.revokeSession(db(), { sessionId, accountId: userId }, "signout", at);
  },
);

/** Ends every session of the account, inside the caller's transaction (a transfer to a new phone). */
export async function endSessionsWithin(executor: Executor, userId: string, reason: "transferred"): Promise<void> {
  await repo.revokeAllSessions(executor, userId, reason, now());
}

/**
 * Bans an account. While the ban lasts every refresh is refused; access tokens already issued
 * lapse within their 15 minutes (they are checked without a database call).
 */
const BanInput = z.object({
  userId: Id,
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  until: z.optional(z.date()),
});

export const ban = fn(BanInput, (input) => transaction((tx) => banWithin(tx, input)));

/**
 * The ban inside the caller's transaction (the console writes its audit row in the same one).
 * A permanent ban also revokes every session; a ban with an end keeps them, because an
 * anonymous account has no other way back in once it is over.
 */
export async function banWithin(tx: Executor, input: z.input<typeof BanInput>): Promise<void> {
  const { userId, reason, until } = parse(BanInput, input);
  const at = now();
  if (!(await repo.setBan(tx, userId, { status: "banned", reason, until: until ?? null, at }))) {
    throw new NotFound("account", userId);
  }
  if (!until) await repo.revokeAllSessions(tx, userId, "banned", at);
}

export const unban = fn(z.object({ userId: Id }), (input) => transaction((tx) => unbanWithin(tx, input)));

export async function unbanWithin(tx: Executor, input: { userId: string }): Promise<void> {
  const { userId } = parse(z.object({ userId: Id }), input);
  if (!(await repo.setBan(tx, userId, { status: "active", reason: null, until: null, at: now() }))) {
    throw new NotFound("account", userId);
  }
}

/** Whether an account is banned and why; undefined for no such account, or a deleted one. */
export const standing = fn(z.object({ userId: Id }), async ({ userId }) =>
  toStanding(await repo.findStanding(db(), userId)),
);

/** `standing` in the caller's transaction; `forUpdate` locks the row until it commits. */
export async function standingWithin(
  tx: Executor,
  userId: string,
  { forUpdate }: { forUpdate: boolean },
): Promise<Standing | undefined> {
  return toStanding(await repo.findStanding(tx, parse(Id, userId), { forUpdate }));
}

function toStanding(row: Awaited<ReturnType<typeof repo.findStanding>>): Standing | undefined {
  if (!row || row.status === "deleted") return undefined;
  const banned = row.status === "banned" && (row.banned_until === null || row.banned_until > now());
  return {
    status: banned ? "banned" : "active",
    banReason: banned ? row.ban_reason : null,
    bannedUntil: banned ? (row.banned_until?.toISOString() ?? null) : null,
    createdAt: row.created_at.toISOString(),
  };
}

export interface Standing {
  status: "active" | "banned";
  banReason: string | null;
  /** Null for a permanent ban. */
  bannedUntil: string | null;
  createdAt: string;
}

/**
 * Locks the account's row for its deletion (two deletions take turns: the second finds it
 * deleted); NotFound when there is no such account.
 */
export async function lockForDeletionWithin(tx: Executor, userId: string): Promise<{ deleted: boolean }> {
  const row = await repo.findStanding(tx, userId, { forUpdate: true });
  if (!row) throw new NotFound("account", userId);
  return { deleted: row.status === "deleted" };
}

/** The account keeps its id and times only; its sessions end and forget their devices. */
export async function markDeletedWithin(tx: Executor, userId: string, at: Date): Promise<void> {
  await repo.markDeleted(tx, userId, at);
}

/** Accounts made at or after `since`: a primary-key range, since ids are time-ordered. */
export const countSignupsSince = fn(z.object({ since: z.date() }), async ({ since }) =>
  repo.countAccountsFrom(db(), idFloor(since.getTime())),
);

async function issueRefreshToken(
  tx: Executor,
  { sessionId, accountId, at }: { sessionId: string; accountId: string; at: Date },
): Promise<string> {
  const token = newRefreshToken();
  const expiresAt = new Date(at.getTime() + refreshTokenDays * 24 * 60 * 60 * 1000);
  await repo.insertRefreshToken(tx, { tokenHash: hashRefreshToken(token), sessionId, accountId, at, expiresAt });
  return token;
}

async function tokens(userId: string, sessionId: string, refreshToken: string): Promise<Tokens> {
  const accessToken = await signAccessToken({ userId, sessionId });
  return { userId, accessToken, refreshToken, expiresIn: accessTokenSeconds };
}

function invalidRefreshToken(): Unauthorized {
  return new Unauthorized("The refresh token is invalid, expired or revoked.", "invalid_refresh_token");
}

async function refuseReuse(sessionId: string, at: Date): Promise<never> {
  await repo.revokeSession(db(), { sessionId }, "refresh_token_reused", at);
  throw new Unauthorized("This refresh token was already used; the session is revoked.", "refresh_token_reused");
}
