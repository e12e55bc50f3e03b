import type { RouteName } from "./routes";
import { isRead } from "./spec";

// What a phone waits for is mostly the Lambda's round trips to PlanetScale, each an HTTPS call
// (a transaction's BEGIN and COMMIT are one each). The goal every route is held to, by its
// example's counted queries (routes.test.ts) and in `pnpm bench`.

export const roundTripGoal = { read: 2, write: 6 } as const;

/** The most database round trips the route may make. */
export function roundTripGoalOf(name: RouteName): number {
  return isRead(name) ? roundTripGoal.read : roundTripGoal.write;
}

/**
 * Routes whose example still makes more round trips than the goal, and what costs them: the
 * route tests hold every other route to the goal and each of these above it, so the list cannot
 * go stale in either direction.
 */
export const overRoundTripGoal: Partial<Record<RouteName, string>> = {
  "POST /v1/auth/signup":
    "the account, its profile, its name's search suffixes, the session and its refresh token: five inserts in one transaction",
  "PATCH /v1/me":
    "the profile read for update, then its update, the card's invalidation and the name's search suffixes swapped",
  "POST /v1/friends/requests":
    "the request count and the Friend ID's owner, then the locks, the pair's state with its blocks and the request in a transaction",
  "POST /v1/blocks/{friendId}":
    "the block count and the Friend ID's owner, then locks, the block and its invalidation, and the friendship and request deleted",
  "POST /v1/focus/sessions/{id}/finish":
    "the session with the streak and the time zone (the profile's), then the session's end, presence, day, tag day, streak and the wallet's two in a transaction",
  "DELETE /v1/me":
    "every module's erasure and the memo invalidations in one transaction: rare, and all or nothing by design",
  "POST /v1/auth/identity":
    "the address's count, then the identity, the standing, and a new account with its session and profile when it is the first sign-in",
  "POST /v1/auth/transfer":
    "the code's and the address's counts, then the claim, the standing, the old sessions ended and a new session in a transaction",
};
