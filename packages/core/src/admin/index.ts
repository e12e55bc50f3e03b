// The admin console's domain: operators with roles, their sessions, login throttling, and the
// audit log that every action writes in the same transaction as the change it records. Every
// action is: role check → change through the owning module's `…Within(tx, …)` → audit row (tx)
// → commit → the effects the module queued with afterCommit (cache drops, S3 moves).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import * as Account from "../account";
import { now } from "../clock";
import { Cursor, decodeCursor, encodeCursor } from "../cursor";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, Forbidden, Invalid, NotFound, RateLimited, Unauthorized } from "../error";
import { fn } from "../fn";
import { Id, idFloor, idPattern, newId } from "../id";
import * as App from "../app";
import * as Focus from "../focus";
import * as Item from "../item";
import * as Notice from "../notice";
import * as Profile from "../profile";
import * as Room from "../room";
import * as Space from "../space";
import * as Sticker from "../sticker";
import * as Wallet from "../wallet";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import * as repo from "./repo";
import {
  Actor,
  type AuditEntry,
  AuditFilter,
  canonicalEmail,
  Credentials,
  NewOperator,
  type Operator,
  Role,
  type SessionInfo,
} from "./schema";

export * from "./schema";

/** Sessions end after 30 minutes without a request, and 12 hours after login whatever happens. */
export const sessionTiming = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60, touchEverySeconds: 60 };

/** Per account: 5 failures within 15 minutes lock it for 15 minutes. Per IP: 30 failures. */
export const throttle = { windowSeconds: 15 * 60, lockSeconds: 15 * 60, accountFailures: 5, ipFailures: 30 };

const rank: Record<Role, number> = { viewer: 0, moderator: 1, admin: 2 };

/** Viewers read; moderators also ban and moderate; admins do everything. */
export function mayAct(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

function requireRole(actor: Actor, needed: Role): void {
  if (!mayAct(actor.role, needed)) throw new Forbidden(`This needs the ${needed} role.`, "role_required");
}

/** A 400 about one form field, for what the console parses itself before a use case sees it. */
export function invalidField(path: string, message: string): Invalid {
  return new Invalid("The request is not valid.", [{ path, message }], "validation_failed");
}

// Operators

/** The first admin (or any operator) from the command line: nobody to audit it under yet. */
export const createOperator = fn(NewOperator, async (operator): Promise<Operator> => {
  return transaction((tx) => insertOperator(tx, operator));
});

export const addOperator = fn(z.object({ actor: Actor, operator: NewOperator }), async ({ actor, operator }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await insertOperator(tx, operator);
    await audit(tx, actor, { action: "operator.create", targetType: "operator", targetId: created.id, after: created });
    return created;
  });
});

async function insertOperator(tx: Executor, operator: z.output<typeof NewOperator>): Promise<Operator> {
  const at = now();
  const id = newId(at.getTime());
  const passwordHash = await hashPassword(operator.password);
  try {
    await repo.insertOperator(tx, { id, ...operator, passwordHash, at });
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict(`An operator with ${operator.email} already exists.`, "email_taken");
    throw error;
  }
  return { id, email: operator.email, name: operator.name, role: operator.role, status: "active", createdAt: at };
}

export const listOperators = fn(z.object({ actor: Actor }), async ({ actor }): Promise<Operator[]> => {
  requireRole(actor, "admin");
  return (await repo.listOperators(db(), 500)).map(toOperator);
});

/** Changes an operator's role or disables them; disabling ends their sessions at once. */
export const changeOperator = fn(
  z.object({
    actor: Actor,
    operatorId: Id,
    role: z.optional(Role),
    status: z.optional(z.enum(["active", "disabled"])),
  }),
  async ({ actor, operatorId, role, status }): Promise<Operator> => {
    requireRole(actor, "admin");
    // The last way back in must not be closed by accident.
    if (operatorId === actor.id) throw new Conflict("Change your own account from another admin's.", "self_change");
    return transaction(async (tx) => {
      const row = await repo.findOperator(tx, operatorId);
      if (!row) throw new NotFound("operator", operatorId);
      const at = now();
      await repo.updateOperator(tx, operatorId, { role, status, at });
      if (status === "disabled") await repo.revokeOperatorSessions(tx, operatorId, at);
      const before = toOperator(row);
      const after = { ...before, role: role ?? before.role, status: status ?? before.status };
      await audit(tx, actor, {
        action: "operator.update",
        targetType: "operator",
        targetId: operatorId,
        before,
        after,
      });
      return after;
    });
  },
);

// Sessions

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

/** A counter's key: a hash, so any email or address fits the ASCII column. */
function throttleKey(kind: "account" | "ip", value: string): string {
  return `${kind}:${createHash("sha256").update(value).digest("base64url")}`;
}

/**
 * Counts an attempt on a key's locked row (made at the first), starting a new window when the
 * last one has passed, and locks the key once the count reaches `maxFailures`. Returns when a
 * lock already holding it ends (0 when none), without counting.
 */
async function countAttempt(tx: Executor, key: string, maxFailures: number, at: Date): Promise<number> {
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

/** SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force. */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

// The audit log

interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one row; call it with the transaction of the change it records. */
async function audit(tx: Executor, actor: Actor, record: AuditRecord): Promise<string> {
  const at = now();
  const id = newId(at.getTime());
  await repo.insertAuditEntry(tx, {
    id,
    operatorId: actor.id,
    operatorEmail: actor.email,
    ip: actor.ip,
    createdAt: at,
    before: undefined,
    after: undefined,
    ...record,
  });
  return id;
}

const AuditAfter = z.tuple([Id]);

/** Newest first, filtered by operator, action, target and UTC dates; every role may read it. */
export const auditLog = fn(z.object({ actor: Actor, filter: AuditFilter }), async ({ filter }) => {
  const beforeId = filter.cursor === undefined ? undefined : decodeCursor(AuditAfter, filter.cursor)[0];
  const toId = filter.to ? idFloor(Date.parse(`${filter.to}T00:00:00Z`) + 24 * 60 * 60 * 1000) : undefined;
  const rows = await repo.findAuditPage(db(), {
    operatorId: filter.operatorId,
    action: filter.action,
    targetId: filter.targetId,
    fromId: filter.from ? idFloor(Date.parse(`${filter.from}T00:00:00Z`)) : undefined,
    beforeId: beforeId !== undefined && toId !== undefined ? (beforeId < toId ? beforeId : toId) : (beforeId ?? toId),
    limit: filter.limit,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row): AuditEntry => ({
      id: row.id,
      operatorId: row.operator_id,
      operatorEmail: row.operator_email,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      before: row.before_json ?? undefined,
      after: row.after_json ?? undefined,
      ip: row.ip,
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null,
  };
});

// What operators look at

const moderationCountCap = 100;

/** The counts on the front page; "today" is the UTC day. */
export const dashboard = fn(z.object({ actor: Actor }), async () => {
  const at = now();
  const today = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const [signupsToday, focusMinutesToday, focusingNow, spaces, queue] = await Promise.all([
    Account.countSignupsSince({ since: today }),
    Focus.minutesFinishedSince({ since: today }),
    Focus.countRunning({}),
    Space.listSpaces({}),
    Sticker.listForModeration({ status: "published", limit: moderationCountCap }),
  ]);
  // The queue is every published sticker, newest first: counted up to a cap, not scanned whole.
  const pendingModeration = queue.nextCursor ? `${moderationCountCap}+` : String(queue.items.length);
  const inSpacesNow = spaces.items.reduce((sum, space) => sum + space.occupancy, 0);
  return {
    today: today.toISOString().slice(0, 10),
    signupsToday,
    focusMinutesToday,
    focusingNow,
    inSpacesNow,
    pendingModeration,
  };
});

export interface FoundUser {
  userId?: string;
  friendId: string;
  name: string;
}

/** By id, by Friend ID, or by name with the app's own search (kana, width and case folded). */
export const findUsers = fn(
  z.object({ actor: Actor, q: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)) }),
  async ({ q }): Promise<FoundUser[]> => {
    if (idPattern.test(q)) {
      const me = await Profile.getMe({ userId: q }).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined;
        throw error;
      });
      return me ? [{ userId: me.userId, friendId: me.friendId, name: me.name }] : [];
    }
    const friendId = z.safeParse(Profile.FriendId, q);
    const byFriendId = friendId.success ? await Profile.resolveFriendId({ friendId: friendId.data }) : undefined;
    const byName = await Profile.search({ q, limit: 50 });
    const found: FoundUser[] = byFriendId ? [{ userId: byFriendId.userId, ...byFriendId.card }] : [];
    for (const card of byName.items) if (card.friendId !== byFriendId?.card.friendId) found.push(card);
    return found;
  },
);

/** Everything the user page shows, read from the modules that own it. */
export const userDetail = fn(z.object({ actor: Actor, userId: Id }), async ({ userId }) => {
  const standing = await Account.standingWithin(db(), userId);
  if (!standing) throw new NotFound("user", userId);
  const [profile, balance, ledger, stats, stickers, rooms] = await Promise.all([
    Profile.getMe({ userId }),
    Wallet.balanceOf({ userId }),
    Wallet.ledger({ userId, limit: 20 }),
    Focus.stats({ userId, range: "week" }),
    Sticker.list({ userId, limit: 30 }),
    Room.listMine({ userId }),
  ]);
  return { profile, standing, balance, ledger: ledger.items, stats, stickers: stickers.items, rooms: rooms.items };
});

// Actions: each checks the role, changes through the owning module and audits, in one transaction.

export const banUser = fn(
  z.object({
    actor: Actor,
    userId: Id,
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    until: z.optional(z.date()),
  }),
  async ({ actor, userId, reason, until }) => {
    requireRole(actor, "moderator");
    if (until && until <= now())
      throw new Invalid("The ban must end in the future.", [{ path: "until", message: "In the past." }]);
    await transaction(async (tx) => {
      const before = await Account.standingWithin(tx, userId);
      if (!before) throw new NotFound("user", userId);
      await Account.banWithin(tx, { userId, reason, until });
      const after = await Account.standingWithin(tx, userId);
      await audit(tx, actor, { action: "user.ban", targetType: "user", targetId: userId, before, after });
    });
  },
);

export const unbanUser = fn(z.object({ actor: Actor, userId: Id }), async ({ actor, userId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    const before = await Account.standingWithin(tx, userId);
    if (!before) throw new NotFound("user", userId);
    await Account.unbanWithin(tx, { userId });
    const after = await Account.standingWithin(tx, userId);
    await audit(tx, actor, { action: "user.unban", targetType: "user", targetId: userId, before, after });
  });
});

export const resetUserName = fn(z.object({ actor: Actor, userId: Id }), async ({ actor, userId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    const { before, after } = await Profile.resetNameWithin(tx, userId);
    await audit(tx, actor, {
      action: "user.reset_name",
      targetType: "user",
      targetId: userId,
      before: { name: before },
      after: { name: after },
    });
  });
});

/** Coins from the operators, with the reason they give; the ledger's reference is the audit row. */
export const grantCoins = fn(
  z.object({
    actor: Actor,
    userId: Id,
    amount: Wallet.Amount,
    note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  }),
  async ({ actor, userId, amount, note }) => {
    requireRole(actor, "admin");
    await transaction(async (tx) => {
      if (!(await Account.standingWithin(tx, userId))) throw new NotFound("user", userId);
      // A fresh reference is never seen before, so the credit always lands.
      const reference = newId();
      const result = await Wallet.credit(tx, { userId, amount, reason: "admin_grant", reference });
      const balance = result.credited ? result.balance : 0;
      await audit(tx, actor, {
        action: "wallet.grant",
        targetType: "user",
        targetId: userId,
        before: { balance: balance - amount },
        after: { balance, amount, note, reference },
      });
    });
  },
);

/** An item given outside the shop, with the operator's reason; false when it was already owned. */
export const grantItem = fn(
  z.object({
    actor: Actor,
    userId: Id,
    itemId: Item.ItemId,
    note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  }),
  async ({ actor, userId, itemId, note }) => {
    requireRole(actor, "admin");
    return transaction(async (tx) => {
      if (!(await Account.standingWithin(tx, userId))) throw new NotFound("user", userId);
      const granted = await Item.grantWithin(tx, { userId, itemId });
      await audit(tx, actor, {
        action: "item.grant",
        targetType: "user",
        targetId: userId,
        after: { itemId, note, granted },
      });
      return granted;
    });
  },
);

/** Creates or replaces a catalog item, validated like the seed file. */
export const saveCatalogItem = fn(z.object({ actor: Actor, item: Item.CatalogItem }), async ({ actor, item }) => {
  requireRole(actor, "admin");
  const before = (await Item.catalog()).items.find((candidate) => candidate.id === item.id);
  await transaction(async (tx) => {
    await Item.saveItemWithin(tx, item);
    await audit(tx, actor, {
      action: before ? "item.update" : "item.create",
      targetType: "item",
      targetId: item.id,
      before,
      after: item,
    });
  });
});

export const setMaintenance = fn(
  z.object({ actor: Actor, maintenance: App.Maintenance }),
  async ({ actor, maintenance }) => {
    requireRole(actor, "admin");
    const before = (await App.control()).maintenance;
    await transaction(async (tx) => {
      await App.setMaintenanceWithin(tx, maintenance);
      await audit(tx, actor, {
        action: "app.maintenance",
        targetType: "app",
        targetId: "maintenance",
        before,
        after: maintenance,
      });
    });
  },
);

export const setMinimumVersions = fn(
  z.object({ actor: Actor, versions: App.MinimumVersions }),
  async ({ actor, versions }) => {
    requireRole(actor, "admin");
    const before = (await App.control()).minimumVersions;
    await transaction(async (tx) => {
      await App.setMinimumVersionsWithin(tx, versions);
      await audit(tx, actor, {
        action: "app.minimum_versions",
        targetType: "app",
        targetId: "minimum_versions",
        before,
        after: versions,
      });
    });
  },
);

export const setFeatureFlags = fn(z.object({ actor: Actor, flags: App.FeatureFlags }), async ({ actor, flags }) => {
  requireRole(actor, "admin");
  const before = (await App.control()).featureFlags;
  await transaction(async (tx) => {
    await App.setFeatureFlagsWithin(tx, flags);
    await audit(tx, actor, {
      action: "app.feature_flags",
      targetType: "app",
      targetId: "feature_flags",
      before,
      after: flags,
    });
  });
});

export const createNotice = fn(z.object({ actor: Actor, notice: Notice.NoticeInput }), async ({ actor, notice }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await Notice.createWithin(tx, notice);
    await audit(tx, actor, { action: "notice.create", targetType: "notice", targetId: created.id, after: created });
    return created;
  });
});

export const endNotice = fn(z.object({ actor: Actor, noticeId: Id }), async ({ actor, noticeId }) => {
  requireRole(actor, "admin");
  await transaction(async (tx) => {
    await Notice.endWithin(tx, noticeId);
    await audit(tx, actor, { action: "notice.end", targetType: "notice", targetId: noticeId });
  });
});

/** Everyone's published (or hidden) stickers and posters, newest first; every role may look. */
export const moderationQueue = fn(
  z.object({
    actor: Actor,
    status: z._default(z.enum(["published", "hidden"]), "published"),
    cursor: z.optional(Cursor),
  }),
  async ({ status, cursor }) => Sticker.listForModeration({ status, cursor, limit: 50 }),
);

/** Takes a sticker off the CDN and out of every list (the sticker module moves the object after the commit). */
export const hideSticker = fn(
  z.object({ actor: Actor, stickerId: Id, reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
  async ({ actor, stickerId, reason }) => {
    requireRole(actor, "moderator");
    await transaction(async (tx) => {
      await Sticker.hideWithin(tx, { stickerId, reason });
      await audit(tx, actor, {
        action: "sticker.hide",
        targetType: "sticker",
        targetId: stickerId,
        before: { status: "published" },
        after: { status: "hidden", reason },
      });
    });
  },
);

export const unhideSticker = fn(z.object({ actor: Actor, stickerId: Id }), async ({ actor, stickerId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    await Sticker.unhideWithin(tx, { stickerId });
    await audit(tx, actor, {
      action: "sticker.unhide",
      targetType: "sticker",
      targetId: stickerId,
      before: { status: "hidden" },
      after: { status: "published" },
    });
  });
});

export const listSpaces = fn(z.object({ actor: Actor }), async () => Space.listAll({}));

export const createSpace = fn(z.object({ actor: Actor, space: Space.NewSpace }), async ({ actor, space }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await Space.createWithin(tx, space);
    await audit(tx, actor, { action: "space.create", targetType: "space", targetId: created.id, after: created });
    return created;
  });
});

export const changeSpace = fn(
  z.object({
    actor: Actor,
    spaceId: Id,
    name: z.optional(Space.SpaceName),
    status: z.optional(z.enum(["open", "closed"])),
  }),
  async ({ actor, spaceId, name, status }) => {
    requireRole(actor, "admin");
    const action = status === "closed" ? "space.close" : status === "open" ? "space.reopen" : "space.rename";
    await transaction(async (tx) => {
      const { before, after } = await Space.updateWithin(tx, { spaceId, name, status });
      await audit(tx, actor, { action, targetType: "space", targetId: spaceId, before, after });
    });
  },
);

function toOperator(row: {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "disabled";
  created_at: Date;
}): Operator {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: row.created_at,
  };
}
