// Profiles: the display name, bio and time zone people see, the Friend ID they share, and
// name search that works for Japanese and Latin names alike.
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { NotFound } from "../error";
import { fn, parse } from "../fn";
import { Id } from "../id";
import { publicUrl } from "../storage/public";
import { newFriendId } from "./friend-id";
import { defaultName, foldForSearch, searchSuffixes } from "./name";
import * as repo from "./repo";
import { searchRows } from "./search";
import { type Card, FriendIdPath, type Me, SearchQuery, type SearchPage, UpdateMe } from "./schema";

export * from "./schema";

/*
 * Cards are read far more than they change (friend lists, space members, lookups), so every
 * Lambda keeps them in memory (Cache.memo): a warm read costs no query and no Momento
 * operation. A change invalidates the card in its own transaction; other Lambdas see it within
 * the memo's poll interval. A Friend ID never changes owner, so its owner is remembered as long.
 */
const cardTopic = "profile:card";
const cards = Cache.memo<Card>({
  topic: cardTopic,
  ttlSeconds: 600,
  maxEntries: 20_000,
  load: async (userIds) => {
    const rows = await repo.findByUserIds(db(), userIds);
    return new Map(rows.map((row) => [row.user_id, toCard(row)]));
  },
});
const ownerTopic = "profile:friend-id";
const owners = Cache.memo<string>({
  topic: ownerTopic,
  ttlSeconds: 3_600,
  maxEntries: 20_000,
  // Someone trying Friend IDs at random costs one query per ID a minute, not one per try.
  missingSeconds: 60,
  // The owners' cards come in the same query: a lookup of someone new costs one query, not two.
  load: async (friendIds) => {
    const since = cards.version();
    const rows = await repo.findByFriendIds(db(), friendIds);
    for (const row of rows) cards.offer(row.user_id, toCard(row), since);
    return new Map(rows.map((row) => [row.friend_id, row.user_id]));
  },
});

/** Called by account sign-up inside its transaction, so that no account lacks a profile. */
export async function createProfileWithin(tx: Executor, userId: string): Promise<Card> {
  const at = now();
  for (let attempt = 0; ; attempt++) {
    const friendId = newFriendId();
    const name = defaultName(friendId);
    const searchName = foldForSearch(name);
    try {
      await repo.insertProfile(tx, { userId, friendId, name, searchName, at });
    } catch (error) {
      // 32^8 codes make a clash rare; a few retries make it vanishingly so.
      if (isDuplicateKey(error) && attempt < 5) continue;
      throw error;
    }
    await repo.insertSearchSuffixes(tx, [{ userId, suffixes: searchSuffixes(searchName) }]);
    return { friendId, name, bio: "", avatarUrl: null };
  }
}

/**
 * Everyone's time zone as a table for another module's query to join on `zone.user_id` (a focus
 * finish reads the day's zone with its session): one primary-key lookup, no query of its own.
 */
export function timeZoneTable(executor: Executor) {
  return repo.timeZoneRows(executor).as("zone");
}

export const getMe = fn(z.object({ userId: Id }), async ({ userId }): Promise<Me> => {
  const row = await repo.findByUserId(db(), userId);
  if (!row) throw new NotFound("profile", userId);
  return toMe(row);
});

export const updateMe = fn(z.object({ userId: Id, changes: UpdateMe }), async ({ userId, changes }): Promise<Me> => {
  return transaction((tx) => applyChanges(tx, userId, changes));
});

/** Gives back the name every profile starts with, inside the caller's transaction (the console audits it in the same one). */
export async function resetNameWithin(
  tx: Executor,
  userId: string,
): Promise<{ before: string; after: string; me: Me }> {
  const current = await repo.findByUserId(tx, parse(Id, userId), { forUpdate: true });
  if (!current) throw new NotFound("profile", userId);
  const me = await applyChanges(tx, userId, { name: defaultName(current.friend_id) });
  return { before: current.name, after: me.name, me };
}

/**
 * Moderation of a reported person, inside the caller's transaction (the console closes the
 * reports and audits in the same one): the name back to the one every profile starts with, the
 * bio emptied. What they were is returned for the audit row.
 */
export async function hideWithin(
  executor: Executor,
  userId: string,
): Promise<{ before: { name: string; bio: string }; after: { name: string; bio: string } }> {
  const current = await repo.findByUserId(executor, parse(Id, userId), { forUpdate: true });
  if (!current) throw new NotFound("profile", userId);
  const me = await applyChanges(executor, userId, { name: defaultName(current.friend_id), bio: "" });
  return { before: { name: current.name, bio: current.bio }, after: { name: me.name, bio: me.bio } };
}

/** A rename swaps only the name suffixes that changed, inside the transaction that renames. */
async function applyChanges(tx: Executor, userId: string, changes: z.output<typeof UpdateMe>): Promise<Me> {
  const current = await repo.findByUserId(tx, userId, { forUpdate: true });
  if (!current) throw new NotFound("profile", userId);
  const searchName = changes.name === undefined ? current.search_name : foldForSearch(changes.name);
  await repo.updateProfile(tx, userId, { ...changes, searchName, at: now() });
  await Cache.invalidate(tx, cardTopic, [userId]);
  if (searchName !== current.search_name) {
    const before = searchSuffixes(current.search_name);
    const after = searchSuffixes(searchName);
    await repo.deleteSearchSuffixes(tx, userId, without(before, after));
    await repo.insertSearchSuffixes(tx, [{ userId, suffixes: without(after, before) }]);
  }
  return toMe({
    ...current,
    name: changes.name ?? current.name,
    bio: changes.bio ?? current.bio,
    time_zone: changes.timeZone ?? current.time_zone,
  });
}

/**
 * Who has a Friend ID, for what acts on the person and shows no card (requests, blocks, visits):
 * from memory on a warm Lambda, one query on a cold one; a miss is remembered too.
 */
export const ownerOfFriendId = fn(FriendIdPath, async ({ friendId }): Promise<string | undefined> =>
  owners.get(friendId),
);

/** Who has a Friend ID, with their card; from memory on a warm Lambda, and a miss is remembered too. */
export const resolveFriendId = fn(
  FriendIdPath,
  async ({ friendId }): Promise<{ userId: string; card: Card } | undefined> => {
    const userId = await owners.get(friendId);
    const card = userId === undefined ? undefined : await cards.get(userId);
    return userId === undefined || card === undefined ? undefined : { userId, card };
  },
);

/** Cards of many people at once (friend lists, space members): memory, plus one query for the misses. */
export const cardsByUserId = fn(
  z.object({ userIds: z.array(Id).check(z.maxLength(1000)) }),
  async ({ userIds }): Promise<Map<string, Card>> => cards.getMany(userIds),
);

/**
 * Exact and prefix matches (in name order), then partial ones (in the order of the name from the
 * match on); one query per page, whose cost is set by the page. With a `viewerId`, people that
 * viewer blocked or was blocked by are left out inside that query, however many there are (the
 * console searches without one).
 */
export const search = fn(z.extend(SearchQuery, { viewerId: z.optional(Id) }), async (query): Promise<SearchPage> => {
  const { rows, nextCursor } = await searchRows(db(), query);
  return { items: rows.map(toCard), nextCursor };
});

/** The avatar module's commit, in its transaction: the card shows the new avatar document. */
export async function setAvatarKeyWithin(tx: Executor, userId: string, key: string): Promise<void> {
  await repo.setAvatarKey(tx, userId, key, now());
  await Cache.invalidate(tx, cardTopic, [userId]);
}

/**
 * Called by account deletion inside its transaction: the profile and its name's search entries
 * go, and every Lambda forgets the card and whose the Friend ID was (search, lookups, friend
 * lists and space members stop showing the person at once here, within the memo's poll elsewhere).
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  const row = await repo.findByUserId(executor, userId, { forUpdate: true });
  if (!row) return;
  await repo.deleteSearchSuffixes(executor, userId, searchSuffixes(row.search_name));
  await repo.deleteProfile(executor, userId);
  await Cache.invalidate(executor, cardTopic, [userId]);
  await Cache.invalidate(executor, ownerTopic, [row.friend_id]);
}

function without(suffixes: string[], others: string[]): string[] {
  return suffixes.filter((suffix) => !others.includes(suffix));
}

function toMe(row: {
  user_id: string;
  friend_id: string;
  name: string;
  bio: string;
  avatar_key: string | null;
  time_zone: string;
  created_at: Date;
}): Me {
  return { ...toCard(row), userId: row.user_id, timeZone: row.time_zone, createdAt: row.created_at.toISOString() };
}

function toCard(row: { friend_id: string; name: string; bio: string; avatar_key: string | null }): Card {
  return {
    friendId: row.friend_id,
    name: row.name,
    bio: row.bio,
    avatarUrl: row.avatar_key === null ? null : publicUrl(row.avatar_key),
  };
}
