import { insertPeople } from "@gogh/core/profile/testing";
import { describe, expect, it } from "vitest";
import { call, type CallResult, newCaller } from "../testing";

function statuses(responses: CallResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const key = response.status >= 400 ? `${response.status} ${response.body.error.code}` : String(response.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe("friend requests at the same moment, through the routes", () => {
  it("15 pairs asking each other at once make 15 friendships and no 5xx", async () => {
    const pairs = await Promise.all(Array.from({ length: 15 }, async () => [await newCaller(), await newCaller()]));
    const responses = await Promise.all(
      pairs.flatMap(([a, b]) => [
        call("POST /v1/friends/requests", { token: a!.accessToken, body: { friendId: b!.friendId } }),
        call("POST /v1/friends/requests", { token: b!.accessToken, body: { friendId: a!.friendId } }),
      ]),
    );
    expect(statuses(responses)).toEqual({ "201": 30 });
    expect(responses.map((response) => response.body.status).sort()).toEqual([
      ...Array<string>(15).fill("accepted"),
      ...Array<string>(15).fill("pending"),
    ]);
    for (const [a, b] of pairs) {
      const friends = await call("GET /v1/friends", { token: a!.accessToken });
      expect(friends.body.items.map((item: { card: { friendId: string } }) => item.card.friendId)).toEqual([
        b!.friendId,
      ]);
    }
  });

  it("a fan-out of 60 at once answers 201 up to the pending cap and 409 beyond it, never 5xx", async () => {
    const sender = await newCaller();
    const others = await insertPeople(Array.from({ length: 60 }, (_, index) => `Fan ${index}`));
    const responses = await Promise.all(
      others.map((other) =>
        call("POST /v1/friends/requests", { token: sender.accessToken, body: { friendId: other.friendId } }),
      ),
    );
    expect(statuses(responses)).toEqual({ "201": 50, "409 too_many_requests_sent": 10 });
    const { body } = await call("GET /v1/friends/requests", { token: sender.accessToken });
    expect(body.outgoing).toHaveLength(50);
  });
});
