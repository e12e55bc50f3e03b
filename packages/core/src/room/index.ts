// Rooms: several per person, each a document of owned furniture on a grid, saved through the
// API and published to S3 as an immutable version that visitors read from the CDN. Who may
// visit is the room's visibility: only its owner, their friends, or anyone not blocked.
import * as z from "zod/mini";
import { now } from "../clock";
import { db, type Executor, transaction } from "../db";
import { checkDocument } from "../document";
import { Version } from "../version";
import { AppError, Conflict, NotFound, PreconditionFailed } from "../error";
import { fn } from "../fn";
import * as Friend from "../friend";
import { Id, newId } from "../id";
import * as Sticker from "../sticker";
import * as Storage from "../storage";
import { started, together } from "../together";
import * as repo from "./repo";
import {
  maxRoomBytes,
  OwnerPath,
  type PublishedRoomDocument,
  type Room,
  type RoomDocument,
  type RoomList,
  SaveRoom,
} from "./schema";

export * from "./schema";

/** Rooms one person may have. */
export const maxRooms = 10;

/**
 * Checks the furniture (owned, one query) and the posters (the owner's published posters, one
 * query when there are any) and returns the document as the CDN will serve it.
 */
async function checkRoom(userId: string, document: RoomDocument): Promise<PublishedRoomDocument> {
  // Paths in the route's body ({ name, visibility, document }), for the errors' details.
  const at = (index: number, field: string) => `body.document.furniture.${index}.${field}`;
  const uses = document.furniture.map((piece, index) => ({
    path: at(index, "itemId"),
    itemId: piece.itemId,
    kind: "furniture" as const,
    posterPath: piece.posterId ? at(index, "posterId") : undefined,
  }));
  await checkDocument({ userId, document, maxBytes: maxRoomBytes, uses });
  const posterIds = document.furniture.flatMap((piece) => (piece.posterId ? [piece.posterId] : []));
  if (posterIds.length === 0) return document;
  const urls = await Sticker.publishedUrls({ userId, stickerIds: posterIds, kind: "poster" });
  if (posterIds.some((id) => !urls.has(id))) {
    throw new AppError(403, "posters_not_available", "Only your own published posters can hang in your room.", {
      details: document.furniture.flatMap((piece, index) =>
        piece.posterId && !urls.has(piece.posterId)
          ? [{ path: at(index, "posterId"), message: `${piece.posterId} is not one of your published posters.` }]
          : [],
      ),
    });
  }
  return {
    ...document,
    furniture: document.furniture.map((piece) =>
      piece.posterId ? { ...piece, posterUrl: urls.get(piece.posterId)! } : piece,
    ),
  };
}

export const create = fn(z.extend(SaveRoom, { userId: Id }), async ({ userId, name, visibility, document }) => {
  const full = () => new Conflict(`You have ${maxRooms} rooms; delete one first.`, "room_limit_reached");
  // Counted before publishing too, so a refused room leaves nothing behind in the common case.
  const [published, rooms] = await together(checkRoom(userId, document), repo.countRooms(db(), userId));
  if (rooms >= maxRooms) throw full();
  const id = newId();
  const stored = Storage.jsonVersion({ prefix: `rooms/${id}`, version: 1, document: published });
  const uploading = started(Storage.publishJson(stored));
  const { key, bytes } = stored;
  const at = now();
  // The commit waits for the object: a room is never listed without its document.
  await transaction(async (tx) => {
    if ((await repo.countRooms(tx, userId, { forUpdate: true })) >= maxRooms) throw full();
    await repo.insertRoom(tx, { id, userId, name, visibility, key, bytes, at });
    await uploading;
  });
  return toRoom({ id, name, visibility, version: 1, document_key: key, updated_at: at });
});

/**
 * Saves a new version over `expectedVersion` (the If-Match). Publish, then commit: the object
 * is written first and only the conditional commit makes it current, so a failed upload leaves
 * the previous version in place, and of two saves from one version exactly one wins.
 */
export const save = fn(
  z.extend(SaveRoom, { userId: Id, roomId: Id, expectedVersion: Version }),
  async ({ userId, roomId, expectedVersion, name, visibility, document }): Promise<Room> => {
    const [published, current] = await together(checkRoom(userId, document), ownRoom(userId, roomId));
    if (current.version !== expectedVersion) throw new PreconditionFailed("room", current.version);
    const version = expectedVersion + 1;
    const stored = Storage.jsonVersion({ prefix: `rooms/${roomId}`, version, document: published });
    await Storage.publishJson(stored);
    const { key, bytes } = stored;
    const at = now();
    const row = { id: roomId, userId, expected: expectedVersion, name, visibility, key, bytes, at };
    if (!(await repo.advanceRoom(db(), row))) {
      const winner = await repo.findRoom(db(), roomId);
      if (!winner) throw new NotFound("room", roomId);
      throw new PreconditionFailed("room", winner.version);
    }
    return toRoom({ id: roomId, name, visibility, version, document_key: key, updated_at: at });
  },
);

export const get = fn(z.object({ userId: Id, roomId: Id }), async ({ userId, roomId }): Promise<Room> => {
  return toRoom(await ownRoom(userId, roomId));
});

export const listMine = fn(z.object({ userId: Id }), async ({ userId }): Promise<RoomList> => {
  return { items: (await repo.listRooms(db(), userId, maxRooms)).map(toRoom) };
});

/** Deletes the room; its published versions stay on S3 unreferenced (the URLs are unguessable). */
export const remove = fn(z.object({ userId: Id, roomId: Id }), async ({ userId, roomId }): Promise<void> => {
  if (!(await repo.deleteRoom(db(), roomId, userId))) throw new NotFound("room", roomId);
});

/** Whose a room is; undefined for no such room (reports name rooms by id). */
export const ownerOf = fn(z.object({ roomId: Id }), async ({ roomId }): Promise<string | undefined> => {
  return (await repo.findRoom(db(), roomId))?.user_id;
});

/**
 * Moderation, inside the caller's transaction (the console closes the room's reports and audits
 * in the same one): the room leaves every visitor's list for good; its owner still sees it.
 */
export async function hideWithin(executor: Executor, roomId: string): Promise<boolean> {
  return repo.hideRoom(executor, roomId, now());
}

/**
 * Called by account deletion inside its transaction: the person's rooms go; every published
 * version of each is what the caller removes from storage once the deletion has committed.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<Storage.StoredContent> {
  const roomIds = await repo.listRoomIds(executor, userId);
  await repo.deleteRoomsOf(executor, userId);
  return { prefixes: roomIds.map((id) => `rooms/${id}/`), keys: [] };
}

/**
 * Someone's rooms as `viewerId` may see them: public ones, friends' ones to friends, all to the
 * owner. Whether the visitor is a friend is decided inside the rooms' query.
 */
export const listVisible = fn(
  z.extend(OwnerPath, { viewerId: Id }),
  async ({ viewerId, friendId }): Promise<RoomList> => {
    const owner = await Friend.relationTo({ viewerId, friendId });
    const visitor = owner.relation === "self" ? undefined : { isFriend: owner.areFriends };
    return { items: (await repo.listRooms(db(), owner.userId, maxRooms, visitor)).map(toRoom) };
  },
);

async function ownRoom(userId: string, roomId: string): Promise<repo.RoomRow> {
  const row = await repo.findRoom(db(), roomId);
  if (!row || row.user_id !== userId) throw new NotFound("room", roomId);
  return row;
}

/** The rooms table's one mapper. */
function toRoom(row: Omit<repo.RoomRow, "user_id">): Room {
  return {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    version: row.version,
    url: Storage.publicUrl(row.document_key),
    updatedAt: row.updated_at.toISOString(),
  };
}
