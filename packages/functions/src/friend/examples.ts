import * as Account from "@gogh/core/account";
import * as Friend from "@gogh/core/friend";
import * as Profile from "@gogh/core/profile";
import type { Caller, Examples } from "../example";
import type { friendRoutes } from "./routes";

/** Someone else, signed up through the use cases. */
async function anotherPerson(): Promise<{ userId: string; friendId: string }> {
  const { userId } = await Account.signup({});
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

async function ownFriendId(caller: Caller): Promise<string> {
  return (await Profile.getMe({ userId: caller.userId })).friendId;
}

/** A request someone sent to the caller, or the caller sent to someone. */
async function pendingRequest(caller: Caller, direction: "incoming" | "outgoing"): Promise<string> {
  const other = await anotherPerson();
  if (direction === "incoming") await Friend.sendRequest({ userId: other.userId, friendId: await ownFriendId(caller) });
  else await Friend.sendRequest({ userId: caller.userId, friendId: other.friendId });
  const lists = await Friend.listRequests({ userId: caller.userId });
  return lists[direction][0]!.id;
}

async function newFriend(caller: Caller): Promise<string> {
  const other = await anotherPerson();
  await Friend.sendRequest({ userId: caller.userId, friendId: other.friendId });
  await Friend.sendRequest({ userId: other.userId, friendId: await ownFriendId(caller) });
  return other.friendId;
}

const badFriendId = (caller: Caller) => ({ token: caller.accessToken, path: { friendId: "0O1I!" } });

export const friendExamples: Examples<keyof typeof friendRoutes> = {
  "POST /v1/friends/requests": {
    valid: async ({ accessToken }) => ({ token: accessToken, body: { friendId: (await anotherPerson()).friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { friendId: "0O1I", note: "hi" } }),
    // The person's request count, the Friend ID's owner
    // (none once in memory), then BEGIN, both people's locks, the pair's state with their blocks,
    // the request, COMMIT.
    cost: { queries: 7, cacheOps: 0 },
  },
  "GET /v1/friends/requests": {
    valid: async (caller) => {
      await pendingRequest(caller, "incoming");
      return { token: caller.accessToken };
    },
    cost: { queries: 2, cacheOps: 0 },
  },
  "POST /v1/friends/requests/{id}/accept": {
    valid: async (caller) => ({ token: caller.accessToken, path: { id: await pendingRequest(caller, "incoming") } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-a-request" } }),
    // The request, then BEGIN, both people's locks (their friend lists' invalidation), the
    // request's delete, the friendship unless a list is full, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
  "POST /v1/friends/requests/{id}/decline": {
    valid: async (caller) => ({ token: caller.accessToken, path: { id: await pendingRequest(caller, "incoming") } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-a-request" } }),
    cost: { queries: 5, cacheOps: 0 },
  },
  "POST /v1/friends/requests/{id}/cancel": {
    valid: async (caller) => ({ token: caller.accessToken, path: { id: await pendingRequest(caller, "outgoing") } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-a-request" } }),
    cost: { queries: 5, cacheOps: 0 },
  },
  "GET /v1/friends": {
    valid: async (caller) => {
      await newFriend(caller);
      return { token: caller.accessToken, query: { limit: 20 } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, query: { limit: 0 } }),
    // A list not in memory yet: the list with every friend's presence, then the cards not in
    // memory. With the list in memory: the page's presence, and the cards not in memory.
    cost: { queries: 2, cacheOps: 0 },
  },
  "DELETE /v1/friends/{friendId}": {
    valid: async (caller) => ({ token: caller.accessToken, path: { friendId: await newFriend(caller) } }),
    invalid: badFriendId,
    // The Friend ID's owner, then BEGIN, the friendship's two rows, the friend lists' invalidation, COMMIT.
    cost: { queries: 5, cacheOps: 0 },
  },
  "POST /v1/blocks/{friendId}": {
    valid: async (caller) => ({ token: caller.accessToken, path: { friendId: (await anotherPerson()).friendId } }),
    invalid: badFriendId,
    // The person's block count, the Friend
    // ID's owner, then BEGIN, both people's locks, the block, its invalidation, the friendship
    // (and, when there was one, the friend lists' invalidation) and the pair's request, COMMIT.
    cost: { queries: 9, cacheOps: 0 },
  },
  "DELETE /v1/blocks/{friendId}": {
    valid: async (caller) => {
      const { friendId } = await anotherPerson();
      await Friend.block({ userId: caller.userId, friendId });
      return { token: caller.accessToken, path: { friendId } };
    },
    invalid: badFriendId,
    // The block count, the Friend ID's owner, then BEGIN, the block's delete, its invalidation, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
};
