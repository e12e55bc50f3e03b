import { beforeAll, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { measureRowsRead } from "../db/testing";
import { newId } from "../id";
import * as Space from "../space";
import * as repo from "./repo";

// One person's lists among many other people's rows: each list reads about the rows it returns,
// so it costs the same whether the tables hold a thousand rows or a hundred times more.
const person = newId();
const incoming = 150;
const outgoing = 30;
const friends = 100;

async function insertInChunks<T>(insert: (rows: T[]) => Promise<unknown>, rows: T[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 2000) await insert(rows.slice(start, start + 2000));
}

function request(from: string, to: string, at: Date) {
  const [low, high] = from < to ? [from, to] : [to, from];
  return { id: newId(), from_user_id: from, to_user_id: to, pair_low: low, pair_high: high, created_at: at };
}

beforeAll(async () => {
  const at = now();
  // Everyone else's requests, a few per person, in both directions around the person's own.
  const others = Array.from({ length: 10_000 }, () => newId());
  const requests = [
    ...others.map((other, index) => request(other, others[(index + 1) % others.length]!, at)),
    ...others.map((other, index) => request(other, others[(index + 7) % others.length]!, at)),
    ...others.slice(0, incoming).map((other) => request(other, person, at)),
    ...others.slice(incoming, incoming + outgoing).map((other) => request(person, other, at)),
  ];
  await insertInChunks((rows) => db().insertInto("friend_requests").values(rows).execute(), requests);
  // Everyone else's friendships and presence, and the person's friends, each present.
  const friendships = [
    ...others.flatMap((other, index) => [
      { user_id: other, other_id: others[(index + 3) % others.length]!, created_at: at },
      { user_id: others[(index + 3) % others.length]!, other_id: other, created_at: at },
    ]),
    ...others.slice(0, friends).map((other) => ({ user_id: person, other_id: other, created_at: at })),
  ];
  await insertInChunks((rows) => db().insertInto("friendships").values(rows).ignore().execute(), friendships);
  await insertInChunks(
    (rows) => db().insertInto("presence").values(rows).execute(),
    others.map((other) => ({ user_id: other, focus_until: at, focus_ends_at: at, updated_at: at })),
  );
}, 120_000);

it("reads the person's requests, in both directions, and hardly anyone else's", async () => {
  const { result, rowsRead } = await measureRowsRead((tx) =>
    repo.listRequests(tx, person, { incoming: 200, outgoing: 50 }),
  );
  expect(result.filter((row) => row.to_user_id === person)).toHaveLength(incoming);
  expect(result.filter((row) => row.from_user_id === person)).toHaveLength(outgoing);
  // One index entry a request returned, newest first in each direction: nobody else's. An OR of
  // the two directions read every entry twice (182 here against 362).
  expect(rowsRead).toBeLessThanOrEqual(incoming + outgoing + 4);
});

it("reads a friend list with everyone's presence: a friendship and a presence row per friend", async () => {
  const { result, rowsRead } = await measureRowsRead((tx) =>
    repo.listAllFriendsWithPresence(tx, [person], Space.presenceTable(tx)),
  );
  expect(result).toHaveLength(friends);
  expect(result.every((row) => row.presence?.user_id === row.other_id)).toBe(true);
  expect(rowsRead).toBeLessThanOrEqual(2 * friends + 4);
});
