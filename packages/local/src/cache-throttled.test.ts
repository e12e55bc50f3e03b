import * as Cache from "@gogh/core/cache";
import { localMomento } from "@gogh/core/cache/testing";
import { newCaller } from "@gogh/functions/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Gateway, startGateway } from "./gateway";

let gateway: Gateway;

beforeAll(async () => {
  Cache.resetCache();
  gateway = await startGateway();
});

afterAll(async () => {
  await localMomento.restore();
  await gateway.close();
});

it("answers a burst of 1,000 lookups correctly from memory, spending next to nothing of Momento's limit", async () => {
  // Fifty people, so that single-flight cannot fold the burst into a handful of cache reads.
  const people = await Promise.all(Array.from({ length: 50 }, () => newCaller()));
  const nameOf = new Map<string, string>();
  for (const person of people) {
    const response = await fetch(`${gateway.url}/v1/me`, {
      headers: { authorization: `Bearer ${person.accessToken}` },
    });
    nameOf.set(person.friendId, ((await response.json()) as { name: string }).name);
  }
  const token = people[0]!.accessToken;
  await localMomento.resetStats();

  const wrong: string[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < 1_000) {
      const { friendId } = people[sent++ % people.length]!;
      const response = await fetch(`${gateway.url}/v1/users/${friendId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { name: string };
      if (response.status !== 200 || body.name !== nameOf.get(friendId)) wrong.push(`${response.status} ${friendId}`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));

  expect(sent).toBe(1_000);
  expect(wrong).toEqual([]);
  // Cards and blocks come from the Lambda's memory; only shared settings may be read again.
  const stats = await localMomento.stats();
  expect(stats.throttled).toBe(0);
  expect(stats.billedOperations).toBeLessThanOrEqual(4);
});
