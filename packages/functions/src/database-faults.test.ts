import { deadlines, requestBudgetMs } from "@gogh/core/deadline";
import { type DatabaseFault, databaseState, localDatabase } from "@gogh/core/db/testing";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "./example";
import { examples, successStatus } from "./examples";
import { type RouteName, routes } from "./routes";
import { defaults, isRead, type RouteSpec } from "./spec";
import { call, newCaller, testAddress } from "./testing";

const specs: Record<RouteName, RouteSpec> = routes;
const names = Object.keys(specs) as RouteName[];
const writeRoutes = names.filter((name) => !isRead(name));
const settings = { ...deadlines };

let target: Caller;

beforeAll(async () => {
  target = await newCaller();
});

afterEach(async () => {
  await localDatabase.fault("none");
  Object.assign(deadlines, settings);
});

describe("deadlines", () => {
  it.each(names)("%s: every call gives up well inside the route's timeout", (name) => {
    const timeoutMs = (specs[name].timeout ?? defaults.timeout) * 1000;
    const budget = requestBudgetMs(timeoutMs / 1000);
    expect(budget).toBeLessThanOrEqual(timeoutMs - 1000);
    expect(settings.callMs).toBeLessThan(budget);
  });

  it("a hung database answers 503 with Retry-After once the request's time is up, not at the Lambda's timeout", async () => {
    const caller = await newCaller();
    // No per-call cap to speak of: only the request's budget (300 ms of its 10 s) can end the wait.
    deadlines.callMs = 60_000;
    deadlines.marginMs = defaults.timeout * 1000 - 300;
    await localDatabase.fault("hang");
    const before = await localDatabase.stats();
    const response = await call("GET /v1/me", { token: caller.accessToken });
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("2");
    expect(response.body.error).toEqual({
      code: "database_unavailable",
      message: "The database did not answer in time; try again shortly.",
    });
    // The database never answered: the hung call was given up by the route, not ended by the simulator.
    await expect.poll(async () => (await localDatabase.stats()).abandoned).toBe(before.abandoned + 1);
  });
});

/**
 * Fails the route's (k+1)-th database call for k = 0, 1, ... until the route makes no more
 * calls than k: every failure point of the route, in every way the database can fail.
 */
describe.each(writeRoutes)("%s when the database fails", (name) => {
  it.each<DatabaseFault>(["unavailable", "drop-connection", "hang"])(
    "answers 503 with Retry-After at whichever call meets '%s', and writes nothing",
    async (fault) => {
      let slowCalls = 0;
      for (let after = 0; ;) {
        expect(after, "the route kept making calls").toBeLessThan(60);
        // Each attempt from an address of its own: the sign-up limit counts attempts per address.
        const request = {
          sourceIp: testAddress(),
          ...(await examples[name].valid({ ...(await newCaller()), friendId: target.friendId })),
        };
        const before = await databaseState();
        const { faulted, abandoned } = await localDatabase.stats();
        await localDatabase.fault(fault, { after, calls: 1 });
        // A hung call gives up quickly here (in a Lambda after seconds).
        if (fault === "hang") deadlines.callMs = 300;
        const response = await call(name, request);
        deadlines.callMs = settings.callMs;
        const struck = (await localDatabase.stats()).faulted > faulted;
        // A hung call is dropped once its client has gone; cleared before that, it would go on.
        if (struck && fault === "hang") {
          await expect
            .poll(async () => (await localDatabase.stats()).abandoned, { timeout: 5_000 })
            .toBe(abandoned + 1);
        }
        await localDatabase.fault("none");
        const where = `${fault} at call ${after + 1}: ${JSON.stringify(response.body)}`;
        if (response.status === 503) {
          expect(response.headers["retry-after"], where).toBe("2");
          expect(response.body.error.code, where).toBe("database_unavailable");
          expect(await databaseState(), where).toEqual(before);
          if (struck) after++;
          // Not struck: a call before the fault outlived the short deadline on a busy machine; again.
          else expect(++slowCalls, where).toBeLessThan(10);
          continue;
        }
        // The route made `after` calls or fewer: every one of them has failed once. Account
        // deletion's last call is bookkeeping after its commit, which its scheduled pass retries.
        if (!(struck && name === "DELETE /v1/me")) expect(struck, where).toBe(false);
        expect(response.status, where).toBe(successStatus(name));
        expect(after).toBeGreaterThan(0);
        break;
      }
    },
  );
});
