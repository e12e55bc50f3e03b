import { now } from "../clock";
import { db } from "../db";
import { newId } from "../id";
import { newFriendId } from "./friend-id";
import { bigrams, foldForSearch } from "./name";
import * as repo from "./repo";

/**
 * Many people at once, stored as sign-up and a rename store them, for tests and benchmarks that
 * need crowds (friend lists of 500): one insert per thousand instead of a sign-up each.
 */
export async function insertPeople(names: string[]): Promise<{ userId: string; friendId: string; name: string }[]> {
  const at = now();
  const people = names.map((name) => ({ userId: newId(), friendId: newFriendId(), name }));
  for (let start = 0; start < people.length; start += 1000) {
    const chunk = people.slice(start, start + 1000);
    await db()
      .insertInto("profiles")
      .values(
        chunk.map((person) => ({
          user_id: person.userId,
          friend_id: person.friendId,
          name: person.name,
          search_name: foldForSearch(person.name),
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    await Promise.all(
      chunk.map((person) => repo.insertSearchGrams(db(), person.userId, bigrams(foldForSearch(person.name)))),
    );
  }
  return people;
}
