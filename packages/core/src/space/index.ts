// Presence and focus together: whether someone is idle, focusing or sitting in a public space,
// and who sits in each space. Presence lives in the database, where a heartbeat is one
// primary-key write: it costs no Momento operation, and survives Momento being throttled or down.
// What many people read alike (the open spaces, their occupancy, a space's members) is shared
// from the Lambda's memory and Momento for a few seconds.
import * as z from "zod/mini";
import * as Block from "../block";
import * as Cache from "../cache";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, NotFound } from "../error";
import { fn, parse } from "../fn";
import { Id, newId } from "../id";
import * as Profile from "../profile";
import * as repo from "./repo";
import {
  type Membership,
  type MemberPage,
  MembersQuery,
  NewSpace,
  type Presence,
  type SpaceList,
  SpaceName,
  type SpaceRecord,
} from "./schema";

export * from "./schema";

/**
 * A seat stays `memberTtlSeconds` after its last heartbeat; clients beat every
 * `heartbeatSeconds`. Times come from `now()`, so tests move the clock instead of sleeping.
 */
export const timing = {
  memberTtlSeconds: 60,
  heartbeatSeconds: 30,
  /** How stale the occupancy counts and member lists shown may be. */
  sharedSeconds: 5,
};

type SpaceRow = Awaited<ReturnType<typeof repo.listOpen>>[number];

const maxSpaces = 100;
const MembersAfter = z.tuple([Id]);
const openSpacesTopic = "space:open";

/** The open spaces, in display order: read by every space route, changed by operators. */
const openSpaces = Cache.memo<SpaceRow[]>({
  topic: openSpacesTopic,
  ttlSeconds: 60,
  maxEntries: 1,
  load: async () => new Map([["open", await repo.listOpen(db(), maxSpaces)]]),
});

/** Who sits in each space (sorted ids), shared by everyone who looks within `sharedSeconds`. */
const seatedSnapshots = Cache.memo<string[]>({
  topic: "space:seated",
  ttlSeconds: timing.sharedSeconds,
  maxEntries: maxSpaces,
  load: async (spaceIds) => {
    const spaces = await openSpaceMap();
    const at = now();
    const loaded = await Promise.all(
      spaceIds.map(async (spaceId) => {
        const capacity = spaces.get(spaceId)?.capacity ?? 0;
        return [spaceId, (await repo.findSeated(db(), spaceId, at, capacity)).sort()] as const;
      }),
    );
    return new Map(loaded);
  },
});

async function openSpaceMap(): Promise<Map<string, SpaceRow>> {
  const rows = (await openSpaces.get("open")) ?? [];
  return new Map(rows.map((row) => [row.id, row]));
}

async function openSpace(spaceId: string): Promise<SpaceRow> {
  const space = (await openSpaceMap()).get(spaceId);
  if (!space) throw new NotFound("space", spaceId);
  return space;
}

/**
 * Live counts of every open space, shared by everyone: each Lambda keeps them `sharedSeconds`
 * in memory, then reads the Momento value of the current window (a new key each window, so no
 * count outlives it); whoever finds that missing counts in the database (one query) for all.
 */
const occupancySnapshot = Cache.memo<Record<string, number>>({
  topic: "space:occupancy",
  ttlSeconds: timing.sharedSeconds,
  maxEntries: 1,
  load: async () => {
    const window = Math.floor(now().getTime() / (timing.sharedSeconds * 1000));
    const counts = await Cache.cached(`space:occupancy:${window}`, timing.sharedSeconds * 2, async () => {
      const spaceIds = [...(await openSpaceMap()).keys()];
      if (spaceIds.length === 0) return {};
      const rows = await repo.countSeatedBySpace(db(), spaceIds, now());
      return Object.fromEntries(rows.map((row) => [row.space_id!, Number(row.count)]));
    });
    return new Map([["all", counts ?? {}]]);
  },
});

async function occupancy(): Promise<Record<string, number>> {
  return (await occupancySnapshot.get("all")) ?? {};
}

/** Everyone's presence in one query; people never present read as idle. */
export const presenceOf = fn(
  z.object({ userIds: z.array(Id).check(z.maxLength(500)) }),
  async ({ userIds }): Promise<Map<string, Presence>> => {
    const unique = [...new Set(userIds)];
    return presenceFromRows(unique, unique.length > 0 ? await repo.findPresence(db(), unique) : []);
  },
);

export type PresenceRow = repo.PresenceRow;

/**
 * For a module's query of people (the friend list): every person's presence row, as a table
 * (`presence`) to left-join on the column holding each person's id, so that presence comes with
 * that query and costs no query of its own. Read the joined rows with `presenceFromRows`.
 */
export function presenceTable(executor: Executor) {
  return repo.presenceRows(executor).as("presence");
}

/** The presence of `userIds` as of now, from their presence rows (read by presenceTable's join); no row is idle. */
export function presenceFromRows(userIds: string[], rows: Iterable<PresenceRow>): Map<string, Presence> {
  const at = now().getTime();
  const byUser = new Map([...rows].map((row) => [row.user_id, row]));
  return new Map(userIds.map((userId) => [userId, toPresence(byUser.get(userId), at)] as const));
}

/**
 * Called by focus inside the transaction that starts a session: friends see "focusing" until
 * `until` (the planned end, or the longest a count-up session may run).
 */
export async function recordFocusWithin(
  executor: Executor,
  userId: string,
  session: { endsAt: Date | null; until: Date },
): Promise<void> {
  await repo.recordFocus(executor, { userId, ...session, at: now() });
}

/**
 * Called by account deletion inside its transaction: the person's presence goes, and the members
 * of the space they sat in are read again by every Lambda.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  const [row] = await repo.findPresence(executor, [userId]);
  if (!row) return;
  await repo.deletePresence(executor, userId);
  if (row.space_id) await Cache.invalidate(executor, "space:seated", [row.space_id]);
}

/** Called by focus inside the transaction that ends a session. */
export async function clearFocusWithin(executor: Executor, userId: string): Promise<void> {
  await repo.clearFocus(executor, userId, now());
}

/** Open spaces with their live counts: no query and no Momento operation on a warm Lambda. */
export const listSpaces = fn(z.object({}), async (): Promise<SpaceList> => {
  const [spaces, counts] = await Promise.all([openSpaces.get("open"), occupancy()]);
  return {
    items: (spaces ?? []).map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      capacity: row.capacity,
      occupancy: Math.min(counts[row.id] ?? 0, row.capacity),
    })),
  };
});

const MemberAction = z.object({ userId: Id, spaceId: Id });

/**
 * Sits down in a space, leaving any other one. Joins of one space queue on its row's lock, then
 * count the live seats, so concurrent joins can never overfill it.
 */
export const join = fn(MemberAction, async ({ userId, spaceId }): Promise<Membership> => {
  const at = now();
  const seated = await transaction(async (tx) => {
    const space = await repo.findByIdForUpdate(tx, spaceId);
    if (!space || space.status !== "open") throw new NotFound("space", spaceId);
    const others = await repo.countSeated(tx, spaceId, at, userId);
    if (others >= space.capacity) throw new Conflict(`${space.name} is full; try another space.`, "space_full");
    await repo.seat(tx, { userId, spaceId, until: seatUntil(at), at });
    return others + 1;
  });
  seatedSnapshots.forgetHere(spaceId);
  return { spaceId, occupancy: seated, heartbeatSeconds: timing.heartbeatSeconds };
});

/**
 * Keeps a live seat: one query. Someone without a live seat in this space (never joined, left,
 * or expired) is told so with 409 `not_in_space` and must join again, which checks capacity.
 */
export const heartbeat = fn(MemberAction, async ({ userId, spaceId }): Promise<Membership> => {
  const space = await openSpace(spaceId);
  // Read before the write, so that a failure of either leaves nothing half done.
  const counted = (await occupancy())[spaceId] ?? 0;
  const at = now();
  if (!(await repo.beat(db(), { userId, spaceId, until: seatUntil(at), at }))) {
    throw new Conflict("You have no seat in this space (you left, or it expired): join it again.", "not_in_space");
  }
  return {
    spaceId,
    occupancy: Math.min(Math.max(counted, 1), space.capacity),
    heartbeatSeconds: timing.heartbeatSeconds,
  };
});

/** Leaves a space (closed ones too); leaving a space one is not in changes nothing. */
export const leave = fn(MemberAction, async ({ userId, spaceId }): Promise<void> => {
  if (await repo.unseat(db(), { userId, spaceId, at: now() })) {
    seatedSnapshots.forgetHere(spaceId);
    return;
  }
  if (!(await repo.findById(db(), spaceId))) throw new NotFound("space", spaceId);
});

/**
 * Live members' cards as `viewerId` may see them (nobody across a block), ordered by user id so
 * that pages stay stable. A full space costs what an empty one does: the seats come from a
 * snapshot shared for `sharedSeconds`, the cards and blocks from memory.
 */
export const members = fn(
  z.extend(MembersQuery, { spaceId: Id, viewerId: Id }),
  async ({ spaceId, viewerId, cursor, limit }): Promise<MemberPage> => {
    const after = cursor === undefined ? undefined : decodeCursor(MembersAfter, cursor)[0];
    await openSpace(spaceId);
    const seated = (await seatedSnapshots.get(spaceId)) ?? [];
    const following = after === undefined ? seated : seated.filter((userId) => userId > after);
    const { page, nextCursor } = pageOf(following, limit, (userId) => [userId]);
    const hidden = await Block.hiddenAmong({ userId: viewerId, others: page });
    const shown = page.filter((userId) => !hidden.has(userId));
    const cards = await Profile.cardsByUserId({ userIds: shown });
    return { items: shown.flatMap((userId) => cards.get(userId) ?? []), nextCursor };
  },
);

/** Every space with its status, for the console. */
export const listAll = fn(z.object({}), async (): Promise<SpaceRecord[]> => {
  const rows = await repo.listAll(db(), 500);
  return rows.map(toRecord);
});

/**
 * Opens a new public space at the end of the list, inside the caller's transaction (the
 * console audits it in the same one). A slug in use is a 409.
 */
export async function createWithin(tx: Executor, input: z.input<typeof NewSpace>): Promise<SpaceRecord> {
  const { slug, name, capacity } = parse(NewSpace, input);
  const at = now();
  const id = newId(at.getTime());
  try {
    const sortOrder = (await repo.maxSortOrder(tx)) + 1;
    await repo.insertSpace(tx, { id, slug, name, capacity, sortOrder, at });
    await Cache.invalidate(tx, openSpacesTopic, ["open"]);
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict(`A space with the slug ${slug} exists.`, "slug_taken");
    throw error;
  }
  return { id, slug, name, capacity, status: "open" };
}

/** Renames or closes (or reopens) a space; answers the space before and after. */
export async function updateWithin(
  tx: Executor,
  input: { spaceId: string; name?: string; status?: "open" | "closed" },
): Promise<{ before: SpaceRecord; after: SpaceRecord }> {
  const { spaceId, name, status } = parse(SpaceChange, input);
  const row = await repo.findByIdForUpdate(tx, spaceId);
  if (!row) throw new NotFound("space", spaceId);
  await repo.updateSpace(tx, spaceId, { name, status });
  await Cache.invalidate(tx, openSpacesTopic, ["open"]);
  const before = toRecord(row);
  return { before, after: { ...before, name: name ?? before.name, status: status ?? before.status } };
}

const SpaceChange = z.object({
  spaceId: Id,
  name: z.optional(SpaceName),
  status: z.optional(z.enum(["open", "closed"])),
});

function toRecord(row: { id: string; slug: string; name: string; capacity: number; status: string }): SpaceRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    capacity: row.capacity,
    status: row.status === "open" ? "open" : "closed",
  };
}

function seatUntil(at: Date): Date {
  return new Date(at.getTime() + timing.memberTtlSeconds * 1000);
}

/** A live seat shows first (focusing together), then a running session, else idle. */
function toPresence(row: Awaited<ReturnType<typeof repo.findPresence>>[number] | undefined, at: number): Presence {
  if (row?.space_id && row.seat_until && row.seat_until.getTime() > at)
    return { state: "in_space", spaceId: row.space_id };
  if (row?.focus_until && row.focus_until.getTime() > at) {
    return { state: "focusing", endsAt: row.focus_ends_at?.toISOString() ?? null };
  }
  return { state: "idle" };
}
