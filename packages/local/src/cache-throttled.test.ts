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
  await localMomento.limit(null);
  await gateway.close();
});

it("answers a burst of 1,000 cached lookups correctly while Momento allows only 100 operations a second", async () => {
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
  await localMomento.limit(100);

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
  // The limit was really reached, and the circuit kept the layer from hammering Momento.
  const stats = await localMomento.stats();
  expect(stats.throttled).toBeGreaterThan(0);
  expect(stats.requests).toBeLessThan(1_000);
});
