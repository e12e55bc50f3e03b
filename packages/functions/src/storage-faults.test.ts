import { deadlines } from "@gogh/core/deadline";
import { databaseState } from "@gogh/core/db/testing";
import { localS3 } from "@gogh/core/storage/testing";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "./example";
import { examples, successStatus } from "./examples";
import { type RouteName, routes } from "./routes";
import type { RouteSpec } from "./spec";
import { call, newCaller } from "./testing";

const specs: Record<RouteName, RouteSpec> = routes;
// Account deletion commits first and removes the content after, retrying it in its scheduled last
// pass (packages/core/src/deletion/deletion.test.ts fails S3 under it): an outage there is not a 503.
const storageRoutes = (Object.keys(specs) as RouteName[]).filter(
  (name) => specs[name].storage && name !== "DELETE /v1/me",
);
const settings = { ...deadlines };

let target: Caller;

beforeAll(async () => {
  target = await newCaller();
});

afterEach(async () => {
  await localS3.fault("none");
  Object.assign(deadlines, settings);
});

describe.each(storageRoutes)("%s when S3 fails", (name) => {
  it.each(["unavailable", "slow", "drop-connection"] as const)(
    "answers 503 with Retry-After when S3 is '%s', and writes nothing",
    async (fault) => {
      const request = await examples[name].valid({ ...(await newCaller()), friendId: target.friendId });
      const before = await databaseState();
      // "slow" answers after 10 s: past the per-call deadline, which is short here (seconds in a Lambda).
      await localS3.fault(fault);
      if (fault === "slow") deadlines.callMs = 1_000;
      const response = await call(name, request);
      deadlines.callMs = settings.callMs;
      await localS3.fault("none");
      if (response.log.storageOps === 0) {
        // Presigning is computed in the Lambda: no call to S3 to fail.
        expect(response.status).toBe(successStatus(name));
        return;
      }
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.headers["retry-after"]).toBe("2");
      expect(response.body.error.code).toBe("storage_unavailable");
      expect(await databaseState()).toEqual(before);
      // Nothing half done stands in the way of the retry.
      const retried = await call(name, request);
      expect(retried.status, JSON.stringify(retried.body)).toBe(successStatus(name));
    },
  );
});
