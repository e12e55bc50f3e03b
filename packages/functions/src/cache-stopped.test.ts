import * as Cache from "@gogh/core/cache";
import { relink } from "@gogh/core/testing";
import { expect, it } from "vitest";
import { examples, successStatus } from "./examples";
import type { RouteName } from "./routes";
import { call, newCaller } from "./testing";

// This file's cache is a stopped server: nothing listens where the link points.
relink("Cache", { httpEndpoint: "http://127.0.0.1:9" });

it.each(Object.keys(examples) as RouteName[])("%s answers correctly with the cache server stopped", async (name) => {
  const caller = await newCaller();
  const response = await call(name, await examples[name].valid(caller));
  expect(response.status, JSON.stringify(response.body)).toBe(successStatus(name));
});

it("really has no cache: what is set cannot be read back", async () => {
  await Cache.set("cache-stopped:probe", 1, 60);
  expect(await Cache.get("cache-stopped:probe")).toBeUndefined();
});
