// The people a search benchmark searches, stored exactly as sign-up and PATCH /v1/me store them
// (the Name schema, the search folding, the name suffixes), written straight into MariaDB in
// multi-row INSERTs: minutes for a million people, where a million sign-ups would take hours.
import type { Connection } from "mysql2";
import { populationNames, storedProfile } from "@gogh/core/profile/testing";
import { query } from "@gogh/local/mysql";

export interface Crowd {
  /** People stored so far. */
  size(): number;
  /** Stores the next people of the population until `size` are stored. */
  growTo(size: number): Promise<void>;
  /** Display name and folded name of person `index`, in the order they were stored. */
  person(index: number): { name: string; searchName: string; userId: string };
}

const peoplePerStatement = 2_000;
export const seededAt = "2026-01-01 00:00:00.000";

export function createCrowd(connection: Connection, finalSize: number, seed: number): Crowd {
  const names = populationNames(finalSize, seed);
  const friendIds = new Set<string>();
  const people: { name: string; searchName: string; userId: string }[] = [];
  return {
    size: () => people.length,
    person: (index) => people[index]!,
    async growTo(size) {
      while (people.length < Math.min(size, finalSize)) {
        const batch = names
          .slice(people.length, Math.min(size, people.length + peoplePerStatement))
          .map((name) => storedProfile(name, friendIds));
        await query(
          connection,
          connection.format(
            "INSERT INTO profiles (user_id, friend_id, name, search_name, created_at, updated_at) VALUES ?",
            [
              batch.map((person) => [
                person.userId,
                person.friendId,
                person.name,
                person.searchName,
                seededAt,
                seededAt,
              ]),
            ],
          ),
        );
        const suffixes = batch.flatMap((person) => person.suffixes.map((suffix) => [suffix, person.userId]));
        if (suffixes.length > 0) {
          await query(
            connection,
            connection.format("INSERT INTO profile_search_suffixes (suffix, user_id) VALUES ?", [suffixes]),
          );
        }
        for (const { name, searchName, userId } of batch) people.push({ name, searchName, userId });
      }
    },
  };
}
