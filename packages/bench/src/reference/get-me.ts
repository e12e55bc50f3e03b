// GET /v1/me written by hand: the token, one primary-key read, the answer.
import { cdnUrl, database, type Event, isoTime, Refusal, respond, userIdOf } from "./common";

interface ProfileRow {
  user_id: string;
  friend_id: string;
  name: string;
  bio: string;
  avatar_key: string | null;
  time_zone: string;
  created_at: string;
}

export const handler = (event: Event) =>
  respond(event, async () => {
    const userId = userIdOf(event);
    const { rows } = await database().execute<ProfileRow>(
      "select `user_id`, `friend_id`, `name`, `bio`, `avatar_key`, `search_name`, `time_zone`, `created_at` from `profiles` where `user_id` = ?",
      [userId],
    );
    const row = rows[0];
    if (!row) throw new Refusal(404, "not_found", "profile not found.");
    return {
      body: {
        friendId: row.friend_id,
        name: row.name,
        bio: row.bio,
        avatarUrl: row.avatar_key === null ? null : cdnUrl(row.avatar_key),
        userId: row.user_id,
        timeZone: row.time_zone,
        createdAt: isoTime(row.created_at),
      },
    };
  });
