import * as Friend from "@gogh/core/friend/schema";
import { defineRoutes } from "../spec";

export const friendRoutes = defineRoutes({
  "POST /v1/friends/requests": {
    handler: "friend/send-request",
    auth: "user",
    summary: "Ask someone to be friends by Friend ID; if they asked you already, you are friends.",
    body: Friend.SendRequestBody,
    response: Friend.SendResult,
    status: 201,
    errors: [
      "not_found",
      "cannot_befriend_self",
      "already_friends",
      "too_many_requests_sent",
      "recipient_requests_full",
      "friend_limit_reached",
    ],
    rateLimited: true,
  },
  "GET /v1/friends/requests": {
    handler: "friend/list-requests",
    auth: "user",
    summary: "Pending requests: those others sent you and those you sent.",
    response: Friend.RequestLists,
  },
  "POST /v1/friends/requests/{id}/accept": {
    handler: "friend/accept-request",
    auth: "user",
    summary: "Accept a request someone sent you.",
    path: Friend.RequestPath,
    errors: ["not_found", "friend_limit_reached"],
  },
  "POST /v1/friends/requests/{id}/decline": {
    handler: "friend/decline-request",
    auth: "user",
    summary: "Decline a request someone sent you.",
    path: Friend.RequestPath,
    errors: ["not_found"],
  },
  "POST /v1/friends/requests/{id}/cancel": {
    handler: "friend/cancel-request",
    auth: "user",
    summary: "Take back a request you sent.",
    path: Friend.RequestPath,
    errors: ["not_found"],
  },
  "GET /v1/friends": {
    handler: "friend/list-friends",
    auth: "user",
    summary: "Your friends with their cards and what they are doing now, a page at a time.",
    query: Friend.FriendsQuery,
    response: Friend.FriendsPage,
  },
  "DELETE /v1/friends/{friendId}": {
    handler: "friend/remove-friend",
    auth: "user",
    summary: "End a friendship.",
    path: Friend.PersonPath,
    errors: ["not_found"],
  },
  "POST /v1/blocks/{friendId}": {
    handler: "friend/block",
    auth: "user",
    summary: "Block someone: ends any friendship and hides you from each other.",
    path: Friend.PersonPath,
    errors: ["not_found", "cannot_block_self"],
    rateLimited: true,
  },
  "DELETE /v1/blocks/{friendId}": {
    handler: "friend/unblock",
    auth: "user",
    summary: "Lift a block you made.",
    path: Friend.PersonPath,
    errors: ["not_found"],
    rateLimited: true,
  },
});
