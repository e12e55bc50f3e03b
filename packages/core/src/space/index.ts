// Presence and focus together: whether someone is idle, focusing or sitting in a public space,
// and who sits in each space. Presence and occupancy live only in the cache with short TTLs:
// losing the cache loses who is where (everyone reads as idle, spaces as empty), nothing else.
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, withinTransaction } from "../db";
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
 * Members stay for `memberTtlSeconds` after their last heartbeat; clients beat every
 * `heartbeatSeconds`. Expiry is decided by scores and times from `now()`, so tests move the
 * clock instead of sleeping; the cache TTLs only clean up behind.
 */
export const timing = {
  memberTtlSeconds: 60,
  heartbeatSeconds: 30,
  /** How long a count-up focus session shows without being set again. */
  countUpSeconds: 4 * 60 * 60,
  /** An abandoned member set or the occupancy dictionary disappears after this (refreshed on every write). */
  collectionTtlSeconds: 60 * 60,
};

/*
 * Cache keys:
 * - `space:presence:{userId}`: the person's presence, a plain value with a TTL (HTTP get/set);
 *   `presenceOf` reads any number of them in one batch.
 * - `space:members:{spaceId}`: a sorted set of user ids scored by last heartbeat (ms). Live
 *   members are those scoring within the member TTL; older ones are pruned on join.
 * - `space:occupancy`: one dictionary, field = space id, value = { count, at }: the live count
 *   as of the last change, so that listing every space is one read. A count older than the
 *   member TTL reads as 0 (everyone in it stopped beating).
 * Sorted sets and dictionaries are SDK-only in Momento: the space routes load gRPC on first use.
 *
 * Cost in cache operations: heartbeat 5 (score, put, count, occupancy, presence); join 6
 * (presence, put, prune read, count, occupancy, presence), +1 when it prunes expired members,
 * +3 when it leaves another space first, 5 when refused as full; leave 4 or 5; list 1;
 * members 1 + the cards' batch read (billed per card).
 */
const presenceKey = (userId: string) => `space:presence:${userId}`;
const membersKey = (spaceId: string) => `space:members:${spaceId}`;
const occupancyKey = "space:occupancy";

/** What the presence key holds: the wire shape plus when it stops being true. */
type StoredPresence = Exclude<Presence, { state: "idle" }> & { until: number };
interface Occupancy {
  count: number;
  at: number;
}

const maxSpaces = 100;
const maxMembersRead = 1000;
const MembersAfter = z.tuple([Id]);

/** Everyone's presence in one batch read; missing or expired reads as idle. */
export const presenceOf = fn(
  z.object({ userIds: z.array(Id).check(z.maxLength(500)) }),
  async ({ userIds }): Promise<Map<string, Presence>> => {
    const unique = [...new Set(userIds)];
    const stored = await Cache.getMany<StoredPresence>(unique.map(presenceKey));
    const at = now().getTime();
    return new Map(
      unique.map((userId) => {
        const found = stored.get(presenceKey(userId));
        return [userId, found && found.until > at ? toPresence(found) : { state: "idle" }] as const;
      }),
    );
  },
);

/** Called by focus when a session starts; `endsAt` null for a count-up session. */
export const setFocusing = fn(
  z.object({ userId: Id, endsAt: z.nullable(z.date()) }),
  async ({ userId, endsAt }): Promise<void> => {
    const at = now().getTime();
    const until = endsAt ? endsAt.getTime() : at + timing.countUpSeconds * 1000;
    if (until <= at) return Cache.drop(presenceKey(userId));
    await writePresence(userId, { state: "focusing", endsAt: endsAt?.toISOString() ?? null, until });
  },
);

export const setIdle = fn(z.object({ userId: Id }), async ({ userId }): Promise<void> => {
  await Cache.drop(presenceKey(userId));
});

/** Open spaces with their live counts: one query and one cache read, however many spaces. */
export const listSpaces = fn(z.object({}), async (): Promise<SpaceList> => {
  const [rows, occupancy] = await Promise.all([
    repo.listOpen(db(), maxSpaces),
    Cache.dictionaryGetAll<Occupancy>(occupancyKey),
  ]);
  const cutoff = liveCutoff();
  return {
    items: rows.map((row) => {
      const live = occupancy.get(row.id);
      const count = live && live.at >= cutoff ? Math.min(live.count, row.capacity) : 0;
      return { id: row.id, slug: row.slug, name: row.name, capacity: row.capacity, occupancy: count };
    }),
  };
});

const MemberAction = z.object({ userId: Id, spaceId: Id });

/**
 * Sits down in a space, leaving any other one first. The caller is added, then counted: if
 * that makes too many, the caller is taken out again, so concurrent joins can never overfill
 * a space (at worst both are refused).
 */
export const join = fn(MemberAction, async ({ userId, spaceId }): Promise<Membership> => {
  const space = await repo.findById(db(), spaceId);
  if (!space || space.status !== "open") throw new NotFound("space", spaceId);
  const at = now().getTime();
  const current = await readPresence(userId, at);
  const alreadyHere = current?.state === "in_space" && current.spaceId === spaceId;
  if (current?.state === "in_space" && !alreadyHere) await removeMember(current.spaceId, userId);

  await Cache.sortedSetPut(membersKey(spaceId), userId, at, timing.collectionTtlSeconds);
  await pruneExpired(spaceId);
  const count = (await Cache.sortedSetCount(membersKey(spaceId), liveCutoff())) ?? 0;
  if (count > space.capacity && !alreadyHere) {
    await Cache.sortedSetRemove(membersKey(spaceId), [userId]);
    throw new Conflict(`${space.name} is full; try another space.`, "space_full");
  }
  await recordOccupancy(spaceId, count);
  await writePresence(userId, { state: "in_space", spaceId, until: at + timing.memberTtlSeconds * 1000 });
  return { spaceId, occupancy: count, heartbeatSeconds: timing.heartbeatSeconds };
});

/**
 * Keeps a live member in the space: five cache operations, no query. Someone whose membership
 * expired (or whom the cache forgot) joins again, with join's checks.
 */
export const heartbeat = fn(MemberAction, async ({ userId, spaceId }): Promise<Membership> => {
  const score = await Cache.sortedSetScore(membersKey(spaceId), userId);
  if (typeof score !== "number" || score < liveCutoff()) return join({ userId, spaceId });
  const at = now().getTime();
  await Cache.sortedSetPut(membersKey(spaceId), userId, at, timing.collectionTtlSeconds);
  const count = (await Cache.sortedSetCount(membersKey(spaceId), liveCutoff())) ?? 0;
  await recordOccupancy(spaceId, count);
  await writePresence(userId, { state: "in_space", spaceId, until: at + timing.memberTtlSeconds * 1000 });
  return { spaceId, occupancy: count, heartbeatSeconds: timing.heartbeatSeconds };
});

/** Leaves a space (closed ones too); leaving a space one is not in changes nothing. */
export const leave = fn(MemberAction, async ({ userId, spaceId }): Promise<void> => {
  const space = await repo.findById(db(), spaceId);
  if (!space) throw new NotFound("space", spaceId);
  const current = await readPresence(userId, now().getTime());
  await removeMember(spaceId, userId);
  if (current?.state === "in_space" && current.spaceId === spaceId) await Cache.drop(presenceKey(userId));
});

/** Live members' cards, ordered by user id so that pages stay stable while scores move. */
export const members = fn(
  z.extend(MembersQuery, { spaceId: Id }),
  async ({ spaceId, cursor, limit }): Promise<MemberPage> => {
    const after = cursor === undefined ? undefined : decodeCursor(MembersAfter, cursor)[0];
    const space = await repo.findById(db(), spaceId);
    if (!space || space.status !== "open") throw new NotFound("space", spaceId);
    const live = await Cache.sortedSetRange(membersKey(spaceId), {
      minScore: liveCutoff(),
      limit: Math.min(space.capacity, maxMembersRead),
    });
    const userIds = (live ?? [])
      .map(({ element }) => element)
      .filter((userId) => after === undefined || userId > after)
      .sort();
    const { page, nextCursor } = pageOf(userIds, limit, (userId) => [userId]);
    const cards = page.length > 0 ? await Profile.cardsByUserId({ userIds: page }) : new Map();
    return { items: page.flatMap((userId) => cards.get(userId) ?? []), nextCursor };
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
export async function createWithin(executor: Executor, input: z.input<typeof NewSpace>): Promise<SpaceRecord> {
  const { slug, name, capacity } = parse(NewSpace, input);
  const at = now();
  const id = newId(at.getTime());
  try {
    await withinTransaction(executor, async (tx) => {
      const sortOrder = (await repo.maxSortOrder(tx)) + 1;
      await repo.insertSpace(tx, { id, slug, name, capacity, sortOrder, at });
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict(`A space with the slug ${slug} exists.`, "slug_taken");
    throw error;
  }
  return { id, slug, name, capacity, status: "open" };
}

/** Renames or closes (or reopens) a space; answers the space before and after. */
export async function updateWithin(
  executor: Executor,
  input: { spaceId: string; name?: string; status?: "open" | "closed" },
): Promise<{ before: SpaceRecord; after: SpaceRecord }> {
  const { spaceId, name, status } = parse(SpaceChange, input);
  return withinTransaction(executor, async (tx) => {
    const row = await repo.findByIdForUpdate(tx, spaceId);
    if (!row) throw new NotFound("space", spaceId);
    await repo.updateSpace(tx, spaceId, { name, status });
    const before = toRecord(row);
    return { before, after: { ...before, name: name ?? before.name, status: status ?? before.status } };
  });
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

function liveCutoff(): number {
  return now().getTime() - timing.memberTtlSeconds * 1000;
}

async function readPresence(userId: string, at: number): Promise<StoredPresence | undefined> {
  const stored = await Cache.get<StoredPresence>(presenceKey(userId));
  return stored && stored.until > at ? stored : undefined;
}

async function writePresence(userId: string, presence: StoredPresence): Promise<void> {
  const seconds = Math.ceil((presence.until - now().getTime()) / 1000);
  await Cache.set(presenceKey(userId), presence, seconds);
}

async function removeMember(spaceId: string, userId: string): Promise<void> {
  await Cache.sortedSetRemove(membersKey(spaceId), [userId]);
  const count = await Cache.sortedSetCount(membersKey(spaceId), liveCutoff());
  if (count !== undefined) await recordOccupancy(spaceId, count);
}

async function recordOccupancy(spaceId: string, count: number): Promise<void> {
  const occupancy: Occupancy = { count, at: now().getTime() };
  await Cache.dictionarySet(occupancyKey, spaceId, occupancy, timing.collectionTtlSeconds);
}

/** Momento cannot remove by score: fetch a bounded batch of expired members and remove them. */
async function pruneExpired(spaceId: string): Promise<void> {
  const expired = await Cache.sortedSetRange(membersKey(spaceId), { maxScore: liveCutoff() - 1, limit: 100 });
  await Cache.sortedSetRemove(
    membersKey(spaceId),
    (expired ?? []).map(({ element }) => element),
  );
}

function toPresence(stored: StoredPresence): Presence {
  if (stored.state === "focusing") return { state: "focusing", endsAt: stored.endsAt };
  return { state: "in_space", spaceId: stored.spaceId };
}
