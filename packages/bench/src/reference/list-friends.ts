// GET /v1/friends written by hand: the token and the query checked, the page of friendships with
// their presence, the cards, the answer.
import { cdnUrl, checkId, database, type Event, isoTime, Refusal, respond, userIdOf } from "./common";

interface FriendRow {
  other_id: string;
  created_at: string;
  presence_space_id: string | null;
  presence_seat_until: string | null;
  presence_focus_until: string | null;
  presence_focus_ends_at: string | null;
}

interface CardRow {
  user_id: string;
  friend_id: string;
  name: string;
  bio: string;
  avatar_key: string | null;
}

function limitOf(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new Refusal(400, "validation_failed", "limit must be a whole number from 1 to 100.");
  }
  return limit;
}

function afterOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor.slice(0, 512), "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === 1) return checkId(key[0] as string, "cursor");
  } catch {
    // Answered below.
  }
  throw new Refusal(400, "validation_failed", "Not a cursor this list returned.");
}

function presenceOf(row: FriendRow, now: number) {
  const later = (value: string | null) => value !== null && Date.parse(isoTime(value)) > now;
  if (row.presence_space_id !== null && later(row.presence_seat_until)) {
    return { state: "in_space", spaceId: row.presence_space_id };
  }
  if (later(row.presence_focus_until)) {
    return {
      state: "focusing",
      endsAt: row.presence_focus_ends_at === null ? null : isoTime(row.presence_focus_ends_at),
    };
  }
  return { state: "idle" };
}

export const handler = (event: Event) =>
  respond(event, async () => {
    const userId = userIdOf(event);
    const limit = limitOf(event.queryStringParameters?.limit);
    const after = afterOf(event.queryStringParameters?.cursor);
    const { rows } = await database().execute<FriendRow>(
      `SELECT f.other_id, f.created_at, joined_presence.space_id AS presence_space_id,
          joined_presence.seat_until AS presence_seat_until, joined_presence.focus_until AS presence_focus_until,
          joined_presence.focus_ends_at AS presence_focus_ends_at
        FROM friendships AS f LEFT JOIN presence AS joined_presence ON joined_presence.user_id = f.other_id
       WHERE f.user_id = ? ${after === undefined ? "" : "AND f.other_id > ?"}
       ORDER BY f.other_id LIMIT ?`,
      after === undefined ? [userId, limit + 1] : [userId, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    const cards = new Map<string, CardRow>();
    if (page.length > 0) {
      const found = await database().execute<CardRow>(
        "select `user_id`, `friend_id`, `name`, `bio`, `avatar_key` from `profiles` where `user_id` in (?)",
        [page.map((row) => row.other_id)],
      );
      for (const card of found.rows) cards.set(card.user_id, card);
    }
    const now = Date.now();
    const items = page.flatMap((row) => {
      const card = cards.get(row.other_id);
      if (!card) return [];
      return [
        {
          card: {
            friendId: card.friend_id,
            name: card.name,
            bio: card.bio,
            avatarUrl: card.avatar_key === null ? null : cdnUrl(card.avatar_key),
          },
          presence: presenceOf(row, now),
          since: isoTime(row.created_at),
        },
      ];
    });
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? Buffer.from(JSON.stringify([last.other_id])).toString("base64url") : null;
    return { body: { items, nextCursor } };
  });
